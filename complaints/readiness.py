"""What the complaint service adds to /readyz (cms.readiness): is mail going out?"""

from datetime import timedelta

from django.conf import settings

from cms.readiness import age_status

from .models import OutboundEmail


def outbox_status():
    """Failing once an e-mail has waited longer than READYZ_EMAIL_MAX_AGE_MINUTES: the mail server refuses,
    or no timer runs send_pending_email. The age only: never an address or a subject."""
    oldest = (OutboundEmail.objects.filter(state=OutboundEmail.State.PENDING).order_by("created_at")
              .values_list("created_at", flat=True).first())
    return age_status(oldest, timedelta(minutes=settings.READYZ_EMAIL_MAX_AGE_MINUTES))
