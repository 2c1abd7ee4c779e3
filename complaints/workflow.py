"""The complaint state machine, enforced on the server.

received / awaiting_verification -> verified -> dispatched -> in_progress -> resolved -> closed,
with the side exits rejected (spam, duplicate, not enough information), not_authority (and then
forwarded to SP4N-LAPOR!), and reopened. Every transition is an event on the timeline with its
actor, time, a public message in the reporter's language and an internal note.

TRANSITIONS is the whole machine: for each step, from which states and by whom, the check on what
the officer gave (guard), what it sets on the report (prepare: deadlines and fields), the public
message when the officer wrote none, and whom it tells (notify). apply() only runs the table.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.log_actions import log

from . import access, deadlines, notifications
from .models import SPAM, Complaint, ComplaintEvent, messages
from .similar.supporters import queue_supporters

S = Complaint.Status

DESK, UNIT, SYSTEM, REPORTER = "desk", "unit", "system", "reporter"


class TransitionError(Exception):
    """A transition that is not allowed now, or by this person; the message says why."""


# Deadlines, in working days from a moment (demo data and statistics use these too).

def verify_deadline(start):
    """A new report: the desk verifies it (or the reporter confirms it) by then."""
    return deadlines.add_working_days(start, settings.COMPLAINT_VERIFY_WORKING_DAYS)


def response_deadline(start):
    """A report sent to a unit (or reopened): the unit answers by then."""
    return deadlines.add_working_days(start, settings.COMPLAINT_RESPONSE_WORKING_DAYS)


def autoclose_deadline(start):
    """A resolved report closes by itself then, unless the reporter answers the survey."""
    return deadlines.add_working_days(start, settings.COMPLAINT_AUTOCLOSE_WORKING_DAYS)


@dataclass
class Step:
    """One transition being applied: who, when, what the officer gave, and the words for the message."""

    complaint: Complaint
    role: str | None = None
    now: object = None
    unit: object = None
    reason: str = ""
    external_body: object = None
    lapor_reference: str = ""
    internal_note: str = ""
    old_unit: object = None
    words: dict = field(default_factory=dict)  # named in the reporter's language by the default message


# Whom a transition tells. The reporter and supporters hear only of a step with a public message.
TELL_UNIT, TELL_REPORTER, TELL_SURVEY, TELL_SUPPORTERS = "unit", "reporter", "survey", "supporters"


def _notify(who, step, event):
    complaint = step.complaint
    if who == TELL_UNIT:
        notifications.queue_dispatch(complaint)
    elif who == TELL_SURVEY:
        notifications.queue_survey(complaint)
    elif who == TELL_REPORTER and event.public_message:
        notifications.queue_status(complaint, event)  # nothing when there is no address or it was erased
    elif who == TELL_SUPPORTERS and event.public_message:
        queue_supporters(complaint, event)  # people who have the same problem hear of it too


@dataclass(frozen=True)
class Transition:
    name: str
    label: str
    sources: frozenset
    target: str
    actors: frozenset
    needs_message: bool = False
    guard: Callable | None = None      # raises TransitionError when what was given is not enough
    prepare: Callable | None = None    # sets fields and deadlines on step.complaint
    message: Callable | None = None    # the public message when the officer wrote none
    notify: tuple = (TELL_REPORTER, TELL_SUPPORTERS)
    after: Callable | None = None      # more timeline, once the step's own event exists


# Guards --------------------------------------------------------------------------------------------

def _needs_city_unit(step):
    if step.unit is None or not step.unit.is_city:
        raise TransitionError(_("Choose the city unit that must act."))


def _reassign_guard(step):
    _needs_city_unit(step)
    if step.unit == step.complaint.unit:
        raise TransitionError(_("The report is already with this unit."))
    if not step.internal_note.strip():
        raise TransitionError(_("Say why the report moves to another unit."))


def _reject_guard(step):
    if step.reason not in REJECT_REASONS:
        raise TransitionError(_("Choose why the report is rejected."))


def _not_authority_guard(step):
    if step.external_body is None:
        raise TransitionError(_("Name the body that is responsible."))


def _forward_guard(step):
    if not step.lapor_reference.strip():
        raise TransitionError(_("Give the SP4N-LAPOR! reference."))


def _reopen_guard(step):
    if step.role == REPORTER and step.complaint.reopen_count:
        raise TransitionError(_("A report can be reopened once."))


# What each step sets -------------------------------------------------------------------------------

def _to_unit(step):
    c = step.complaint
    step.old_unit = c.unit
    c.unit, c.dispatched_at, c.first_response_at, c.escalation_level = step.unit, step.now, None, 0
    c.due_at = response_deadline(step.now)
    step.words["unit"] = step.unit


def _verified(step):
    c = step.complaint
    c.verified_at = c.verified_at or step.now
    c.due_at = None


def _answered(step):
    c = step.complaint
    c.first_response_at = c.first_response_at or step.now


def _resolved(step):
    _answered(step)
    step.complaint.resolved_at = step.now
    step.complaint.due_at = autoclose_deadline(step.now)


def _rejected(step):
    step.complaint.rejected_reason = step.reason
    step.complaint.due_at = None


def _not_authority(step):
    step.complaint.external_body = step.external_body
    step.complaint.due_at = None
    step.words.update(body=step.external_body, body_contact=step.external_body.contact_text())


def _forwarded(step):
    step.complaint.lapor_reference = step.lapor_reference.strip()[:60]
    step.words["lapor_reference"] = step.complaint.lapor_reference


def _reopened(step):
    step.complaint.reopen_count += 1
    step.complaint.due_at = response_deadline(step.now)


def _no_deadline(step):
    step.complaint.due_at = None


def _moved_note(step, event):
    if step.old_unit:
        ComplaintEvent.objects.create(complaint=step.complaint, created_at=step.now, actor=event.actor,
                                      is_public=False, action="note",
                                      internal_note=_("Moved from %(old)s.") % {"old": step.old_unit.name})


# Default public messages: a standard text's key and parameters (complaints.models.messages), written in
# the reporter's language for the e-mail and in the reader's language on the tracking page ----------------

def _standard(key):
    return lambda step: (key, {})


def _sent_to_unit(step):
    unit = step.words.get("unit")
    return "sent_to_unit", {"unit": unit.pk if unit else None}


def _not_authority_message(step):
    body = step.words.get("body")
    return "not_authority", {"body": body.pk if body else None}


def _forwarded_message(step):
    return "forwarded", {"ref": step.words.get("lapor_reference", "")}


TO_UNIT = (TELL_UNIT, TELL_REPORTER, TELL_SUPPORTERS)
WITH_UNIT = frozenset({S.DISPATCHED, S.IN_PROGRESS, S.REOPENED})

TRANSITIONS = {t.name: t for t in [
    Transition("verify", gettext_lazy("Verify"), frozenset({S.RECEIVED, S.AWAITING_VERIFICATION}), S.VERIFIED,
               frozenset({DESK}), prepare=_verified,
               message=_standard("verified")),
    Transition("dispatch", gettext_lazy("Dispatch to unit"), frozenset({S.VERIFIED, S.REOPENED}), S.DISPATCHED,
               frozenset({DESK}), guard=_needs_city_unit, prepare=_to_unit, message=_sent_to_unit, notify=TO_UNIT),
    Transition("start", gettext_lazy("Start work"), frozenset({S.DISPATCHED, S.REOPENED}), S.IN_PROGRESS,
               frozenset({DESK, UNIT}), prepare=_answered,
               message=_standard("started")),
    Transition("respond", gettext_lazy("Send a response"), WITH_UNIT, S.IN_PROGRESS, frozenset({DESK, UNIT}),
               needs_message=True, prepare=_answered),
    Transition("resolve", gettext_lazy("Mark resolved"), WITH_UNIT, S.RESOLVED, frozenset({DESK, UNIT}),
               needs_message=True, prepare=_resolved, notify=(TELL_SURVEY, TELL_SUPPORTERS)),
    Transition("close", gettext_lazy("Close"), frozenset({S.RESOLVED}), S.CLOSED, frozenset({DESK, SYSTEM}),
               prepare=_no_deadline, message=_standard("closed")),
    Transition("reject", gettext_lazy("Reject"), frozenset({S.RECEIVED, S.AWAITING_VERIFICATION, S.VERIFIED}),
               S.REJECTED, frozenset({DESK}), needs_message=True, guard=_reject_guard, prepare=_rejected),
    Transition("not_authority", gettext_lazy("Not the city's authority"),
               frozenset({S.RECEIVED, S.AWAITING_VERIFICATION, S.VERIFIED, S.DISPATCHED}), S.NOT_AUTHORITY,
               frozenset({DESK}), guard=_not_authority_guard, prepare=_not_authority, message=_not_authority_message),
    Transition("forward", gettext_lazy("Forwarded to SP4N-LAPOR!"), frozenset({S.NOT_AUTHORITY}), S.FORWARDED,
               frozenset({DESK}), guard=_forward_guard, prepare=_forwarded, message=_forwarded_message),
    Transition("reopen", gettext_lazy("Reopen"), frozenset({S.RESOLVED, S.CLOSED}), S.REOPENED,
               frozenset({DESK, REPORTER}), needs_message=True, guard=_reopen_guard, prepare=_reopened),
    Transition("reassign", gettext_lazy("Reassign to another unit"), WITH_UNIT, S.DISPATCHED, frozenset({DESK}),
               guard=_reassign_guard, prepare=_to_unit, message=_sent_to_unit, notify=TO_UNIT, after=_moved_note),
]}

REJECT_REASONS = {
    SPAM: gettext_lazy("Spam or abuse"),
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


def prepare(complaint, name, now, **given):
    """Set what transition `name` sets (fields, deadlines) without checks, saving or telling anyone:
    for data that replays a history, such as the demo's."""
    transition = TRANSITIONS[name]
    if transition.prepare:
        transition.prepare(Step(complaint, now=now, **given))
    complaint.status = transition.target


