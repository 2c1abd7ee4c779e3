"""Failed-login lockout: django-axes' database handler, plus a limit per address across accounts.

Axes counts failures per user name and address (AXES_LOCKOUT_PARAMETERS) against AXES_FAILURE_LIMIT:
an officer who mistypes their own password is paused alone. That count never sees password spraying
(one password tried on many accounts from one address, each account failing once), so failures from
one address are also summed over every user name and compared with the higher
AXES_ADDRESS_FAILURE_LIMIT. An address is counted as cms.client_address sees it (AXES_CLIENT_IP_CALLABLE),
so an IPv6 /64 is one address. A successful login clears only that user's own failures (Axes'
reset), never the address's count, so a sprayer cannot reset it by logging in to an account of their own.
"""

from axes.attempts import get_cool_off_threshold
from axes.conf import settings
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_failure_limit
from axes.models import AccessAttempt
from django.db.models import Sum


def address_failures(request):
    """Failed logins from the request's address within the cool-off time, whatever the user name."""
    address = getattr(request, "axes_ip_address", None)
    if not address:
        return 0
    attempts = AccessAttempt.objects.filter(ip_address=address)
    if settings.AXES_COOLOFF_TIME is not None:
        attempts = attempts.filter(attempt_time__gte=get_cool_off_threshold(request))
    return attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0


class AddressLimitHandler(AxesDatabaseHandler):
    def get_failures(self, request, credentials=None):
        failures = super().get_failures(request, credentials)
        limit = settings.AXES_ADDRESS_FAILURE_LIMIT
        if limit > 0 and address_failures(request) >= limit:
            # Reported as at least the per-user limit: Axes then refuses this address like a locked user.
            request.axes_address_locked = True
            return max(failures, get_failure_limit(request, credentials))
        return failures
