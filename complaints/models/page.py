"""The complaint page: /id/pengaduan/ = /en/complaints/, with its sub-pages as routes."""

from django.conf import settings
from django.utils.cache import patch_cache_control
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, re_path
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from cms.blocks import RICH_TEXT_FEATURES
from cms.models import BasePage

from ..paths import pattern, segment

ROUTE_VIEWS = "complaints.page_routes.view_for"


def _route(regex, name):
    """A route of the page whose view page_routes names; the page is passed to it as its host."""

    @re_path(regex, name=name)
    def route(self, request, *args, **kwargs):
        return import_string(ROUTE_VIEWS)(name)(request, self, *args, **kwargs)

    route.__name__ = f"{name}_route"
    return route


class ComplaintFormPage(RoutablePageMixin, BasePage):
    """/id/pengaduan/ = /en/complaints/: editors write the introduction; the form follows it.

    Its sub-pages (tracking, verification, survey, personal data) are routes of this page, so
    they share its translated slug: /id/pengaduan/lacak/ = /en/complaints/track/.
    """

    intro = RichTextField(_("introduction"), blank=True, features=RICH_TEXT_FEATURES)
    privacy_notice = RichTextField(
        _("privacy notice"), blank=True, features=RICH_TEXT_FEATURES,
        help_text=_("Shown beside the consent box. Leave empty to use the standard notice."),
    )

    translated_content_fields = ("intro",)
    show_in_search_results = True
    max_count = 1
    subpage_types = []
    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("privacy_notice")]
    search_fields = BasePage.search_fields + [index.SearchField("intro")]

    class Meta:
        verbose_name = _("complaint page")

    def serve(self, request, *args, **kwargs):
        # Forms, codes and statuses: nothing here may be kept by the page cache or a proxy.
        response = super().serve(request, *args, **kwargs)
        # Except the public figures, which hold nothing personal and may be cached (cms.pagecache.cache).
        if not getattr(response, "public_page", False):
            patch_cache_control(response, private=True, no_store=True)
        return response

    def sub_url(self, name, *parts, request=None):
        """URL of a sub-page in the current language, e.g. sub_url("track", code)."""
        return self.get_url(request=request) + "/".join([segment(name), *parts]) + "/"

    # Sub-pages that are pages of their own in each language (canonical, hreflang, the language switcher):
    # the rest of the path (a tracking code) is kept. Token links (verify, survey, personal data) and
    # files are not offered in another language: their address is a secret, not a page.
    TRANSLATED_SUB_PAGES = ("track", "submitted", "statistics")
    SITEMAP_SUB_PAGES = ("statistics",)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # A sub-page (tracking, statistics) shows none of the editors' text: it exists in every language.
        if request.path != self.get_url(request=request):
            context["translation_missing"] = False
        return context

    def sub_path_in(self, sub_path, language):
        """`sub_path` (after the page's own URL, e.g. "lacak/AB12CD34EF/") in `language`, or None."""
        first, _sep, rest = sub_path.partition("/")
        for name in self.TRANSLATED_SUB_PAGES:
            if first in {segment(name, code) for code, _label in settings.LANGUAGES}:
                return f"{segment(name, language)}/{rest}"
        return None

    def get_sitemap_urls(self, request=None):
        entries = super().get_sitemap_urls(request)
        codes = [code for code, _label in settings.LANGUAGES]  # the sub-pages' text is the site's own
        for name in self.SITEMAP_SUB_PAGES:
            entries += self.sitemap_entries(request, codes, lambda code, name=name: f"{segment(name, code)}/")
        return entries

    # Routes: the views are in complaints.page_routes, looked up when a request comes (they import
    # these models, so the page must not import them).
    form_route = _route(r"^$", "form")
    submitted_route = _route(rf"^{pattern('submitted')}/(?P<code>[A-Za-z0-9]{{6,16}})/$", "submitted")
    track_route = _route(rf"^{pattern('track')}/$", "track")
    track_detail_route = _route(rf"^{pattern('track')}/(?P<code>[A-Za-z0-9-]{{1,30}})/$", "track_detail")
    verify_route = _route(rf"^{pattern('verify')}/(?P<token>[\w-]{{20,100}})/$", "verify")
    survey_route = _route(rf"^{pattern('survey')}/(?P<token>[\w-]{{20,100}})/$", "survey")
    data_route = _route(rf"^{pattern('data')}/(?P<token>[\w-]{{20,100}})/$", "data")
    photo_route = _route(rf"^{pattern('photo')}/(?P<public_id>[0-9a-f-]{{36}})/$", "photo")
    upload_route = _route(rf"^{pattern('upload')}/(?P<token>[\w-]{{20,64}})/$", "upload")
    statistics_route = _route(rf"^{pattern('statistics')}/$", "statistics")
    similar_route = _route(rf"^{pattern('similar')}/$", "similar")
    supporter_route = _route(rf"^{pattern('supporter')}/(?P<token>[0-9a-f]{{64}})/$", "supporter")
