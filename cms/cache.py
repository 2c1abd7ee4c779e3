"""The shared cache (Redis) as something the site may lose: an error is a miss, logged once per outage.

Everything the cache holds can be rebuilt from the database (pages, the site, menus, private paths,
statistics) or may be forgotten (rate-limit counters let a request through), so a Redis that is down
or unreachable must only make pages slower. One backend does it for every caller, Wagtail's own
(`Site.get_site_root_paths`) included, instead of a try/except around each `cache.get`.

Why not django-redis with IGNORE_EXCEPTIONS: it logs every failed call (a flood under load) and
still tries Redis on every call, so an unreachable host costs each request its timeout once per
cache call (a page makes several). Here, after an error, the process stops asking Redis for
PAUSE_AFTER_ERROR seconds (every call is a miss at once), then tries again; the outage is logged
when it starts and when it ends, never per request, and without keys (they hold host names and
hashed client addresses) or the server's URL (it may hold a password).
"""

import logging
import threading
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from django.dispatch import Signal

log = logging.getLogger(__name__)

# Sent once Redis answers again after an outage during which a write was lost (an invalidation
# stamp, a deletion): receivers bump their stamps so that nothing stale written before is served.
cache_recovered = Signal()

# Per process and per Redis server (the "default" and "ratelimit" aliases share one), across threads:
# Django gives each thread its own backend instances.
_lock = threading.Lock()
_outages = {}  # server -> {"since": wall time, "retry_at": monotonic, "lost_write": bool}

# Short timeouts: a dead Redis must not hold a request for long (redis-py's default is to wait forever).
DEFAULT_OPTIONS = {"socket_connect_timeout": 0.5, "socket_timeout": 0.5}
DEFAULT_PAUSE_SECONDS = 5.0


class FailSafeRedisCache(RedisCache):
    """Django's RedisCache whose every call treats a Redis error as a miss (see the module's text).

    Reads answer the default, writes do nothing (`add` answers False, `incr` raises ValueError as for
    a missing key). OPTIONS: redis-py's connection options, plus PAUSE_AFTER_ERROR (seconds).
    """

    def __init__(self, server, params):
        super().__init__(server, params)
        options = {**DEFAULT_OPTIONS, **self._options}
        self._pause = float(options.pop("PAUSE_AFTER_ERROR", DEFAULT_PAUSE_SECONDS))
        self._options = options
        self._server_key = tuple(self._servers)

    # The guard ----------------------------------------------------------------------------------

    def _call(self, write, miss, method, *args, **kwargs):
        import redis

        outage = _outages.get(self._server_key)
        if outage is not None and time.monotonic() < outage["retry_at"]:
            if write:
                outage["lost_write"] = True
            return miss()
        try:
            result = method(*args, **kwargs)
        except (redis.RedisError, OSError) as error:
            self._failed(error, write)
            return miss()
        if outage is not None:
            self._recovered()
        return result

    def _failed(self, error, write):
        with _lock:
            outage = _outages.get(self._server_key)
            first = outage is None
            if first:
                outage = _outages[self._server_key] = {"since": time.time(), "lost_write": False}
            outage["retry_at"] = time.monotonic() + self._pause
            outage["lost_write"] = outage["lost_write"] or write
        if first:
            log.warning("Cache unavailable (%s): serving without it, retrying every %.0f s.",
                        type(error).__name__, self._pause)

    def _recovered(self):
        with _lock:
            outage = _outages.pop(self._server_key, None)
        if outage is None:
            return  # another thread saw it first
        log.warning("Cache available again after %.0f s.", time.time() - outage["since"])
        if outage["lost_write"]:
            cache_recovered.send(sender=type(self))

    # Django's cache API -------------------------------------------------------------------------

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call(True, lambda: False, super().add, key, value, timeout, version)

    def get(self, key, default=None, version=None):
        return self._call(False, lambda: default, super().get, key, default, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        self._call(True, lambda: None, super().set, key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call(True, lambda: False, super().touch, key, timeout, version)

    def delete(self, key, version=None):
        return self._call(True, lambda: False, super().delete, key, version)

    def get_many(self, keys, version=None):
        return self._call(False, dict, super().get_many, keys, version)

    def has_key(self, key, version=None):
        return self._call(False, lambda: False, super().has_key, key, version)

    def incr(self, key, delta=1, version=None):
        def missing():
            raise ValueError(f"Key '{key}' not found.")  # what a missing counter answers

        return self._call(True, missing, super().incr, key, delta, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call(True, lambda: list(data), super().set_many, data, timeout, version)

    def delete_many(self, keys, version=None):
        self._call(True, lambda: None, super().delete_many, keys, version)

    def clear(self):
        return self._call(True, lambda: False, super().clear)


def reset_outages():
    """Forget every outage seen by this process (tests)."""
    with _lock:
        _outages.clear()
