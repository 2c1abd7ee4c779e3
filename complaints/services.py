"""What happens to a complaint: saving a new one (intake.py decides whether to), verification, survey,
personal data. Views call these."""

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from wagtail.log_actions import log

from cms.storage import complaint_photo_storage, delete_quietly

from . import deadlines, notifications, photos, places, routing, workflow
from .models import Complaint, ComplaintEvent, ComplaintPhoto, ComplaintToken, SurveyResponse, messages
from .models.complaint import ANONYMOUS_NEVER_KEPT


def submit(data, *, language, key, channel=Complaint.Channel.WEB, kept_uploads=(), page_path=None):
    """Save a complaint, its photos and its first event in one transaction.

    Returns (complaint, created). The same submission_id twice returns the first complaint
    (intake.find_submission() looks first; the unique constraint settles any race).
    `page_path` is the complaint page's URL path, for the links in the e-mail.
    """
    submission_id = data.get("submission_id")
    # The photos go to storage first (photos.PhotoNotStored if it refuses: then nothing is saved), outside the
    # transaction so that a slow bucket holds no database lock, and are deleted again if the rows are not saved.
    stored = photos.store(data.get("photos") or [])
    try:
        with transaction.atomic():
            complaint = _create(data, language=language, key=key, channel=channel, kept_uploads=kept_uploads,
                                page_path=page_path, stored=stored)
    except IntegrityError:
        photos.discard(stored)
        # A double submit that raced past the check above: the other request saved it.
        existing = Complaint.objects.filter(submission_id=submission_id).first() if submission_id else None
        if existing is None:
            raise
        return existing, False
    except BaseException:
        photos.discard(stored)  # no file without its row
        raise
    return complaint, True


def _create(data, *, language, key, channel, kept_uploads, page_path, stored=()):
    complaint = Complaint(
        submission_id=data.get("submission_id"),
        category=data["category"],
        description=data["description"].strip(),
        kelurahan=data.get("kelurahan"),
        address=data.get("address", "").strip(),
        latitude=data.get("latitude"),
        longitude=data.get("longitude"),
        name=data.get("name", "").strip(),
        email=data.get("email", "").strip().lower(),
        phone=data.get("phone", ""),
        anonymous=bool(data.get("anonymous")),
        confidential=bool(data.get("confidential")),
        consent_at=timezone.now(),
        client_key=key,
        language=language,
        channel=channel,
        # Entered by the desk from another channel: the original post and the person's handle.
        channel_reference=(data.get("channel_reference") or "").strip(),
        contact_handle=(data.get("contact_handle") or "").strip(),
        entered_by=data.get("entered_by"),
    )
    if complaint.anonymous:
        # Hidden from everyone, the desk included (access.show_reporter), so never worth keeping; an
        # e-mail address stays only until the report is confirmed (Complaint.forget_anonymous_contact).
        for name in ANONYMOUS_NEVER_KEPT:
            setattr(complaint, name, "")
    complaint.status = Complaint.Status.AWAITING_VERIFICATION if complaint.email else Complaint.Status.RECEIVED
    complaint.due_at = deadlines.add_working_days(complaint.created_at, settings.COMPLAINT_VERIFY_WORKING_DAYS)
    places.fill_kelurahan(complaint)  # before routing: rules may be per kelurahan or kecamatan
    routing.assess(complaint)
    complaint.save()
    for name, width, height in stored:
        ComplaintPhoto.objects.create(complaint=complaint, file=name, width=width, height=height)
    for upload in kept_uploads:
        ComplaintPhoto.objects.create(complaint=complaint, file=upload.file.name, width=upload.width, height=upload.height)
        upload.delete()  # the row only: the file now belongs to the complaint
    ComplaintEvent.objects.create(complaint=complaint, status=Complaint.Status.RECEIVED, **messages.standard(
        "received_confirm" if complaint.email else "received", complaint.language))
    if complaint.email:
        notifications.queue_confirmation(complaint, page_path=page_path)
    return complaint


