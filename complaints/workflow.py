"""The complaint state machine, enforced on the server.

received / awaiting_verification -> verified -> dispatched -> in_progress -> resolved -> closed,
with the side exits rejected (spam, duplicate, not enough information), not_authority (and then
forwarded to SP4N-LAPOR!), and reopened. Every transition is an event on the timeline with its
actor, time, a public message in the reporter's language and an internal note.
"""

from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wagtail.log_actions import log

from . import access, deadlines, notifications
from .models import Complaint, ComplaintEvent

S = Complaint.Status

DESK, UNIT, SYSTEM, REPORTER = "desk", "unit", "system", "reporter"


class TransitionError(Exception):
    """A transition that is not allowed now, or by this person; the message says why."""


@dataclass(frozen=True)
class Transition:
    name: str
    label: str
    sources: frozenset
    target: str
    actors: frozenset
    needs_message: bool = False


TRANSITIONS = {t.name: t for t in [
    Transition("verify", gettext_lazy("Verify"), frozenset({S.RECEIVED, S.AWAITING_VERIFICATION}), S.VERIFIED,
               frozenset({DESK})),
    Transition("dispatch", gettext_lazy("Dispatch to unit"), frozenset({S.VERIFIED, S.REOPENED}), S.DISPATCHED,
               frozenset({DESK})),
    Transition("start", gettext_lazy("Start work"), frozenset({S.DISPATCHED, S.REOPENED}), S.IN_PROGRESS,
               frozenset({DESK, UNIT})),
    Transition("respond", gettext_lazy("Send a response"), frozenset({S.DISPATCHED, S.IN_PROGRESS, S.REOPENED}),
               S.IN_PROGRESS, frozenset({DESK, UNIT}), needs_message=True),
    Transition("resolve", gettext_lazy("Mark resolved"), frozenset({S.DISPATCHED, S.IN_PROGRESS, S.REOPENED}),
               S.RESOLVED, frozenset({DESK, UNIT}), needs_message=True),
    Transition("close", gettext_lazy("Close"), frozenset({S.RESOLVED}), S.CLOSED, frozenset({DESK, SYSTEM})),
    Transition("reject", gettext_lazy("Reject"), frozenset({S.RECEIVED, S.AWAITING_VERIFICATION, S.VERIFIED}),
               S.REJECTED, frozenset({DESK}), needs_message=True),
    Transition("not_authority", gettext_lazy("Not the city's authority"),
               frozenset({S.RECEIVED, S.AWAITING_VERIFICATION, S.VERIFIED, S.DISPATCHED}), S.NOT_AUTHORITY,
               frozenset({DESK})),
    Transition("forward", gettext_lazy("Forwarded to SP4N-LAPOR!"), frozenset({S.NOT_AUTHORITY}), S.FORWARDED,
               frozenset({DESK})),
    Transition("reopen", gettext_lazy("Reopen"), frozenset({S.RESOLVED, S.CLOSED}), S.REOPENED,
               frozenset({DESK, REPORTER}), needs_message=True),
    Transition("reassign", gettext_lazy("Reassign to another unit"),
               frozenset({S.DISPATCHED, S.IN_PROGRESS, S.REOPENED}), S.DISPATCHED, frozenset({DESK})),
]}

REJECT_REASONS = {
    "spam": gettext_lazy("Spam or abuse"),
    "duplicate": gettext_lazy("Duplicate of another report"),
    "insufficient": gettext_lazy("Not enough information"),
}


def role_of(user, complaint=None):
    if user is None:
        return SYSTEM
    if access.is_desk(user):
        return DESK
    if complaint is not None and complaint.unit_id in access.unit_ids(user):
        return UNIT
    return None


def allowed(complaint, user):
    """The transitions this person may apply to this complaint now, in display order."""
    role = role_of(user, complaint)
    return [t for t in TRANSITIONS.values() if complaint.status in t.sources and role in t.actors]


def _default_message(name, complaint, **kw):
    """The public message when the officer wrote none, in the reporter's language (already active)."""
    return {
        "verify": _("The complaint desk has verified your report."),
        "dispatch": _("Your report has been sent to %(unit)s.") % {"unit": getattr(kw.get("unit"), "name", "")},
        "reassign": _("Your report has been sent to %(unit)s.") % {"unit": getattr(kw.get("unit"), "name", "")},
        "start": _("The responsible unit has started working on your report."),
        "close": _("Your report is closed."),
        "not_authority": _("This is not the responsibility of the Bogor City Government. "
                           "It belongs to %(body)s. %(contact)s") % {"body": getattr(kw.get("body"), "name", ""),
                                                                      "contact": kw.get("body_contact", "")},
        "forward": _("Your report has been forwarded to SP4N-LAPOR!, the national complaint system "
                     "(reference %(ref)s).") % {"ref": kw.get("lapor_reference", "")},
    }.get(name, "")


