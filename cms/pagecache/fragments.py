"""Rendered pieces of pages kept in memory: what a render after a publish need not redo.

`{% fragment var ... %}...{% endfragment %}` (cms/templatetags/fragment_tags.py) keeps its rendered
content in the process's own memory (`memory`) under a key made of the tag's place in its
template, the language, the host, the generation stamps of the shared cache (the menu, units, sites:
what every page may show; images: a new focal point or alt text) and the values it names, which must
hold everything else the content depends on: a card names its page's id and `last_published_at`, so
the card's next publish renders it afresh and nothing else needs to. A preview renders everything
afresh: a draft is not what the cache holds.
"""

import hashlib
import threading
import time
from collections import OrderedDict

from django.conf import settings
from django.utils import translation

from .cache import bump_generation, generation, page_stamp

FAMILIES = ("pages", "images")


class Memory:
    """A bounded store in the process's memory that keeps values as they are, unpickled (a listing's
    pages with their hours and images cost a millisecond to unpickle): whoever reads a value must not
    change it. Least recently used entries go first; an entry also ends after FRAGMENT_CACHE_SECONDS."""

    def __init__(self):
        self._entries = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key):
        with self._lock:
            entry = self._entries.get(key)
            if entry is None:
                return None
            if entry[0] < time.monotonic():
                del self._entries[key]
                return None
            self._entries.move_to_end(key)
            return entry[1]

    def set(self, key, value):
        with self._lock:
            self._entries[key] = (time.monotonic() + settings.FRAGMENT_CACHE_SECONDS, value)
            self._entries.move_to_end(key)
            while len(self._entries) > settings.FRAGMENT_MEMORY_ENTRIES:
                self._entries.popitem(last=False)

    def clear(self):
        with self._lock:
            self._entries.clear()


memory = Memory()


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
    content = memory.get(fragment_key)
    if content is None:
        content = render_content()
        memory.set(fragment_key, content)
    return content


def purge_images(**kwargs):
    """An image changed (focal point, alt text, file): the fragments that show images render afresh."""
    bump_generation("images")


def served_page_stamp(request, page):
    """The stamp of the page this request serves, as read before it rendered; None for a preview, another
    page, or a request that served none."""
    depends = getattr(request, "_pagecache_depends", None) if request is not None else None
    if not depends or page is None or getattr(request, "is_preview", False):
        return None
    stamp = depends.get(page_stamp(page.pk))
    return None if stamp is None else str(stamp)


def derived(request, page, name, compute):
    """What `page` shows of other pages (a listing's items, with their images), kept until one of them is
    published: the key holds the page's own stamp, which purge.py bumps whenever a page it shows changes.
    What depends on the hour (open now, upcoming) must be worked out from the value on each request,
    without changing it: the value is shared by the requests that follow."""
    stamp = served_page_stamp(request, page)
    if stamp is None:
        return compute()
    derived_key = f"derived:{generations(request)}:{page.pk}:{stamp}:{name}"
    value = memory.get(derived_key)
    if value is None:
        value = compute()
        memory.set(derived_key, value)
    return value
