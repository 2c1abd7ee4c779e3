"""Every rate limit of the complaint service, and the key that identifies a sender without naming them.

A limit of 0 (or less) in a setting turns that check off. Counts stop at the limit (COUNT over a
LIMITed subquery), so a check costs the same however much a sender has sent.
"""

import hashlib
import hmac
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from .models import ApiRequestLog, Complaint, Supporter

HOUR = timedelta(hours=1)
LOOKUP_WINDOW_SECONDS = 600
# Following a report is lighter than sending one: a sender may follow this many times more reports.
SUPPORTS_PER_REPORT = 4


def client_key(request):
    """A keyed hash of the sender's address: enough to rate-limit, useless to identify anyone."""
    address = request.META.get("REMOTE_ADDR", "")
    if settings.COMPLAINT_TRUST_X_FORWARDED_FOR and request.META.get("HTTP_X_FORWARDED_FOR"):
        # The rightmost entry is the one our own proxy added; the ones before it the client can forge.
        address = request.META["HTTP_X_FORWARDED_FOR"].split(",")[-1].strip()
    return hmac.new(settings.SECRET_KEY.encode(), address.encode(), hashlib.sha256).hexdigest()


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


def lookups_exceeded(request):
    """True when this address asked for similar reports more than COMPLAINT_SIMILAR_LOOKUPS_PER_10_MIN
    times in the current ten-minute window. Counted in the cache: a lookup stores nothing."""
    limit = settings.COMPLAINT_SIMILAR_LOOKUPS_PER_10_MIN
    if limit <= 0:
        return False
    window = int(timezone.now().timestamp() // LOOKUP_WINDOW_SECONDS)
    key = f"complaints:similar:{client_key(request)}:{window}"
    cache.add(key, 0, LOOKUP_WINDOW_SECONDS + 60)
    try:
        return cache.incr(key) > limit
    except ValueError:  # expired between add and incr
        return False


def open311_lookups_exceeded(request):
    """True when this address asked Open311 for reports by id (requests/<id>, service_request_id=…)
    more than OPEN311_LOOKUPS_PER_10_MIN times in the current ten-minute window: tracking codes are
    not to be tried in bulk. Counted in the cache, as lookups_exceeded() does."""
    limit = settings.OPEN311_LOOKUPS_PER_10_MIN
    if limit <= 0:
        return False
    window = int(timezone.now().timestamp() // LOOKUP_WINDOW_SECONDS)
    key = f"complaints:open311-ids:{client_key(request)}:{window}"
    cache.add(key, 0, LOOKUP_WINDOW_SECONDS + 60)
    try:
        return cache.incr(key) > limit
    except ValueError:  # expired between add and incr
        return False
