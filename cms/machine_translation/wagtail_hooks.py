"""Wagtail admin: glossary snippet, English report, review view, "Translate to English" action."""

from django.urls import include, path, reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.pages.bulk_actions.page_bulk_action import PageBulkAction
from wagtail.admin.widgets.button import Button
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from . import pages, service, views
from .models import GlossaryTerm
from .tasks import translate_later


class GlossaryViewSet(SnippetViewSet):
    model = GlossaryTerm
    icon = "openquote"
    list_display = ["term", "translation", "note"]
    search_fields = ["term", "translation"]
    ordering = ["term"]
    # The addresses and URL names the glossary had while its model was in the cms app.
    url_prefix = "snippets/cms/glossaryterm"
    url_namespace = "wagtailsnippets_cms_glossaryterm"
    chooser_base_url_path = "snippets/choose/cms/glossaryterm"
    chooser_admin_url_namespace = "wagtailsnippetchoosers_cms_glossaryterm"


register_snippet(GlossaryViewSet)


@hooks.register("register_admin_urls")
def register_translation_urls():
    urls = [path("", views.report, name="report"), path("<int:page_id>/review/", views.review, name="review")]
    return [path("english/", include((urls, "cms_translation"), namespace="cms_translation"))]


class ReviewerMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(views.REVIEW_PERMISSION)


@hooks.register("register_reports_menu_item")
def register_translation_report():
    return ReviewerMenuItem(_("English translations"), reverse("cms_translation:report"), name="english-translations",
                            icon_name="doc-full", order=1300)


@hooks.register("register_log_actions")
def register_translation_log_actions(actions):
    actions.register_action("cms.machine_translation", _("Machine translation"), _("English filled in by machine"))
    actions.register_action("cms.english_reviewed", _("English reviewed"), _("English marked as reviewed"))


def can_translate(user, page):
    return user.has_perm(views.REVIEW_PERMISSION) or page.permissions_for_user(user).can_publish()


class TranslateBulkAction(PageBulkAction):
    display_name = _("Translate to English")
    action_type = "translate_english"
    aria_label = _("Translate the selected pages to English")
    template_name = "cms/machine_translation/confirm_bulk_translate.html"
    action_priority = 80

    def check_perm(self, page):
        return can_translate(self.request.user, page)

    def get_execution_context(self):
        return {**super().get_execution_context(), "permission_checker": self.check_perm,
                "include_descendants": self.cleaned_form.cleaned_data["include_descendants"]}

    def object_context(self, obj):
        return {**super().object_context(obj), "waiting": pages.waiting(obj)}

    @classmethod
    def execute_action(cls, objects, include_descendants=False, user=None, permission_checker=None, **kwargs):
        selected = list(objects)
        if include_descendants:
            for page in objects:
                for child in page.get_descendants().live().specific():
                    if permission_checker is None or permission_checker(child):
                        selected.append(child)
        selected = list({page.pk: page for page in selected}.values())
        # The machine works on published pages without a newer draft (pages.translate_page): queue
        # only those; the others are translated when their draft is published.
        now = [page.pk for page in selected if not pages.waiting(page)]
        if service.is_enabled():
            translate_later(now)
        # Wagtail passes these two numbers to get_success_message: here, queued and waiting pages.
        return len(now), len(selected) - len(now)

    def get_success_message(self, num_parent_objects, num_child_objects):
        if not service.is_enabled():
            return str(service.MESSAGES["disabled"])
        parts = []
        if num_parent_objects or not num_child_objects:
            parts.append(ngettext(
                "%(count)d page queued for machine translation into English. English written by a person is kept.",
                "%(count)d pages queued for machine translation into English. English written by a person is kept.",
                num_parent_objects) % {"count": num_parent_objects})
        if num_child_objects:
            parts.append(ngettext(
                "%(count)d page was not translated: it has unpublished changes, is in review or is not published "
                "yet. The machine does not publish over a draft; it fills in the English when the page is published.",
                "%(count)d pages were not translated: they have unpublished changes, are in review or are not "
                "published yet. The machine does not publish over a draft; it fills in the English when each page "
                "is published.",
                num_child_objects) % {"count": num_child_objects})
        return " ".join(parts)


hooks.register("register_bulk_action", TranslateBulkAction)


@hooks.register("register_page_header_buttons")
def translation_header_buttons(page, user, view_name, next_url=None):
    if page.depth <= 1:
        return
    if can_translate(user, page):
        query = {"id": page.pk}
        if next_url:
            query["next"] = next_url
        url = reverse("wagtail_bulk_action", args=("wagtailcore", "page", TranslateBulkAction.action_type))
        yield Button(_("Translate to English"), url=f"{url}?{urlencode(query)}", icon_name="doc-full", priority=62)
    if user.has_perm(views.REVIEW_PERMISSION):
        yield Button(_("Review English"), url=reverse("cms_translation:review", args=[page.pk]), icon_name="tick",
                     priority=63)
