from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CmsConfig(AppConfig):
    name = "cms"
    verbose_name = _("Portal core")

    def ready(self):
        from . import cache, routing, signals  # noqa: F401  (connect purge and signal handlers)

        routing.install()
