from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils import translation

from cms.models import public_live
from cms.pagecache.cache import generation

register = template.Library()


@register.simple_tag(takes_context=True)
def language_alternates(context):
    """The same page in each language: [{code, name, url, absolute_url, current, default}].

    Wagtail pages have translated slugs, so their URL is asked of the page itself;
    other views (search, tracking) have translated URL patterns that Django maps.
    """
    request = context.get("request")
    page = context.get("page")
    current = translation.get_language()
    is_page = page is not None and hasattr(page, "localized_url") and getattr(page, "pk", None)
    # A filtered listing (?kind=museum, ?period=past) keeps its filters in the other language; a
    # sub-route of a page (a tracking code) does not, it has its own URL pattern.
    query = request.META.get("QUERY_STRING", "") if request is not None else ""
    keep_query = bool(query and is_page and request.path == page.localized_url(current, request=request))
    # A sub-page of a routable page (/en/complaints/track/<code>/) is its own page in each language:
    # the page translates the rest of the path (sub_path_in), else the alternates are the page itself.
    sub_path = None
    if is_page and request is not None and not keep_query:
        base = page.localized_url(current, request=request)
        if base and request.path != base and request.path.startswith(base) and hasattr(page, "sub_path_in"):
            sub_path = request.path[len(base):]
    # A 404 names the nearest page that exists (or the home page) in each language, never another 404.
    fallback = context.get("nearest_page") if not is_page else None
    alternates = []
    for code, _label in settings.LANGUAGES:
        url = None
        switch_url = None
        if is_page:
            url = page.localized_url(code, request=request)
            if keep_query and url:
                switch_url = f"{url}?{query}"
            elif sub_path and url:
                translated = page.sub_path_in(sub_path, code)
                if translated is not None:
                    url += translated
        elif context.get("is_not_found"):
            url = fallback.localized_url(code, request=request) if fallback is not None else None
        elif request is not None:
            url = translate_url(request.get_full_path(), code)
            if url == request.get_full_path() and code != current:
                url = f"/{code}/"
        if not url:
            url = f"/{code}/"
        alternates.append(
            {
                "code": code,
                # The language's own name ("English", "Bahasa Indonesia"), read under lang="<code>".
                "name": translation.get_language_info(code)["name_local"],
                "url": url,
                "switch_url": switch_url or url,
                "absolute_url": request.build_absolute_uri(url) if request else url,
                "current": code == current,
                # A page without its own text in a language is not offered to search engines in it.
                "indexable": not (is_page and sub_path is None and hasattr(page, "has_own_text"))
                or page.has_own_text(code),
                "default": code == settings.LANGUAGE_CODE,  # hreflang x-default
            }
        )
    return alternates


@register.simple_tag(takes_context=True)
def main_menu(context):
    """The site root's children marked "show in menus", in the current language.

    The same on every page, so it is kept in the cache until the next publish.
    """
    from django.core.cache import caches
    from wagtail.models import Site

    cache = caches["local"]  # keyed on the generation stamp: each process may keep its own copy
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    if site is None:
        return []
    key = f"menu:{generation()}:{site.pk}:{translation.get_language()}"
    entries = cache.get(key)
    if entries is None:
        entries = [
            {"title": child.title, "url": child.get_url(request=request), "path": child.path}
            for child in public_live(site.root_page.get_children(), request).in_menu()
        ]
        cache.set(key, entries, 3600)
    current_path = getattr(context.get("page"), "path", "")
    return [dict(entry, active=bool(current_path) and current_path.startswith(entry["path"])) for entry in entries]


@register.filter
def idr(value):
    """A price in rupiah in the page's language: Rp 10.000 (id) or IDR 10,000 (en)."""
    if value in (None, ""):
        return ""
    amount = int(value)
    if translation.get_language() == "en":
        return f"IDR {amount:,}"
    return "Rp " + f"{amount:,}".replace(",", ".")


def _script(data):
    import json

    from django.utils.safestring import mark_safe

    text = json.dumps(data, ensure_ascii=False, default=str)
    # Nothing in the data can close the script element or start markup.
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return mark_safe(f'<script type="application/ld+json">{text}</script>')


@register.simple_tag(takes_context=True)
def jsonld(context, data):
    return _script(data) if data else ""


@register.simple_tag(takes_context=True)
def breadcrumb_jsonld(context):
    """schema.org BreadcrumbList for the current page, in the page's language."""
    page, request = context.get("page"), context.get("request")
    if page is None or not hasattr(page, "breadcrumb_ancestors") or request is None:
        return ""
    trail = [*page.breadcrumb_ancestors, page] if page.depth > 2 else [page]  # the home page needs no query
    items = [{"@type": "ListItem", "position": i, "name": p.title,
              "item": request.build_absolute_uri(p.get_url(request=request))} for i, p in enumerate(trail, start=1)]
    return _script({"@context": "https://schema.org", "@type": "BreadcrumbList", "itemListElement": items})


def shows_fallback(obj, field=None):
    """True when `obj` shows the Indonesian fallback in the active language: for `field`, or (no field)
    for the page as a whole (its own has_own_text, else its title)."""
    from modeltranslation.utils import build_localized_fieldname

    lang = translation.get_language()
    field = field or None
    if obj is None or lang == settings.MODELTRANSLATION_DEFAULT_LANGUAGE:
        return False
    if field is None:
        if hasattr(obj, "has_own_text"):
            return not obj.has_own_text(lang)
        field = "title"
    name = build_localized_fieldname(field, lang)
    if not hasattr(obj, name):
        return False  # not a translated field: it is the same text in every language
    value = getattr(obj, name)
    return value is None or value == "" or (hasattr(value, "__len__") and len(value) == 0)


@register.simple_tag
def fallback_lang(obj, field=None):
    """` lang="id"` for an element showing `obj.field` when the field has no text in the page's language,
    so that screen readers read the Indonesian fallback as Indonesian: <h1{% fallback_lang page "title" %}>."""
    from django.utils.html import format_html

    if shows_fallback(obj, field):
        return format_html(' lang="{}"', settings.MODELTRANSLATION_DEFAULT_LANGUAGE)
    return ""


@register.simple_tag
def in_original_language(obj):
    """" (in Indonesian)" after a listed page's title when it has no text of its own in the page's language."""
    from django.utils.html import format_html
    from django.utils.translation import gettext

    if not shows_fallback(obj):
        return ""
    name = translation.get_language_info(settings.MODELTRANSLATION_DEFAULT_LANGUAGE)["name_translated"]
    return format_html(' <span class="in-language">{}</span>', gettext("(in %(language)s)") % {"language": name})
