"""E-mail to reporters through an outbox.

A message is written to OutboundEmail in the same transaction as the change that caused it,
then a background task sends it. A failed send is retried with a growing delay; nothing is lost
while the mail server is down. `manage.py send_pending_email` sends whatever is due (for a
timer, and as a safety net should a task be lost). Each message is claimed before it is sent, so
any number of workers and timers may send at once: see "Exactly once" below.
"""

import logging
import time
from datetime import timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import InterfaceError, OperationalError, connection, transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.crypto import get_random_string
from django_tasks import default_task_backend, task

from cms.email import render_subject, render_text
from cms.models import UnitMembership
from cms.tasks import enqueue_after_commit, retry_delay

from .models import Complaint, ComplaintFormPage, ComplaintToken, OutboundEmail
from .models.complaint import ERASED_ADDRESS
from .paths import segment

logger = logging.getLogger(__name__)


def _absolute(path):
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def _complaint_page_url(language):
    page = ComplaintFormPage.objects.live().first()
    with translation.override(language):
        return page.get_url() if page else f"/{language}/"


def queue_to(to, template, language, complaint=None, **context):
    """Render `template` in `language` and put it in the outbox for `to`."""
    if not to:
        return None
    with translation.override(language):
        context.update(complaint=complaint)
        subject = render_subject(f"complaints/email/{template}_subject.txt", context)
        body = render_text(f"complaints/email/{template}.txt", context)
    email = OutboundEmail.objects.create(complaint=complaint, to=to, subject=subject[:200], body=body)
    deliver_later(email)
    return email


def queue(complaint, template, page_path=None, **context):
    """A message to the reporter, in the language they wrote in."""
    if not complaint.email or complaint.personal_data_erased_at:
        return None
    base = page_path or _complaint_page_url(complaint.language)
    return queue_to(complaint.email, template, complaint.language, complaint, base_url=_absolute(base), **context)


def _inbox_url(complaint):
    return _absolute(reverse("complaints_inbox:detail", args=[complaint.pk]))


def _officers(unit):
    """The unit's official address and its liaisons' addresses."""
    addresses = [unit.email] if unit.email else []
    addresses += list(UnitMembership.objects.filter(unit=unit, role=UnitMembership.Role.LIAISON)
                      .exclude(user__email="").values_list("user__email", flat=True))
    return list(dict.fromkeys(addresses))


def queue_dispatch(complaint):
    """A new report for a unit: to its official address and its liaisons (officers read Indonesian)."""
    return [queue_to(address, "dispatch", settings.LANGUAGE_CODE, complaint, inbox_url=_inbox_url(complaint))
            for address in _officers(complaint.unit)]


def queue_status(complaint, event):
    return queue(complaint, "status", event=event,
                 track_path=f"{segment('track', complaint.language)}/{complaint.tracking_code}/")


def queue_escalation(complaint, to, level, hours):
    return queue_to(to, "escalation", settings.LANGUAGE_CODE, complaint, level=level, hours=hours,
                    inbox_url=_inbox_url(complaint))


def queue_reminder(complaint):
    targets = _officers(complaint.unit) if complaint.unit else [settings.COMPLAINT_DESK_EMAIL]
    return [queue_to(address, "reminder", settings.LANGUAGE_CODE, complaint, inbox_url=_inbox_url(complaint))
            for address in targets]


def queue_confirmation(complaint, page_path=None):
    # The personal-data link waits for the address to be confirmed: a mistyped address must not
    # hand a stranger the reporter's name and phone.
    verify = ComplaintToken.issue(complaint, ComplaintToken.Purpose.VERIFY)
    lang = complaint.language
    return queue(complaint, "confirmation", page_path=page_path,
                 verify_path=f"{segment('verify', lang)}/{verify}/",
                 track_path=f"{segment('track', lang)}/{complaint.tracking_code}/")


def queue_verified(complaint):
    lang = complaint.language
    track_path = f"{segment('track', lang)}/{complaint.tracking_code}/"
    if complaint.anonymous:
        # The address is erased right after this message: no personal data is left to see or correct.
        return queue(complaint, "verified", track_path=track_path, anonymous=True)
    data = ComplaintToken.issue(complaint, ComplaintToken.Purpose.DATA)
    return queue(complaint, "verified", data_path=f"{segment('data', lang)}/{data}/", track_path=track_path)


def queue_email_change(complaint, new_email, page_path=None):
    """A confirmation link to the new address, and word of the request to the current one (which stays
    in use until the link is opened)."""
    lang = complaint.language
    base_url = _absolute(page_path or _complaint_page_url(lang))
    raw = ComplaintToken.issue(complaint, ComplaintToken.Purpose.EMAIL, new_email=new_email)
    queue_to(new_email, "email_confirm", lang, complaint, base_url=base_url,
             confirm_path=f"{segment('verify', lang)}/{raw}/")
    return queue(complaint, "email_change", page_path=page_path, desk_email=settings.COMPLAINT_DESK_EMAIL)


def queue_survey(complaint):
    raw = ComplaintToken.issue(complaint, ComplaintToken.Purpose.SURVEY)
    return queue(complaint, "survey", survey_path=f"{segment('survey', complaint.language)}/{raw}/")


def _backoff(attempts):
    return retry_delay(attempts)


def send_one(email_id):
    """Try to send one message, if no other sender holds it. Returns True when it went out."""
    email = _claim(OutboundEmail.objects.filter(pk=email_id))
    return _send_claimed(email) if email else False


@task()
def deliver(email_id):
    send_one(email_id)


