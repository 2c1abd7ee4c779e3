from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MachineTranslationConfig(AppConfig):
    name = "cms.machine_translation"
    label = "machine_translation"
    verbose_name = _("Machine translation")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from wagtail.signals import page_published

        from .tasks import on_page_published

        # Listed after cms.pagecache, so this runs after the purge: record the page's English state
        # and queue the machine for what is missing.
        page_published.connect(on_page_published, dispatch_uid="cms_machine_translation")

        from django.db.models.signals import post_delete, post_save

        from .glossary import forget_explained
        from .models import GlossaryTerm

        post_save.connect(forget_explained, sender=GlossaryTerm, dispatch_uid="glossary_explained_saved")
        post_delete.connect(forget_explained, sender=GlossaryTerm, dispatch_uid="glossary_explained_deleted")
