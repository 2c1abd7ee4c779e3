import re

from django.conf import settings
from django.core.paginator import Paginator
from django.db import DatabaseError
from django.http import HttpResponseNotFound, HttpResponseServerError
from django.template import loader
from django.template.response import TemplateResponse
from django.utils import translation
from django.utils.html import strip_tags
from modeltranslation.utils import build_localized_fieldname
from wagtail.models import Page

from cms import outage

from .models import UnitPage

MAX_QUERY_LENGTH = 200
MAX_CANDIDATES = 200
PER_PAGE = 10


def _text_in_language(page, lang):
    """The searchable text a visitor in `lang` reads on this page (with the Indonesian fallback)."""
    parts = []
    fields = ("title", "search_description") + tuple(getattr(page, "translated_content_fields", ()))
    for field in fields:
        value = getattr(page, build_localized_fieldname(field, lang), None)
        if value in (None, "") or (hasattr(value, "__len__") and len(value) == 0):
            value = getattr(page, build_localized_fieldname(field, settings.LANGUAGE_CODE), None)
        if value:
            parts.append(strip_tags(str(value)))
    return " ".join(parts).lower()


def search_pages(query, lang):
    """Pages matching `query` by their text in `lang`, best first.

    The search index holds both languages of every field, so a match in the other
    language alone is dropped here: an English visitor searching "garbage" should not
    get a page whose only hit is an Indonesian word.
    """
    terms = [t for t in re.findall(r"\w+", query.lower()) if len(t) > 1]
    if not terms:
        return []
    candidates = list(Page.objects.live().public().specific().search(query, operator="or")[:MAX_CANDIDATES])
    # Unit pages ask their unit whether they are thin (UnitPage.show_in_search_results): one query for all.
    from cms.models import OrganisationUnit

    units = OrganisationUnit.objects.in_bulk({p.unit_id for p in candidates if isinstance(p, UnitPage)})
    for page in candidates:
        if isinstance(page, UnitPage) and page.unit_id in units:
            page.unit = units[page.unit_id]
    results = []
    for page in candidates:
        if not getattr(page, "show_in_search_results", True):
            continue
        text = _text_in_language(page, lang)
        if any(term in text for term in terms):
            results.append(page)
    return results


def search(request):
    query = request.GET.get("q", "").strip()[:MAX_QUERY_LENGTH]
    lang = translation.get_language()
    results = search_pages(query, lang) if query else []
    page_obj = Paginator(results, PER_PAGE).get_page(request.GET.get("page"))
    return TemplateResponse(
        request, "search/search.html", {"query": query, "results": page_obj, "result_count": len(results)}
    )


def nearest_page(request):
    """The deepest live public page whose address (in the current language) starts the requested one,
    else the site's home page: where a 404's language switcher and hreflang lead, in every language."""
    from wagtail.models import Site

    from cms.models import public_live

    site = Site.find_for_request(request)
    if site is None:
        return None
    lang = translation.get_language()
    parts = [p for p in request.path.split("/") if p]
    if parts and parts[0] in dict(settings.LANGUAGES):
        parts = parts[1:]
    root_path = site.root_page.url_path  # in the active language, like the pages' url_path below
    candidates = [root_path + "".join(f"{p}/" for p in parts[:n]) for n in range(len(parts), 0, -1)]
    field = build_localized_fieldname("url_path", lang)
    found = (public_live(Page.objects.filter(**{f"{field}__in": candidates}), request)
             .order_by("-depth").first()) if candidates else None
    return (found or site.root_page).specific


def page_not_found(request, exception=None):
    template = loader.get_template("404.html")
    context = {"request_path": request.path, "is_not_found": True}
    try:
        context["nearest_page"] = nearest_page(request)
    except DatabaseError:  # a broken database must not turn a 404 into a 500
        context["nearest_page"] = None
    return HttpResponseNotFound(template.render(context, request))


def server_error(request):
    if outage.current_outage():  # the database is unreachable: 503, try again later
        return outage.outage_response(request)
    # No context processors that touch the database: the database may be why we are here.
    template = loader.get_template("500.html")
    return HttpResponseServerError(template.render({"LANGUAGE_CODE": translation.get_language()}))