def _check(transition, step, public_message):
    if transition is None:
        raise TransitionError(_("Unknown action."))
    if step.role not in transition.actors:
        raise TransitionError(_("You may not do this to this report."))
    if step.complaint.status not in transition.sources:
        raise TransitionError(_("A report that is “%(status)s” cannot be given this step (%(action)s).")
                              % {"status": step.complaint.get_status_display(), "action": transition.label})
    if transition.needs_message and not public_message:
        raise TransitionError(_("Write a message for the reporter."))
    if transition.guard:
        transition.guard(step)


@transaction.atomic
def apply(complaint, name, user=None, *, public_message="", internal_note="", unit=None, reason="",
          external_body=None, lapor_reference="", now=None, by_reporter=False, message_key=""):
    """Apply transition `name`; returns the event. Raises TransitionError with a clear message.

    `user` None means the system (deadlines); `by_reporter` is the citizen through a survey link.
    `message_key` gives a standard text (complaints.models.messages) as the public message.
    """
    if message_key:
        public_message = messages.text(message_key, language=complaint.language)
    complaint = Complaint.objects.select_for_update().get(pk=complaint.pk)
    transition = TRANSITIONS.get(name)
    step = Step(complaint, role=REPORTER if by_reporter else role_of(user, complaint), now=now or timezone.now(),
                unit=unit, reason=reason, external_body=external_body, lapor_reference=lapor_reference,
                internal_note=internal_note)
    public_message = (public_message or "").strip()
    _check(transition, step, public_message)
    if transition.prepare:
        transition.prepare(step)
    complaint.status = transition.target
    complaint.save()
    # What the officer wrote stays as written; a default message is a standard text.
    text = {"public_message": public_message}
    if message_key:
        text.update(message_key=message_key, message_params={})
    elif not public_message and transition.message:
        key, params = transition.message(step)
        text = messages.standard(key, complaint.language, **params)
    event = ComplaintEvent.objects.create(
        complaint=complaint, created_at=step.now, actor=user, status=transition.target, action=name,
        internal_note=internal_note.strip(), unit=complaint.unit, **text,
    )
    # The audit log (Reports → Site history); no personal data goes in it.
    log(complaint, f"complaints.{name}", user=user, data={"status": transition.target,
                                                           "unit": complaint.unit.code if complaint.unit else None})
    if transition.after:
        transition.after(step, event)
    for who in transition.notify:
        _notify(who, step, event)
    # Screened, an anonymous report lets go of its address (this step's message, if any, is already
    # in the outbox and goes out once).
    complaint.forget_anonymous_contact()
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
