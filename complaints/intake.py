"""How a new report comes in, whatever the channel: the citizen's web form, the desk typing one in
from another channel, or another system through Open311.

Each channel's function runs the same steps in the order that channel needs (the attempt counted,
cheap refusals, double-submit protection, rate limits, validation with the photos decoded last,
similar reports, then services.submit()) and returns a Result. Views only turn that Result into their
own response. A refused post keeps nothing: its photos are neither decoded nor stored (only a post
that is valid and within the limits, shown the similar reports first, keeps its photos for the next try).
"""

import enum
import hashlib
import hmac
import operator
import secrets
import uuid
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from functools import reduce

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.forms.utils import ErrorDict
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from . import photos, ratelimit, services
from .forms import ComplaintForm, SupportForm
from .models import ApiRequestLog, Complaint, ComplaintEvent, PendingUpload
from .similar.nearby import MAX_SUGGESTIONS, distance_m, nearby, similar_for_form
from .similar.supporters import add_supporter

# Open311 clients send no submission id: the same report from the same client, reporter and place
# this soon is a resend. "The same place": GPS readings of one spot a minute apart differ by metres.
OPEN311_RESEND_WINDOW = timedelta(minutes=10)
OPEN311_RESEND_RADIUS_M = 15


class Outcome(enum.Enum):
    CREATED = "created"  # a new report was saved
    ALREADY_SENT = "already_sent"  # the same submission again: the report saved the first time
    FOLLOWING = "following"  # "I have this problem too": the sender now follows an existing report
    SIMILAR = "similar"  # open reports of the same kind are close by: the sender decides first
    RATE_LIMITED = "rate_limited"
    INVALID = "invalid"
    PHOTO_NOT_STORED = "photo_not_stored"  # the photo storage failed: nothing saved, the form comes back


# The HTTP status each outcome answers with where a channel shows it (Open311; the forms' pages).
STATUS = {Outcome.CREATED: 201, Outcome.ALREADY_SENT: 200, Outcome.FOLLOWING: 200, Outcome.SIMILAR: 200,
          Outcome.RATE_LIMITED: 429, Outcome.INVALID: 400, Outcome.PHOTO_NOT_STORED: 503}


@dataclass(frozen=True)
class Result:
    outcome: Outcome
    complaint: Complaint | None = None  # CREATED, ALREADY_SENT, FOLLOWING
    form: object = None  # the form to show again (web and desk), with its errors
    kept: tuple = ()  # PendingUploads: photos kept from a valid post, so they need not be attached again
    similar: tuple = ()  # (complaint, metres or None) of open reports nearby, as similar.nearby gives them
    errors: tuple = ()  # (field, message) pairs of what was refused; field "__all__" for the whole request

    @property
    def status(self):
        return STATUS[self.outcome]

    @property
    def saved(self):
        """True when the sender should be shown a report of their own (new or sent before)."""
        return self.outcome in (Outcome.CREATED, Outcome.ALREADY_SENT)


def _refused(outcome, form, message, **extra):
    if form is not None:
        form.add_error(None, message)
        extra.setdefault("kept", tuple(form.kept_uploads))  # photos kept by an earlier try stay kept
    return Result(outcome, form=form, errors=(("__all__", message),), **extra)


def _invalid(*forms, kept=(), similar=()):
    errors = tuple((field, message) for form in forms for field, messages in form.errors.items()
                   for message in messages)
    return Result(Outcome.INVALID, form=forms[0], kept=tuple(kept), similar=tuple(similar), errors=errors)


def _rate_limit_message():
    return _("You have sent several reports in the past hour. Please wait a while before sending another one; "
             "what you typed is still here.")


def _attempts_message():
    return _("This form has been sent many times from your connection in the past hour. Please wait a while "
             "before sending it again; what you typed is still here.")


# Steps ---------------------------------------------------------------------------------------------

def find_submission(submission_id):
    """The complaint already saved for this form submission, if any (None for a malformed id)."""
    try:
        submission_id = uuid.UUID(str(submission_id)) if submission_id else None
    except ValueError:
        return None
    return Complaint.objects.filter(submission_id=submission_id).first() if submission_id else None


def keep_uploads(contents):
    """Store checked photos of a valid post that is not sent yet (similar reports first); return their tokens.
    photos.PhotoNotStored when the storage refuses them."""
    stored = photos.store(contents)
    try:
        with transaction.atomic():
            return [PendingUpload.objects.create(token=secrets.token_urlsafe(24), file=name, width=width,
                                                 height=height).token for name, width, height in stored]
    except BaseException:
        photos.discard(stored)  # no file without its row
        raise


def _photo_not_stored(form):
    """The storage refused the photos: the form comes back with what was typed, the photos kept by an
    earlier try, and the choice to send it without the new ones."""
    message = _("Your photo could not be stored just now, so your report has not been sent yet. Everything you "
                "typed is still here: send it again in a few minutes, or tick \"Send without the photo\" to send "
                "it now without the photo.")
    form.photo_not_stored = True
    return _refused(Outcome.PHOTO_NOT_STORED, form, message)


