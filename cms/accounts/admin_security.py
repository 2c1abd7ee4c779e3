"""Guard wagtail-modeltranslation's StreamField copy endpoint.

The package registers it CSRF-exempt and without a page-permission check; we serve the
same URL first, with CSRF protection and an edit-permission check, then delegate.
"""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.http import require_POST
from wagtail.admin.auth import require_admin_access
from wagtail.models import Page
from wagtail_modeltranslation.wagtail_hooks import return_translation_target_field_rendered_html

_package_view = getattr(
    return_translation_target_field_rendered_html, "__wrapped__", return_translation_target_field_rendered_html
)


@require_admin_access
@require_POST
@csrf_protect
def copy_translation_content(request, page_id):
    page = get_object_or_404(Page, pk=page_id)
    if not page.permissions_for_user(request.user).can_edit():
        raise PermissionDenied
    return _package_view(request, page_id)
