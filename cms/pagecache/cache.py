"""Cache of anonymous page views, per URL (so per language), purged on any publish.

wagtail-cache does the same but pins Wagtail below 8, so this is a small equivalent.
A publish bumps a generation stamp kept in the shared cache: every worker then misses
and renders afresh, and stale entries expire on their own.
"""

import functools
import hashlib
import time

from django.conf import settings
from django.core.cache import cache
from django.utils.cache import patch_vary_headers

GENERATION_KEY = "pagecache:generation"
HEADER = "X-Page-Cache"


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


def _cache_key(request):
    # Scheme and host too: cached pages carry absolute links (canonical, hreflang, og:url).
    digest = hashlib.sha256(f"{request.scheme}://{request.get_host()}{request.get_full_path()}".encode()).hexdigest()
    return f"pagecache:{generation()}:{digest}"


def _cacheable_request(request):
    if request.method not in ("GET", "HEAD"):
        return False
    # Anyone with a session may be an editor, or have messages waiting: never share their view.
    if settings.SESSION_COOKIE_NAME in request.COOKIES:
        return False
    return not request.user.is_authenticated


def _cacheable_response(request, response):
    if response.status_code != 200 or response.cookies or getattr(response, "streaming", False):
        return False
    # A page that put a CSRF token in its HTML is tied to this visitor's cookie.
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE") or request.META.get("CSRF_COOKIE_USED"):
        return False
    control = response.get("Cache-Control", "")
    return "private" not in control and "no-store" not in control


def cache_anonymous(view):
    """Serve anonymous GETs from the cache; store cacheable 200 responses."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if not _cacheable_request(request):
            return view(request, *args, **kwargs)
        key = _cache_key(request)
        cached = cache.get(key)
        if cached is not None:
            content, headers = cached
            from django.http import HttpResponse

            response = HttpResponse(content)
            for name, value in headers:
                response[name] = value
            response[HEADER] = "HIT"
            return response
        response = view(request, *args, **kwargs)
        if hasattr(response, "render") and callable(response.render):
            response = response.render()
        if _cacheable_response(request, response):
            headers = [(k, v) for k, v in response.items() if k.lower() not in ("set-cookie", HEADER.lower())]
            cache.set(key, (response.content, headers), settings.PAGE_CACHE_SECONDS)
            response[HEADER] = "MISS"
        patch_vary_headers(response, ("Cookie",))
        return response

    return wrapper
