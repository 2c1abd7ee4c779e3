"""Every rate limit of the complaint service, and the key that identifies a sender without naming them.

A limit of 0 (or less) in a setting turns that check off. Limits on what is saved count rows (COUNT
over a LIMITed subquery, so a check costs the same however much a sender has sent); limits on
attempts and lookups, which store nothing, count in the cache per fixed window. A sender is an
address, an IPv6 address counting as its /64 (cms.client_address).
"""

import hashlib
import hmac
import logging
from datetime import timedelta

from django.conf import settings
from django.core.cache import caches
from django.utils import timezone

from cms.client_address import client_address

from .models import ApiRequestLog, Complaint, ForwardedComment, Supporter

log = logging.getLogger(__name__)

HOUR = timedelta(hours=1)
LOOKUP_WINDOW_SECONDS = 600
ATTEMPT_WINDOW_SECONDS = 3600
# Following a report is lighter than sending one: a sender may follow this many times more reports.
SUPPORTS_PER_REPORT = 4


def client_key(request):
    """A keyed hash of the sender's address: enough to rate-limit, useless to identify anyone."""
    return hmac.new(settings.SECRET_KEY.encode(), client_address(request).encode(), hashlib.sha256).hexdigest()


def _reached(queryset, limit):
    return queryset.order_by().values("pk")[:limit].count() >= limit


def reports_exceeded(key, email):
    """True when this address or e-mail already sent COMPLAINT_RATE_LIMIT_PER_HOUR reports in the past hour."""
    limit = settings.COMPLAINT_RATE_LIMIT_PER_HOUR
    if limit <= 0:
        return False
    recent = Complaint.objects.filter(created_at__gte=timezone.now() - HOUR)
    email = (email or "").strip().lower()  # stored lower-case, so the index serves the lookup
    if key and _reached(recent.filter(client_key=key), limit):
        return True
    return bool(email) and _reached(recent.filter(email=email), limit)


def supports_exceeded(key):
    """True when this address already chose "I have this problem too" too often in the past hour."""
    limit = settings.COMPLAINT_RATE_LIMIT_PER_HOUR * SUPPORTS_PER_REPORT
    if limit <= 0:
        return False
    return _reached(Supporter.objects.filter(client_key=key, created_at__gte=timezone.now() - HOUR), limit)


def api_client_exceeded(client):
    """True when this Open311 client already had OPEN311_RATE_LIMIT_PER_HOUR reports accepted in the past hour."""
    limit = settings.OPEN311_RATE_LIMIT_PER_HOUR
    if limit <= 0:
        return False
    return _reached(ApiRequestLog.objects.filter(client=client, method="POST", status=201,
                                                 created_at__gte=timezone.now() - HOUR), limit)


def counter_cache():
    """The cache that holds the counters (settings.CACHES["ratelimit"], apart from the page cache)."""
    return caches["ratelimit"]


def _counted_over(scope, key, limit, window_seconds):
    """Count one more event of `scope` for `key` in the current window; True once past `limit`.

    The cache may be down or evict the counter: the request then goes through (a limit must never
    become an error page for everyone), and the failure is logged without the address."""
    if limit <= 0 or not key:
        return False
    window = int(timezone.now().timestamp() // window_seconds)
    name = f"complaints:{scope}:{key}:{window}"
    try:
        counters = counter_cache()
        counters.add(name, 0, window_seconds + 60)
        return counters.incr(name) > limit
    except ValueError:  # expired between add and incr
        return False
    except Exception as error:  # noqa: BLE001 - any cache backend error
        log.warning("Rate-limit counter %r unavailable (%s); request let through.", scope, type(error).__name__)
        return False


def attempts_exceeded(key):
    """True when this sender posted the complaint form (a new report or "I have this problem too",
    valid or not, saved or not) more than COMPLAINT_ATTEMPTS_PER_HOUR times in the current hour.
    Counts the attempt too: call it once per post, before anything in the post is looked at."""
    return _counted_over("attempts", key, settings.COMPLAINT_ATTEMPTS_PER_HOUR, ATTEMPT_WINDOW_SECONDS)


def comments_exceeded(client):
    """True when this Open311 client already forwarded as many comments this hour as it may send follows
    (OPEN311_RATE_LIMIT_PER_HOUR x SUPPORTS_PER_REPORT): each comment is a note the desk must read."""
    limit = settings.OPEN311_RATE_LIMIT_PER_HOUR * SUPPORTS_PER_REPORT
    if limit <= 0:
        return False
    return _reached(ForwardedComment.objects.filter(client=client, created_at__gte=timezone.now() - HOUR), limit)


def lookups_exceeded(request):
    """True when this address asked for similar reports more than COMPLAINT_SIMILAR_LOOKUPS_PER_10_MIN
    times in the current ten-minute window. Counted in the cache: a lookup stores nothing."""
    return _counted_over("similar", client_key(request), settings.COMPLAINT_SIMILAR_LOOKUPS_PER_10_MIN,
                         LOOKUP_WINDOW_SECONDS)


def tracking_exceeded(request):
    """True when this address looked up reports by tracking code more than
    COMPLAINT_TRACK_LOOKUPS_PER_10_MIN times in the current ten-minute window: guessing codes is slow."""
    return _counted_over("track", client_key(request), settings.COMPLAINT_TRACK_LOOKUPS_PER_10_MIN,
                         LOOKUP_WINDOW_SECONDS)


def open311_lookups_exceeded(request, client=None):
    """True when this address asked Open311 for reports by id (requests/<id>, service_request_id=…)
    more than OPEN311_LOOKUPS_PER_10_MIN times in the current ten-minute window: tracking codes are
    not to be tried in bulk. A client with a valid key (a FixMyStreet following the reports it sent)
    is counted by its key, not its address, against OPEN311_CLIENT_LOOKUPS_PER_10_MIN."""
    if client is not None:
        return _counted_over("open311-ids-client", str(client.pk), settings.OPEN311_CLIENT_LOOKUPS_PER_10_MIN,
                             LOOKUP_WINDOW_SECONDS)
    return _counted_over("open311-ids", client_key(request), settings.OPEN311_LOOKUPS_PER_10_MIN,
                         LOOKUP_WINDOW_SECONDS)
