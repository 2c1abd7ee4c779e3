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
    alternates = []
    for code, name in settings.LANGUAGES:
        url = None
        switch_url = None
        if is_page:
            url = page.localized_url(code, request=request)
            if keep_query and url:
                switch_url = f"{url}?{query}"
        elif request is not None:
            url = translate_url(request.get_full_path(), code)
            if url == request.get_full_path() and code != current:
                url = f"/{code}/"
        if not url:
            url = f"/{code}/"
        alternates.append(
            {
                "code": code,
                "name": name,
                "url": url,
                "switch_url": switch_url or url,
                "absolute_url": request.build_absolute_uri(url) if request else url,
                "current": code == current,
                "default": code == settings.LANGUAGE_CODE,  # hreflang x-default
            }
        )
    return alternates


@register.simple_tag(takes_context=True)
def main_menu(context):
    """The site root's children marked "show in menus", in the current language.

    The same on every page, so it is kept in the cache until the next publish.
    """
    from django.core.cache import cache
    from wagtail.models import Site


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
