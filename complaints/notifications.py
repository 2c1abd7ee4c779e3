"""E-mail to reporters through an outbox.

A message is written to OutboundEmail in the same transaction as the change that caused it,
then a background task sends it. A failed send is retried with a growing delay; nothing is lost
while the mail server is down. `manage.py send_pending_email` sends whatever is due (for a
timer, and as a safety net should a task be lost).
"""

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
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
    """Try to send one message. Returns True when it went out."""
    with transaction.atomic():
        email = OutboundEmail.objects.filter(pk=email_id, state=OutboundEmail.State.PENDING).first()
        if email is None:
            return False
        try:
            send_mail(email.subject, email.body, settings.DEFAULT_FROM_EMAIL, [email.to], fail_silently=False)
        except Exception as error:  # any transport failure: keep the message and try later
            email.attempts += 1
            email.last_error = type(error).__name__[:200]  # never the message: it may name the address
            email.next_attempt_at = timezone.now() + _backoff(email.attempts)
            if email.attempts >= settings.EMAIL_MAX_ATTEMPTS:
                email.state = OutboundEmail.State.FAILED
            email.save(update_fields=["attempts", "last_error", "next_attempt_at", "state"])
            logger.warning("E-mail %s not sent (attempt %s): %s", email.pk, email.attempts, email.last_error)
            if email.state == OutboundEmail.State.PENDING and default_task_backend.supports_defer:
                deliver.using(run_after=email.next_attempt_at).enqueue(email.pk)
            return False
        email.state = OutboundEmail.State.SENT
        email.sent_at = timezone.now()
        email.body = ""  # the links in it are secrets; once delivered, keep only the record
        if email.complaint_id and Complaint.objects.filter(pk=email.complaint_id, anonymous=True).exists():
            email.to = ERASED_ADDRESS  # an anonymous reporter's address is not kept once used
        email.save(update_fields=["state", "sent_at", "body", "to"])
        return True


@task()
def deliver(email_id):
    send_one(email_id)


def send_due():
    """Send every pending message whose time has come. Returns how many went out."""
    due = OutboundEmail.objects.filter(state=OutboundEmail.State.PENDING, next_attempt_at__lte=timezone.now())
    return sum(send_one(pk) for pk in due.values_list("pk", flat=True))


def deliver_later(email):
    """Hand a message to the task worker once the transaction that wrote it has committed."""
    enqueue_after_commit(deliver, email.pk)  # if the queue is down, send_pending_email sends it