def verify(token):
    """The reporter opened the link in their e-mail. Returns True if the report is now verified."""
    with transaction.atomic():
        # Conditional updates: a second click, or the desk acting meanwhile, wins nothing twice.
        if not ComplaintToken.objects.filter(pk=token.pk, used_at__isnull=True).update(used_at=timezone.now()):
            return False
        now = timezone.now()
        changed = Complaint.objects.filter(pk=token.complaint_id, status=Complaint.Status.AWAITING_VERIFICATION).update(
            status=Complaint.Status.VERIFIED, verified_at=now, updated_at=now)
        if not changed:
            return False
        complaint = Complaint.objects.get(pk=token.complaint_id)
        ComplaintEvent.objects.create(complaint=complaint, status=complaint.status,
                                      **messages.standard("confirmed", complaint.language))
        notifications.queue_verified(complaint)
        complaint.forget_anonymous_contact()
    return True


def record_survey(token, rating, fixed, comment):
    """Store the reporter's rating; "not fixed" reopens the report once. Returns True if reopened."""
    with transaction.atomic():
        if not ComplaintToken.objects.filter(pk=token.pk, used_at__isnull=True).update(used_at=timezone.now()):
            return False  # the same link sent twice: one answer
        complaint = token.complaint
        SurveyResponse.objects.create(complaint=complaint, rating=rating, fixed=fixed, comment=comment.strip())
        if not fixed and complaint.reopen_count == 0:
            try:
                workflow.apply(complaint, "reopen", None, by_reporter=True, message_key="reopened_by_reporter",
                               internal_note=comment.strip())
                return True
            except workflow.TransitionError:
                pass
        ComplaintEvent.objects.create(complaint=complaint, action="survey", internal_note=comment.strip(),
                                      **messages.standard("survey_thanks", complaint.language))
    return False


def update_personal_data(complaint, name, email, phone, *, page_path=None):
    """The reporter corrects their data through their personal-data link. Name and phone change at
    once, and so does removing the e-mail address; a new address counts only once confirmed there
    (a leaked link must not redirect the reports' news), and the current address hears of the request.
    Returns True when a confirmation link went to a new address."""
    email = email.strip().lower()
    if complaint.anonymous:  # an older anonymous report's link: still nothing that names the person
        name = phone = ""
    complaint.name, complaint.phone = name.strip(), phone
    fields = ["name", "phone", "updated_at"]
    if not email:
        complaint.email = ""
        fields.append("email")
    with transaction.atomic():
        complaint.save(update_fields=fields)
        if not email or email == complaint.email:
            return False
        # One change at a time: an earlier unconfirmed request no longer counts.
        complaint.tokens.filter(purpose=ComplaintToken.Purpose.EMAIL, used_at__isnull=True).update(
            used_at=timezone.now(), new_email="")
        notifications.queue_email_change(complaint, email, page_path=page_path)
    return True


def confirm_email(token):
    """The reporter opened the confirmation link at their new address. Returns True if it is now in use."""
    with transaction.atomic():
        if not ComplaintToken.objects.filter(pk=token.pk, used_at__isnull=True, expires_at__gt=timezone.now()).update(
                used_at=timezone.now(), new_email=""):
            return False
        complaint = Complaint.objects.select_for_update().get(pk=token.complaint_id)
        if complaint.personal_data_erased_at or not token.new_email:
            return False
        complaint.email = token.new_email
        complaint.save(update_fields=["email", "updated_at"])
    return True


def _erase_content(complaint):
    """At the end of the retention period the report keeps only what the figures need (category,
    kelurahan, dates, steps, satisfaction): its text, place and photos can still name or show people,
    and the people who followed it ("I have this problem too") have nothing more to hear."""
    complaint.supporters.all().delete()
    files = [photo.file.name for photo in complaint.photos.all()]
    complaint.photos.all().delete()
    # Files are not transactional: remove them only once the rows are surely gone (from the photo storage,
    # whichever server runs this; one that cannot be deleted now is left to the orphan sweep).
    transaction.on_commit(lambda: delete_quietly(complaint_photo_storage, files))
    complaint.description = ""
    complaint.address = ""
    complaint.latitude = complaint.longitude = None
    complaint.save(update_fields=["description", "address", "latitude", "longitude", "updated_at"])


def erase_personal_data(complaint, *, reason):
    """The one way personal data leaves a report: the reporter's deletion request ("request") and the
    retention period ending ("retention", see retention.py) both come here.

    The audit log records that it happened and why; nothing of the person goes in it.
    """
    with transaction.atomic():
        complaint.erase_personal_data()
        if reason == "retention":
            _erase_content(complaint)
        log(complaint, "complaints.erase_personal_data", data={"reason": reason})
