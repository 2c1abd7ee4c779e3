"""Rendered pieces of pages kept in memory: what a render after a publish need not redo.

`{% fragment var ... %}...{% endfragment %}` (cms/templatetags/fragment_tags.py) keeps its rendered
content in the process's own memory (the "local" cache) under a key made of the tag's place in its
template, the language, the host, the generation stamps of the shared cache (the menu, units, sites:
what every page may show; images: a new focal point or alt text) and the values it names, which must
hold everything else the content depends on: a card names its page's id and `last_published_at`, so
the card's next publish renders it afresh and nothing else needs to. A preview renders everything
afresh: a draft is not what the cache holds.
"""

import hashlib

from django.conf import settings
from django.core.cache import caches
from django.utils import translation

from .cache import bump_generation, generation, page_stamp

FAMILIES = ("pages", "images")


def generations(request):
    """The stamps every fragment key holds (read once per request: cache.StampMemoMiddleware)."""
    return ":".join(str(generation(name)) for name in FAMILIES)


def key(request, place, values):
    host = request.get_host() if request is not None else ""
    raw = "\x1f".join([place, translation.get_language() or "", host, generations(request), *values])
    return "fragment:" + hashlib.sha256(raw.encode()).hexdigest()


def render(request, place, values, render_content):
    """The cached content for (place, values), rendered by `render_content()` when missing."""
    if request is None or getattr(request, "is_preview", False):
        return render_content()
    fragment_key = key(request, place, values)
    content = caches["local"].get(fragment_key)
    if content is None:
        content = render_content()
        caches["local"].set(fragment_key, content, settings.FRAGMENT_CACHE_SECONDS)
    return content


def purge_images(**kwargs):
    """An image changed (focal point, alt text, file): the fragments that show images render afresh."""
    bump_generation("images")


def derived(request, page, name, compute):
    """What `page` shows of other pages (a listing's items, with their images), kept until one of them is
    published: the key holds the page's own stamp, which purge.py bumps whenever a page it shows changes.
    What depends on the hour (open now, upcoming) must be worked out from the value on each request."""
    depends = getattr(request, "_pagecache_depends", None) if request is not None else None
    stamp = depends.get(page_stamp(page.pk)) if depends else None
    if stamp is None or getattr(request, "is_preview", False):
        return compute()
    derived_key = f"derived:{generations(request)}:{page.pk}:{stamp}:{name}"
    value = caches["local"].get(derived_key)
    if value is None:
        value = compute()
        caches["local"].set(derived_key, value, settings.FRAGMENT_CACHE_SECONDS)
    return value
