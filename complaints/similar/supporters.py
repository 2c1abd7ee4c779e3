"""People who have the same problem ("I have this problem too") and follow a report's public steps."""

from django.db import IntegrityError, transaction

from .. import notifications
from ..models import Supporter
from ..paths import segment


def add_supporter(complaint, email, language, *, key="", verified_at=None, from_complaint=None, page_path=None):
    """Make `email` follow `complaint`. Returns the supporter, or None for the reporter's own address.

    A new, unconfirmed supporter gets a link to confirm the address first, as a reporter does.
    """
    email = (email or "").strip().lower()
    if not email or email == complaint.email:
        return None
    try:
        with transaction.atomic():
            supporter, created = Supporter.objects.get_or_create(
                complaint=complaint, email=email,
                defaults={"language": language, "verified_at": verified_at, "from_complaint": from_complaint,
                          "client_key": key})
    except IntegrityError:  # the same person clicked twice at once
        return Supporter.objects.get(complaint=complaint, email=email)
    if not created and verified_at and supporter.verified_at is None:
        supporter.verified_at = verified_at
        supporter.save(update_fields=["verified_at"])
    if created and supporter.verified_at is None:
        queue_supporter_confirmation(supporter, page_path=page_path)
    return supporter


def _supporter_mail(supporter, template, page_path=None, **context):
    base = page_path or notifications._complaint_page_url(supporter.language)
    lang = supporter.language
    # Not linked to the report's outbox rows: erasing the reporter's data must not touch this person's mail.
    return notifications.queue_to(
        supporter.email, template, lang, None, report=supporter.complaint,
        base_url=notifications._absolute(base),
        supporter_path=f"{segment('supporter', lang)}/{supporter.token}/",
        track_path=f"{segment('track', lang)}/{supporter.complaint.tracking_code}/", **context)


def queue_supporter_confirmation(supporter, page_path=None):
    return _supporter_mail(supporter, "supporter_confirm", page_path=page_path)


def queue_supporters(complaint, event):
    """A public step on a report: tell each confirmed supporter, in their own language."""
    supporters = complaint.supporters.filter(verified_at__isnull=False).select_related("complaint")
    return [_supporter_mail(supporter, "supporter_status", event=event) for supporter in supporters]


def supporter_count(complaint):
    return complaint.supporters.count()