@transaction.atomic
def apply(complaint, name, user=None, *, public_message="", internal_note="", unit=None, reason="",
          external_body=None, lapor_reference="", now=None, by_reporter=False):
    """Apply transition `name`; returns the event. Raises TransitionError with a clear message.

    `user` None means the system (deadlines); `by_reporter` is the citizen through a survey link.
    """
    complaint = Complaint.objects.select_for_update().get(pk=complaint.pk)
    transition = TRANSITIONS.get(name)
    if transition is None:
        raise TransitionError(_("Unknown action."))
    role = REPORTER if by_reporter else role_of(user, complaint)
    if role not in transition.actors:
        raise TransitionError(_("You may not do this to this report."))
    if complaint.status not in transition.sources:
        raise TransitionError(_("A report that is “%(status)s” cannot be given this step (%(action)s).")
                              % {"status": complaint.get_status_display(), "action": transition.label})
    public_message = (public_message or "").strip()
    if transition.needs_message and not public_message:
        raise TransitionError(_("Write a message for the reporter."))
    now = now or timezone.now()
    old_unit = complaint.unit
    extra = {}

    if name in ("dispatch", "reassign"):
        if unit is None or not unit.is_city:
            raise TransitionError(_("Choose the city unit that must act."))
        if name == "reassign":
            if unit == complaint.unit:
                raise TransitionError(_("The report is already with this unit."))
            if not internal_note.strip():
                raise TransitionError(_("Say why the report moves to another unit."))
        complaint.unit = unit
        complaint.dispatched_at = now
        complaint.first_response_at = None
        complaint.escalation_level = 0
        complaint.due_at = deadlines.add_working_days(now, settings.COMPLAINT_RESPONSE_WORKING_DAYS)
        extra["unit"] = unit  # named in the reporter's language below
    elif name == "verify":
        complaint.verified_at = complaint.verified_at or now
        complaint.due_at = None
    elif name == "reject":
        if reason not in REJECT_REASONS:
            raise TransitionError(_("Choose why the report is rejected."))
        complaint.rejected_reason = reason
        complaint.due_at = None
    elif name == "not_authority":
        if external_body is None:
            raise TransitionError(_("Name the body that is responsible."))
        complaint.external_body = external_body
        complaint.due_at = None
        extra["body"] = external_body
        extra["body_contact"] = external_body.contact_text()
    elif name == "forward":
        if not lapor_reference.strip():
            raise TransitionError(_("Give the SP4N-LAPOR! reference."))
        complaint.lapor_reference = lapor_reference.strip()[:60]
        extra["lapor_reference"] = complaint.lapor_reference
    elif name in ("respond", "start"):
        complaint.first_response_at = complaint.first_response_at or now
    elif name == "resolve":
        complaint.first_response_at = complaint.first_response_at or now
        complaint.resolved_at = now
        complaint.due_at = deadlines.add_working_days(now, settings.COMPLAINT_AUTOCLOSE_WORKING_DAYS)
    elif name == "reopen":
        if role == REPORTER and complaint.reopen_count:
            raise TransitionError(_("A report can be reopened once."))
        complaint.reopen_count += 1
        complaint.due_at = deadlines.add_working_days(now, settings.COMPLAINT_RESPONSE_WORKING_DAYS)
    elif name == "close":
        complaint.due_at = None

    complaint.status = transition.target
    complaint.save()
    with translation.override(complaint.language):
        message = public_message or _default_message(name, complaint, **extra)
    event = ComplaintEvent.objects.create(
        complaint=complaint, created_at=now, actor=user, status=transition.target, action=name,
        public_message=message, internal_note=internal_note.strip(), unit=complaint.unit,
    )
    # The audit log (Reports → Site history); no personal data goes in it.
    log(complaint, f"complaints.{name}", user=user, data={"status": transition.target,
                                                           "unit": complaint.unit.code if complaint.unit else None})
    if name == "reassign" and old_unit:
        ComplaintEvent.objects.create(complaint=complaint, created_at=now, actor=user, is_public=False, action="note",
                                      internal_note=_("Moved from %(old)s.") % {"old": old_unit.name})
    if name in ("dispatch", "reassign"):
        notifications.queue_dispatch(complaint)
    if name == "resolve":
        notifications.queue_survey(complaint)
    elif message and complaint.email and not complaint.personal_data_erased_at:
        notifications.queue_status(complaint, event)
    if message:
        from .duplicates import queue_supporters  # people who have the same problem hear of it too

        queue_supporters(complaint, event)
    return event


def add_note(complaint, user, note):
    if role_of(user, complaint) not in (DESK, UNIT):
        raise TransitionError(_("You may not do this to this report."))
    if not note.strip():
        raise TransitionError(_("The note is empty."))
    event = ComplaintEvent.objects.create(complaint=complaint, actor=user, is_public=False, action="note",
                                          internal_note=note.strip())
    log(complaint, "complaints.note", user=user)
    return event
