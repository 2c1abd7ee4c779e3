from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReviewConfig(AppConfig):
    name = "cms.review"
    label = "cms_review"
    verbose_name = _("Page review")

    def ready(self):
        from . import notifications

        notifications.connect()
