"""Cache of anonymous page views, per URL (so per language), purged on any publish.

wagtail-cache does the same but pins Wagtail below 8, so this is a small equivalent.
A publish bumps a generation stamp kept in the shared cache: every worker then misses
and renders afresh, and stale entries expire on their own.

The key holds only the query parameters a view declares (a page type's `cache_query_params`,
e.g. a listing's filters, name -> the regex its values match). Anything else in the query
string (tracking tags, junk) is looked up as the page without it and never stored, so a
sender cannot fill the cache with made-up query strings; a declared parameter with a value
outside its pattern is not cached at all. A session cookie alone does not bypass the cache:
only a logged-in user (or a visitor with messages waiting) does.
"""

import functools
import hashlib
import re
import time
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.messages import get_messages
from django.core.cache import cache
from django.http import HttpResponse
from django.utils.cache import patch_vary_headers
from wagtail.models import get_page_models

GENERATION_KEY = "pagecache:generation"
HEADER = "X-Page-Cache"
# A listing's ?page=: a page number, up to the 999th page.
PAGE_NUMBER = r"[1-9][0-9]{0,2}"


def generation(name="pages"):
    """The current stamp of a family of cached things: pages, sites, view restrictions."""
    key = f"{GENERATION_KEY}:{name}"
    value = cache.get(key)
    if value is None:
        value = time.time_ns()
        cache.set(key, value, None)
    return value


def purge(**kwargs):
    """Invalidate every cached page (a publish can change listings on other pages)."""
    cache.set(f"{GENERATION_KEY}:pages", time.time_ns(), None)


def purge_sites(**kwargs):
    cache.set(f"{GENERATION_KEY}:sites", time.time_ns(), None)
    purge()


def purge_restrictions(**kwargs):
    """View restrictions are cached by page path: a privacy change or a move invalidates them."""
    cache.set(f"{GENERATION_KEY}:restrictions", time.time_ns(), None)
    purge()


def purge_after_outage(**kwargs):
    """Every stamp anew, Wagtail's cached site root paths too: purges sent while the cache was down were lost."""
    from wagtail.models import Site

    Site.clear_site_root_paths_cache()
    purge_sites()
    purge_restrictions()


@functools.cache
def page_query_params():
    """The query parameters any page type declares (`cache_query_params`), name -> patterns."""
    declared = {}
    for model in get_page_models():
        for name, pattern in getattr(model, "cache_query_params", {}).items():
            declared.setdefault(name, set()).add(pattern)
    return {name: tuple(patterns) for name, patterns in declared.items()}


def _declared_query(request, params):
    """(declared, complete): the declared parameters the request gives, sorted, and whether the query
    holds nothing else. None when a declared parameter is repeated or its value fits no pattern."""
    declared, complete = [], True
    for name, values in request.GET.lists():
        patterns = params.get(name)
        if patterns is None:
            complete = False  # not read by the view: looked up without it, never stored
            continue
        if len(values) != 1 or not any(re.fullmatch(pattern, values[0]) for pattern in patterns):
            return None
        declared.append((name, values[0]))
    return sorted(declared), complete


def _cache_key(request, declared):
    # Scheme and host too: cached pages carry absolute links (canonical, hreflang, og:url).
    url = f"{request.scheme}://{request.get_host()}{request.path}?{urlencode(declared)}"
    digest = hashlib.sha256(url.encode()).hexdigest()
    return f"pagecache:{generation()}:{digest}"


def _cacheable_request(request):
    if request.method not in ("GET", "HEAD"):
        return False
    # Whatever session cookie is sent, only a real logged-in user gets (and keeps) a page of their own:
    # a made-up cookie loads an empty session. Messages waiting to be shown are the visitor's own too.
    if request.user.is_authenticated:
        return False
    return not len(get_messages(request))


def _cacheable_response(request, response):
    if response.status_code != 200 or response.cookies or getattr(response, "streaming", False):
        return False
    # A page that put a CSRF token in its HTML is tied to this visitor's cookie.
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE") or request.META.get("CSRF_COOKIE_USED"):
        return False
    control = response.get("Cache-Control", "")
    return "private" not in control and "no-store" not in control


def cache_anonymous(view, params=None):
    """Serve anonymous GETs from the cache; store cacheable 200 responses.

    `params`: the query parameters the view reads, name -> regex of the values it accepts
    (default: those the page types declare, for Wagtail's serve view).
    """

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if not _cacheable_request(request):
            return view(request, *args, **kwargs)
        query = _declared_query(request, {name: (pattern,) for name, pattern in params.items()}
                                if params is not None else page_query_params())
        if query is None:
            return view(request, *args, **kwargs)
        declared, complete = query
        key = _cache_key(request, declared)
        cached = cache.get(key)
        if cached is not None:
            content, headers = cached
            response = HttpResponse(content)
            for name, value in headers:
                response[name] = value
            response[HEADER] = "HIT"
            return response
        response = view(request, *args, **kwargs)
        if hasattr(response, "render") and callable(response.render):
            response = response.render()
        # Rendered with undeclared parameters, a page may echo them (the language switch keeps the
        # query string): such a copy is not for others.
        if complete and _cacheable_response(request, response):
            headers = [(k, v) for k, v in response.items() if k.lower() not in ("set-cookie", HEADER.lower())]
            cache.set(key, (response.content, headers), settings.PAGE_CACHE_SECONDS)
            response[HEADER] = "MISS"
        patch_vary_headers(response, ("Cookie",))
        return response

    return wrapper
