from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class ComplaintsConfig(AppConfig):
    name = "complaints"
    verbose_name = _("Complaints")

    def ready(self):
        from .access import ensure_groups  # it imports the models: only once the app registry is ready

        post_migrate.connect(ensure_groups, sender=self, dispatch_uid="complaints_ensure_groups")