def send_due():
    """Send every pending message whose time has come (and any whose sender died holding it).

    Any number of these may run at once, on any number of servers: each message is claimed by one.
    Returns how many went out.
    """
    sent = 0
    while (email := _claim(OutboundEmail.objects.all())) is not None:
        sent += _send_claimed(email)
    return sent


# Exactly once --------------------------------------------------------------------------------------
#
# 1. Claim, in a short transaction of its own: the row is locked with SKIP LOCKED on PostgreSQL (a
#    second sender takes the next row instead of waiting) and moved to "sending" by an UPDATE that
#    only matches a claimable row, so of two senders that read the same row (SQLite has no row
#    locks) only one wins. The claim carries a random token and a lease (EMAIL_CLAIM_LEASE_SECONDS).
# 2. Call the mail server outside any transaction: no database connection is held open over SMTP.
# 3. Mark it sent (or failed) in a short transaction of its own, only if the claim is still ours.
#    If the database is down at that moment the sender keeps trying, with a growing pause, until
#    the lease runs out: an outage shorter than the lease sends nothing twice.
#
# The one window left: a sender that dies (or a database outage that outlasts the lease) after the
# mail server accepted the message and before the mark commits. The message is then sent again
# once the lease has passed: at-least-once, on purpose. The alternative (never resend a claim that
# expired) would lose a message whenever a sender dies before the mail server took it, which is
# far more likely than dying in the milliseconds between the server's "250 OK" and the commit.
# A message whose senders keep dying gives up after EMAIL_MAX_ATTEMPTS, like one that keeps failing.

_RETRYABLE = (OperationalError, InterfaceError)


def _claimable(now):
    return (Q(state=OutboundEmail.State.PENDING, next_attempt_at__lte=now)
            | Q(state=OutboundEmail.State.SENDING, claimed_until__lt=now))


def _claim(queryset):
    """Claim the first claimable message of `queryset`; None when there is none (or others hold them)."""
    lost = 0
    while lost < 10:  # only SQLite loses races here (no SKIP LOCKED), and someone wins each one
        now = timezone.now()
        with transaction.atomic():
            email = queryset.filter(_claimable(now)).select_for_update(skip_locked=True).first()
            if email is None:
                return None
            token = get_random_string(32)
            fields = {"state": OutboundEmail.State.SENDING, "claimed_by": token,
                      "claimed_until": now + timedelta(seconds=settings.EMAIL_CLAIM_LEASE_SECONDS)}
            if email.state == OutboundEmail.State.SENDING:
                # Its sender died or lost the database mid-send: that was an attempt.
                fields["attempts"] = F("attempts") + 1
            won = OutboundEmail.objects.filter(_claimable(now), pk=email.pk).update(**fields)
        lost += not won
        if won:
            email.refresh_from_db()
            if email.attempts >= settings.EMAIL_MAX_ATTEMPTS:
                _finish(email, state=OutboundEmail.State.FAILED, last_error="ClaimExpired", claimed_until=None)
                logger.warning("E-mail %s given up: its senders stopped %s times.", email.pk, email.attempts)
                continue
            return email
    return None


def _send_claimed(email):
    # Asked before the mail server is called: once it has taken the message, only _finish (which rides
    # out a database outage) may touch the database, or an outage there would send the message again.
    anonymous = bool(email.complaint_id) and Complaint.objects.filter(pk=email.complaint_id, anonymous=True).exists()
    try:
        send_mail(email.subject, email.body, settings.DEFAULT_FROM_EMAIL, [email.to], fail_silently=False)
    except Exception as error:  # any transport failure: keep the message and try later
        attempts = email.attempts + 1
        error_name = type(error).__name__[:200]  # never the message: it may name the address
        next_attempt_at = timezone.now() + _backoff(attempts)
        gave_up = attempts >= settings.EMAIL_MAX_ATTEMPTS
        _finish(email, state=OutboundEmail.State.FAILED if gave_up else OutboundEmail.State.PENDING,
                attempts=attempts, last_error=error_name, next_attempt_at=next_attempt_at, claimed_until=None)
        logger.warning("E-mail %s not sent (attempt %s): %s", email.pk, attempts, error_name)
        if not gave_up and default_task_backend.supports_defer:
            enqueue_after_commit(deliver.using(run_after=next_attempt_at), email.pk)
        return False
    fields = {"state": OutboundEmail.State.SENT, "sent_at": timezone.now(), "claimed_until": None,
              "body": ""}  # the links in it are secrets; once delivered, keep only the record
    if anonymous:
        fields["to"] = ERASED_ADDRESS  # an anonymous reporter's address is not kept once used
    _finish(email, **fields)
    return True


def _finish(email, **fields):
    """Write the outcome of a claimed send, only while the claim is still ours; keeps trying through a
    database outage until the lease runs out (see above)."""
    pause = 0.25
    while True:
        try:
            with transaction.atomic():
                done = OutboundEmail.objects.filter(pk=email.pk, state=OutboundEmail.State.SENDING,
                                                    claimed_by=email.claimed_by).update(**fields)
            break
        except _RETRYABLE:
            if connection.in_atomic_block or timezone.now() + timedelta(seconds=pause) >= email.claimed_until:
                raise  # a caller's transaction cannot be resumed; past the lease, another sender retries
            logger.warning("E-mail %s: database unavailable while recording the send; retrying.", email.pk)
            connection.close()
            time.sleep(pause)
            pause = min(pause * 2, 5)
    if not done:
        logger.error("E-mail %s: its claim was gone (lease ran out, or the message was erased) before "
                     "the send was recorded.", email.pk)
    return done


def deliver_later(email):
    """Hand a message to the task worker once the transaction that wrote it has committed."""
    enqueue_after_commit(deliver, email.pk)  # if the queue is down, send_pending_email sends it
