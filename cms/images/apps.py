from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImagesConfig(AppConfig):
    name = "cms.images"
    label = "images"
    verbose_name = _("Images")
    default_auto_field = "django.db.models.AutoField"

    def ready(self):
        # Listed after wagtail.images and wagtail.documents in INSTALLED_APPS, so these policies
        # replace the ones those apps registered.
        from wagtail.documents import get_document_model, get_document_model_string
        from wagtail.images import get_image_model
        from wagtail.permissions import register_permission_policy

        from .policies import SeparateDeletePermissionPolicy

        register_permission_policy(get_image_model(), SeparateDeletePermissionPolicy(
            get_image_model(), auth_model="wagtailimages.Image", owner_field_name="uploaded_by_user"))
        register_permission_policy(get_document_model(), SeparateDeletePermissionPolicy(
            get_document_model_string(), auth_model="wagtaildocs.Document", owner_field_name="uploaded_by_user"))
