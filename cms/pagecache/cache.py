"""Cache of anonymous page views, per URL (so per language), purged page by page on publish.

wagtail-cache does the same but pins Wagtail below 8, so this is a small equivalent.
Each cached page depends on a stamp of its own (`page:<id>`), kept in the shared cache; any other
cached view (the search) on the stamp `any`. Publishing a page bumps the stamps of the pages that
show it (purge.py): those miss and render afresh on their next visit, every other page stays cached.
What every page shows (the menu, the site, the units) bumps the generation stamp instead, which is
part of every key: then every worker misses everywhere. Stale entries expire on their own.

A stored page keeps its body gzip-compressed when the middleware would have compressed it anyway
(cms.compression: only public responses), so a hit costs no compression.

The key holds only the query parameters a view declares (a page type's `cache_query_params`,
e.g. a listing's filters, name -> the regex its values match). Anything else in the query
string (tracking tags, junk) is looked up as the page without it and never stored, so a
sender cannot fill the cache with made-up query strings; a declared parameter with a value
outside its pattern is not cached at all. A session cookie alone does not bypass the cache:
only a logged-in user (or a visitor with messages waiting) does.
"""

import contextvars
import functools
import gzip
import hashlib
import re
import time
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.messages import get_messages
from django.core.cache import cache
from django.http import HttpResponse
from django.utils.cache import patch_vary_headers
from django.utils.text import compress_string
from wagtail.models import get_page_models

from cms.compression import COMPRESSIBLE

GENERATION_KEY = "pagecache:generation"
STAMP_KEY = "pagecache:stamp:"
ANY = "any"  # the stamp of cached views that are not one page (search results): bumped by every publish
ACCEPTS_GZIP = re.compile(r"\bgzip\b")
HEADER = "X-Page-Cache"
# A listing's ?page=: a page number, up to the 999th page.
PAGE_NUMBER = r"[1-9][0-9]{0,2}"


# The generation stamps read during one request (set by StampMemoMiddleware): the menu, the site, the
# routes, the fragments and the page cache all key on them, and one read each per request is enough.
_generations = contextvars.ContextVar("pagecache_generations", default=None)


def generation(name="pages"):
    """The current stamp of a family of cached things: pages, sites, view restrictions, images."""
    memo = _generations.get()
    if memo is not None and name in memo:
        return memo[name]
    key = f"{GENERATION_KEY}:{name}"
    value = cache.get(key)
    if value is None:
        value = time.time_ns()
        cache.set(key, value, None)
    if memo is not None:
        memo[name] = value
    return value


def bump_generation(name):
    value = time.time_ns()
    cache.set(f"{GENERATION_KEY}:{name}", value, None)
    memo = _generations.get()
    if memo is not None:
        memo[name] = value


class StampMemoMiddleware:
    """Each request reads each generation stamp once (see `generation`)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _generations.set({})
        try:
            return self.get_response(request)
        finally:
            _generations.reset(token)


def page_stamp(page_id):
    return f"page:{page_id}"


def stamps(names):
    """The current value of each stamp in `names` (one round trip); a stamp never set (or evicted) is
    set now, so nothing stored under an earlier value of it can match again."""
    keys = {STAMP_KEY + name: name for name in names}
    found = cache.get_many(keys)
    missing = {key: time.time_ns() for key in keys if key not in found}
    if missing:
        cache.set_many(missing, None)
        found.update(missing)
    return {name: found[key] for key, name in keys.items()}


def touch(names):
    """Bump stamps: whatever was cached under them misses from now on."""
    names = set(names)
    if names:
        now = time.time_ns()
        cache.set_many({STAMP_KEY + name: now for name in names}, None)


def purge(**kwargs):
    """Invalidate every cached page (the menu, a unit, a glossary term: what every page may show)."""
    bump_generation("pages")


def purge_sites(**kwargs):
    bump_generation("sites")
    purge()


def purge_restrictions(**kwargs):
    """View restrictions are cached by page path: a privacy change or a move invalidates them."""
    bump_generation("restrictions")
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


def _hit(request, cached):
    """The stored response, or None when one of the stamps it depends on has moved since."""
    try:
        body, headers, depends, compressed = cached
    except (TypeError, ValueError):
        return None  # an entry from an older release
    if depends and stamps(depends) != depends:
        return None
    return _response(request, body, headers, compressed)


def _response(request, body, headers, compressed):
    if compressed and not ACCEPTS_GZIP.search(request.META.get("HTTP_ACCEPT_ENCODING", "")):
        body, compressed = gzip.decompress(body), False
    response = HttpResponse(body)
    for name, value in headers:
        response[name] = value
    if compressed:
        # What GZipMiddleware would have done; it leaves a response that has an encoding alone.
        response["Content-Encoding"] = "gzip"
        response["Content-Length"] = str(len(body))
        if response.has_header("ETag"):
            response["ETag"] = re.sub(r"^(W/)?", "W/", response["ETag"])
    if COMPRESSIBLE.match(response.get("Content-Type", "")):
        patch_vary_headers(response, ("Accept-Encoding",))
    return response


def _store(request, response, key, depends):
    headers = [(k, v) for k, v in response.items() if k.lower() not in ("set-cookie", HEADER.lower())]
    body, compressed = response.content, False
    if (len(body) >= 200 and COMPRESSIBLE.match(response.get("Content-Type", ""))
            and not response.has_header("Content-Encoding")):
        body, compressed = compress_string(body), True
    cache.set(key, (body, headers, depends, compressed), settings.PAGE_CACHE_SECONDS)
    return body, headers, compressed


def note_served_page(page, request):
    """Wagtail's before_serve_page hook (wagtail_hooks.py): the page about to render, and its stamp read
    before anything of it is, so a publish while it renders leaves the stored copy stale-marked."""
    request._pagecache_depends = stamps([page_stamp(page.pk)])


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
            response = _hit(request, cached)
            if response is not None:
                response[HEADER] = "HIT"
                patch_vary_headers(response, ("Cookie",))
                return response
        any_stamp = stamps([ANY])  # read before the view reads anything
        response = view(request, *args, **kwargs)
        if hasattr(response, "render") and callable(response.render):
            response = response.render()
        # Rendered with undeclared parameters, a page may echo them (the language switch keeps the
        # query string): such a copy is not for others.
        if complete and settings.PAGE_CACHE_SECONDS > 0 and _cacheable_response(request, response):
            # A Wagtail page depends on its own stamp (purge.py bumps it whenever what it shows
            # changes); any other view on every publish.
            depends = getattr(request, "_pagecache_depends", None) or any_stamp
            body, headers, compressed = _store(request, response, key, depends)
            if compressed:
                response = _response(request, body, headers, compressed)
            response[HEADER] = "MISS"
        patch_vary_headers(response, ("Cookie",))
        return response

    return wrapper
