"""Deadlines that pass: reminders, escalation of unanswered reports, automatic closing.

`run()` is idempotent: call it as often as you like (complaints_housekeeping does, on a timer), and
from any number of servers at once: each effect is claimed by a conditional UPDATE (escalation,
reminder) or a locked transition (closing), so only one run gives it, with its one e-mail.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from . import notifications, workflow
from .models import Complaint, ComplaintEvent

logger = logging.getLogger(__name__)

S = Complaint.Status


def escalate(now):
    """Unanswered dispatches: to the head of the unit after 24 h, to the mayor's office after 48 h."""
    done = 0
    steps = ((1, settings.COMPLAINT_ESCALATE_HEAD_HOURS), (2, settings.COMPLAINT_ESCALATE_MAYOR_HOURS))
    for level, hours in steps:
        late = Complaint.objects.filter(status=S.DISPATCHED, first_response_at__isnull=True,
                                        dispatched_at__lte=now - timedelta(hours=hours),
                                        escalation_level__lt=level).select_related("unit")
        for complaint in late:
            with transaction.atomic():
                # Claim the step: only the run whose UPDATE still finds the report unanswered and below
                # this level escalates it (and writes its event and e-mail, in the same transaction).
                claimed = Complaint.objects.filter(
                    pk=complaint.pk, status=S.DISPATCHED, first_response_at__isnull=True,
                    escalation_level__lt=level).update(escalation_level=level, updated_at=timezone.now())
                if not claimed:
                    continue
                complaint.escalation_level = level
                target = (complaint.unit.head_email or complaint.unit.email) if level == 1 else \
                    settings.COMPLAINT_MAYOR_OFFICE_EMAIL
                who = _("the head of the unit") if level == 1 else _("the mayor's office")
                ComplaintEvent.objects.create(
                    complaint=complaint, created_at=now, is_public=False, action="escalate", unit=complaint.unit,
                    internal_note=_("No answer %(hours)d hours after dispatch: escalated to %(who)s.")
                    % {"hours": hours, "who": who})
                notifications.queue_escalation(complaint, target, level, hours)
            done += 1
    return done


def remind(now):
    """One reminder per deadline, a day before it, to whoever holds the report."""
    soon = now + timedelta(hours=settings.COMPLAINT_REMINDER_HOURS)
    count = 0
    for complaint in Complaint.objects.open().filter(due_at__gt=now, due_at__lte=soon).select_related("unit"):
        if complaint.reminded_for == complaint.due_at:
            continue
        with transaction.atomic():
            # Claimed like an escalation: one reminder per deadline however many runs meet it.
            claimed = (Complaint.objects.open().filter(pk=complaint.pk, due_at=complaint.due_at)
                       .exclude(reminded_for=complaint.due_at)
                       .update(reminded_for=complaint.due_at, updated_at=timezone.now()))
            if not claimed:
                continue
            notifications.queue_reminder(complaint)
        count += 1
    return count


def autoclose(now):
    """Resolved reports whose reporter did not answer within the closing period."""
    count = 0
    for complaint in Complaint.objects.filter(status=S.RESOLVED, due_at__lte=now):
        try:
            workflow.apply(complaint, "close", None, now=now)  # locks the report and checks its state again
        except workflow.TransitionError:
            # Changed since it was read (another run closed it, the reporter answered): the rest still close.
            logger.info("Report %s not closed automatically: it changed meanwhile.", complaint.pk)
            continue
        count += 1
    return count


def run(now=None):
    now = now or timezone.now()
    return {"escalated": escalate(now), "reminded": remind(now), "closed": autoclose(now)}


def is_late(complaint, now=None):
    return complaint.is_late(now)
