from django.contrib import messages
from django.templatetags.static import static
from django.utils.html import format_html
from wagtail import hooks
from wagtail.snippets.models import register_snippet

from .unit_admin import OrganisationUnitViewSet

# Units as a snippet, with a chooser editors can search and filter (every FK to a unit uses it).
register_snippet(OrganisationUnitViewSet)


@hooks.register("insert_global_admin_css")
def editor_css():
    return format_html('<link rel="stylesheet" href="{}">', static("css/admin-editor.css"))


@hooks.register("insert_editor_js")
def submit_after_autosave_js():
    return format_html('<script src="{}" defer></script>', static("js/admin-submit-after-autosave.js"))


@hooks.register("after_create_page")
@hooks.register("after_edit_page")
def tell_about_renamed_slug(request, page):
    for message in getattr(page, "renamed_slug_messages", ()):
        messages.warning(request, message)

