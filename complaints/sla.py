"""Deadlines that pass: reminders, escalation of unanswered reports, automatic closing.

`run()` is idempotent: call it as often as you like (complaints_housekeeping does, on a timer).
"""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from . import notifications, workflow
from .models import Complaint, ComplaintEvent

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
                complaint.escalation_level = level
                complaint.save(update_fields=["escalation_level", "updated_at"])
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
        complaint.reminded_for = complaint.due_at
        complaint.save(update_fields=["reminded_for", "updated_at"])
        notifications.queue_reminder(complaint)
        count += 1
    return count


def autoclose(now):
    """Resolved reports whose reporter did not answer within the closing period."""
    count = 0
    for complaint in Complaint.objects.filter(status=S.RESOLVED, due_at__lte=now):
        workflow.apply(complaint, "close", None, now=now)
        count += 1
    return count


def run(now=None):
    now = now or timezone.now()
    return {"escalated": escalate(now), "reminded": remind(now), "closed": autoclose(now)}


def is_late(complaint, now=None):
    return complaint.is_late(now)