def kept_photos(form):
    """Photos kept from an earlier try, plus, for a valid form only, its new (checked) photos, stored for
    the next try. An invalid form's photos were never decoded and are not stored."""
    kept = list(form.kept_uploads)
    if form.is_valid() and form.cleaned_data.get("photos"):
        kept += list(PendingUpload.objects.filter(token__in=keep_uploads(form.cleaned_data["photos"])))
    return kept


def _coordinate(value, limit):
    """A coordinate typed into the form, or None: NaN, infinities and numbers off the globe would
    break the distance query."""
    try:
        number = Decimal(value) if value else None
    except ArithmeticError:
        return None
    return number if number is not None and number.is_finite() and abs(number) <= limit else None


# Channels ------------------------------------------------------------------------------------------

def from_web(post, files, *, key, language, page_path):
    """The citizen's form: a new report, or "I have this problem too" (a `support` code in the post)."""
    # Every post counts, whatever becomes of it; then cheap refusals, before any photo is opened or stored.
    too_many = ratelimit.attempts_exceeded(key)
    if post.get("website"):
        return _refused(Outcome.INVALID, ComplaintForm.refused(post, files),
                        _("Your report could not be sent. Please try again."))
    if post.get("support"):
        return support(post, key=key, language=language, page_path=page_path, too_many=too_many)
    if not find_submission(post.get("submission_id", "")[:36] or None):
        # A resend of a saved report only shows that report again, so it is let through.
        if too_many:
            return _refused(Outcome.RATE_LIMITED, ComplaintForm.refused(post, files), _attempts_message())
        if ratelimit.reports_exceeded(key, post.get("email", "")):
            return _refused(Outcome.RATE_LIMITED, ComplaintForm.refused(post, files), _rate_limit_message())
    form = ComplaintForm(post, files)
    if not form.is_valid():
        return _invalid(form, kept=form.kept_uploads)
    data = form.cleaned_data
    existing = find_submission(data.get("submission_id"))
    if existing:  # the same form sent twice: show the first result again
        return Result(Outcome.ALREADY_SENT, complaint=existing)
    similar = [] if post.get("similar_checked") else similar_for_form(data)
    try:
        if similar:
            # The same problem may already be reported nearby: the citizen decides, and keeps the photos.
            return Result(Outcome.SIMILAR, form=form, kept=tuple(kept_photos(form)), similar=tuple(similar))
        complaint, created = services.submit(data, language=language, key=key, kept_uploads=form.kept_uploads,
                                             page_path=page_path)
    except photos.PhotoNotStored:
        return _photo_not_stored(form)
    return Result(Outcome.CREATED if created else Outcome.ALREADY_SENT, complaint=complaint)


def support(post, *, key, language, page_path, too_many=False):
    """Follow an open report instead of sending a new one. The form comes back with only the errors
    of what following needs, not those of the unfinished report. `too_many`: the sender is past the
    attempt limit (from_web counted this post)."""
    form = ComplaintForm(post)
    form._errors, form.cleaned_data = ErrorDict(), {}
    if too_many:
        return _refused(Outcome.RATE_LIMITED, form, _attempts_message())
    # Only a report the public may see in the similar-reports list: an unscreened one is never offered,
    # and answering for its code would tell a stranger that it exists.
    target = Complaint.objects.open().public().screened().by_code(post.get("support", "")).first()
    if target is None:
        return _refused(Outcome.INVALID, form, _("That report can no longer be followed. You can send your own report."))
    request = SupportForm(post)
    if not request.is_valid():
        for field in ("email", "consent"):
            for error in request.errors.get(field, []):
                form.add_error(field, error)
        lat, lon = _coordinate(post.get("latitude"), 90), _coordinate(post.get("longitude"), 180)
        similar = nearby(target.category, kelurahan=target.kelurahan, latitude=lat, longitude=lon)
        if target not in [c for c, _m in similar]:
            similar = [(target, None), *similar][:MAX_SUGGESTIONS]
        return _invalid(form, similar=similar)
    if ratelimit.supports_exceeded(key):
        return _refused(Outcome.RATE_LIMITED, form, _rate_limit_message())
    add_supporter(target, request.cleaned_data["email"], language, key=key, page_path=page_path)
    return Result(Outcome.FOLLOWING, complaint=target)


def from_desk(form, *, user):
    """A report the desk types in from another channel (the form says which): no rate limit, no
    similar-report step (the desk merges duplicates itself), an entry in the audit log."""
    if not form.is_valid():
        return _invalid(form, kept=form.kept_uploads)
    data = dict(form.cleaned_data, entered_by=user)
    existing = find_submission(data.get("submission_id"))
    if existing:
        return Result(Outcome.ALREADY_SENT, complaint=existing)
    try:
        complaint, created = services.submit(data, language=data["language"], key="", channel=data["channel"],
                                             kept_uploads=form.kept_uploads)
    except photos.PhotoNotStored:
        return _photo_not_stored(form)
    if created:
        log(complaint, "complaints.enter", user=user, data={"channel": complaint.channel})
    return Result(Outcome.CREATED if created else Outcome.ALREADY_SENT, complaint=complaint)


