"""UU PDP retention: the personal data of reports closed longer than COMPLAINT_RETENTION_DAYS is erased.

Erasing goes through services.erase_personal_data(), the same function a reporter's deletion request uses.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from . import services
from .models import Complaint, ComplaintEvent

logger = logging.getLogger(__name__)


def due(now=None, days=None):
    """Reports in a final state since before the cutoff whose personal data is still there."""
    now = now or timezone.now()
    days = settings.COMPLAINT_RETENTION_DAYS if days is None else days
    cutoff = now - timedelta(days=days)
    # When the report reached its final state: its last step into one (imported reports: their last change).
    closed_at = (ComplaintEvent.objects.filter(complaint=OuterRef("pk"), status__in=Complaint.FINAL_STATES)
                 .order_by("-created_at", "-pk").values("created_at")[:1])
    # Final states are not left by themselves (resolved still closes automatically; reopened is open).
    return (Complaint.objects.final().filter(personal_data_erased_at__isnull=True)
            .annotate(closed_at=Coalesce(Subquery(closed_at), "updated_at"))
            .filter(closed_at__lt=cutoff).order_by("pk")), cutoff


def run(now=None, days=None, dry_run=False):
    """Anonymise what is due; returns (count, cutoff). Logs counts and dates only, never a person."""
    queryset, cutoff = due(now, days)
    count = 0
    for complaint in queryset.iterator(chunk_size=200):
        if not dry_run:
            with transaction.atomic():
                # Another run (another server's timer) may have erased it since the list was read.
                complaint = (Complaint.objects.select_for_update()
                             .filter(pk=complaint.pk, personal_data_erased_at__isnull=True).first())
                if complaint is None:
                    continue
                services.erase_personal_data(complaint, reason="retention")
        count += 1
    logger.info("Retention: %s %d report(s) closed before %s.", "would anonymise" if dry_run else "anonymised",
                count, cutoff.date().isoformat())
    return count, cutoff
