from django.apps import AppConfig
from django.conf import settings
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class ComplaintsConfig(AppConfig):
    name = "complaints"
    verbose_name = _("Complaints")

    def ready(self):
        from .access import ensure_groups  # it imports the models: only once the app registry is ready

        post_migrate.connect(ensure_groups, sender=self, dispatch_uid="complaints_ensure_groups")
        self.keep_secrets_out_of_logs()

    @staticmethod
    def keep_secrets_out_of_logs():
        """Tracking codes, e-mailed links' tokens and Open311 ids follow these segments in paths: logs redact them."""
        from cms.observability import register_secret_segments

        from .paths import segment

        secret = ["submitted", "track", "verify", "survey", "data", "photo", "upload", "supporter"]
        register_secret_segments(*(segment(name, code) for name in secret for code, _label in settings.LANGUAGES))
        register_secret_segments("requests")  # Open311: requests/<tracking code>.json
