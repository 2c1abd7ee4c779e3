from django.contrib import messages
from django.templatetags.static import static
from django.urls import include, path
from django.utils.html import format_html
from wagtail import hooks
from wagtail.snippets.models import register_snippet

from . import two_factor
from .unit_admin import OrganisationUnitViewSet

# Units as a snippet, with a chooser editors can search and filter (every FK to a unit uses it).
register_snippet(OrganisationUnitViewSet)


@hooks.register("register_admin_urls")
def register_two_factor_urls():
    urls = [path("setup/", two_factor.setup, name="setup"), path("verify/", two_factor.verify, name="verify")]
    return [path("2fa/", include((urls, "cms_2fa"), namespace="cms_2fa"))]


@hooks.register("insert_global_admin_css")
def editor_css():
    return format_html('<link rel="stylesheet" href="{}">', static("css/admin-editor.css"))


@hooks.register("after_create_page")
@hooks.register("after_edit_page")
def tell_about_renamed_slug(request, page):
    for message in getattr(page, "renamed_slug_messages", ()):
        messages.warning(request, message)


from .machine_translation import admin as _machine_translation_admin  # noqa: E402,F401  (its hooks)