def open311_device_key(client, device_id):
    """A keyed hash of the device id a client sends (Open311's `device_id`), "" without one: it tells
    one sender from another (resends, rate limits) like client_key, and names nobody."""
    device_id = (device_id or "").strip()[:200]
    if not device_id:
        return ""
    return hmac.new(settings.SECRET_KEY.encode(), f"open311:{client.pk}:{device_id}".encode(), hashlib.sha256).hexdigest()


def _same_place(complaint, cleaned):
    lat, lon = cleaned.get("latitude"), cleaned.get("longitude")
    if lat is None or complaint.latitude is None:
        # Without points: only the same words for the same place.
        return lat is None and complaint.latitude is None and complaint.kelurahan == cleaned.get("kelurahan") \
            and complaint.address == (cleaned.get("address") or "").strip()
    return distance_m(lat, lon, complaint.latitude, complaint.longitude) <= OPEN311_RESEND_RADIUS_M


def open311_resend(client, cleaned, device_key):
    """The report this one repeats, or None. Only the same client, the same reporter (e-mail, phone or
    device) and the same place make a resend: canned texts from chatbots and kiosks are the same for
    everyone, and taking a second person's report for the first one's would lose it."""
    email, phone = (cleaned.get("email") or "").strip().lower(), cleaned.get("phone") or ""
    reporter = [Q(email=email)] * bool(email) + [Q(phone=phone)] * bool(phone) + \
        [Q(client_key=device_key)] * bool(device_key)
    if not reporter:
        return None  # nobody to recognise: a new report
    candidates = Complaint.objects.filter(
        reduce(operator.or_, reporter), channel=Complaint.Channel.OPEN311, category=cleaned["category"],
        description=cleaned["description"].strip(), created_at__gte=timezone.now() - OPEN311_RESEND_WINDOW,
        pk__in=ApiRequestLog.objects.filter(client=client, method="POST").values("complaint"),
    ).order_by("created_at")
    return next((complaint for complaint in candidates[:20] if _same_place(complaint, cleaned)), None)


def _open311_follow(cleaned):
    """The open report a second person's identical report joins, by the desk's duplicate rule: the
    same category and the same words, within COMPLAINT_DUPLICATE_RADIUS_M of its point, screened by
    the desk (OPEN311_SAME_TEXT_FOLLOWS). Only a person with an e-mail address can follow a report;
    anyone else gets a report of their own."""
    if not settings.OPEN311_SAME_TEXT_FOLLOWS or not cleaned.get("email") or cleaned.get("confidential"):
        return None
    lat, lon = cleaned.get("latitude"), cleaned.get("longitude")
    if lat is None or lon is None:
        return None
    text = cleaned["description"].strip()
    # The public lookup: never an unscreened report, whose code is given to no one but its own reporter.
    for complaint, metres in nearby(cleaned["category"], latitude=lat, longitude=lon, limit=MAX_SUGGESTIONS):
        if metres is not None and complaint.description == text and complaint.email != cleaned["email"].strip().lower():
            return complaint
    return None


def from_open311(form, media, *, client, language, device_id=""):
    """A report another system sends with its api_key. `form` is a ComplaintForm bound to the request's
    fields under our names; `media` holds the optional photo link, which only goes into an internal note."""
    if not form.is_valid() or not media.is_valid():
        return _invalid(form, media)
    cleaned = form.cleaned_data
    device_key = open311_device_key(client, device_id)
    resend = open311_resend(client, cleaned, device_key)
    if resend is not None:
        return Result(Outcome.ALREADY_SENT, complaint=resend)
    if ratelimit.api_client_exceeded(client):
        return _refused(Outcome.RATE_LIMITED, None,
                        _("This api_key has sent its allowed number of reports this hour. Please try later."))
    if ratelimit.reports_exceeded(device_key, cleaned.get("email")):  # the citizen's own limit still holds
        return _refused(Outcome.RATE_LIMITED, None,
                        _("This person has sent several reports in the past hour. Please try later."))
    target = _open311_follow(cleaned)
    if target is not None:
        # Told so in the answer (views.py), and by the confirmation e-mail every new follower gets.
        add_supporter(target, cleaned["email"], language, key=device_key)
        return Result(Outcome.FOLLOWING, complaint=target)
    try:
        complaint, _created = services.submit(cleaned, language=language, key=device_key,
                                              channel=Complaint.Channel.OPEN311)
    except photos.PhotoNotStored:
        return _refused(Outcome.PHOTO_NOT_STORED, None, _("The photo could not be stored just now."))
    note = _("Received through the Open311 API from %(client)s.") % {"client": client.name}
    if media.cleaned_data["media_url"]:
        note += " " + _("Photo link sent with it (an outside address; open with care): %(url)s") % {
            "url": media.cleaned_data["media_url"]}
    ComplaintEvent.objects.create(complaint=complaint, is_public=False, action="note", internal_note=note)
    return Result(Outcome.CREATED, complaint=complaint)
