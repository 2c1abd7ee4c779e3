import re

from django.conf import settings
from django.core.paginator import Paginator
from django.http import HttpResponseNotFound, HttpResponseServerError
from django.template import loader
from django.template.response import TemplateResponse
from django.utils import translation
from django.utils.html import strip_tags
from modeltranslation.utils import build_localized_fieldname
from wagtail.models import Page

from cms import outage

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
    candidates = Page.objects.live().public().specific().search(query, operator="or")[:MAX_CANDIDATES]
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


def page_not_found(request, exception=None):
    template = loader.get_template("404.html")
    return HttpResponseNotFound(template.render({"request_path": request.path}, request))


def server_error(request):
    if outage.current_outage():  # the database is unreachable: 503, try again later
        return outage.outage_response(request)
    # No context processors that touch the database: the database may be why we are here.
    template = loader.get_template("500.html")
    return HttpResponseServerError(template.render({"LANGUAGE_CODE": translation.get_language()}))
