"""Service request updates, the GeoReport v2 extension FixMyStreet uses (mySociety's Open311 extensions).

GET servicerequestupdates.(json|xml)?start_date&end_date lists the steps of the public timeline (what
a report's tracking page shows under "What has happened") of reports a list may show: never an
internal note, never a confidential, spam or unscreened report, nothing about a person.

POST servicerequestupdates.(json|xml) takes a citizen's comment from a client system: it becomes an
internal note on the report's timeline, and the desk decides what, if anything, is said in public.
"""

from datetime import timedelta

from django import forms
from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q, Subquery, Value
from django.db.models.expressions import OuterRef
from django.db.models.functions import Coalesce, NullIf
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters

from ..models import Complaint, ComplaintEvent, ForwardedComment
from . import queries, serializers
from .statuses import extended_status
from .views import DEFAULT_DAYS, MAX_REQUESTS, Refused, _moment, endpoint

ROOT = "service_request_updates"


def public_updates(start, end):
    """The public timeline steps made within [start, end] of reports a list may show, oldest first."""
    listed = queries.public_requests().screened().order_by().values("pk")
    # A step without a state of its own (a thank-you for a survey answer) keeps the state of the step before it.
    before = Q(created_at__lt=OuterRef("created_at")) | Q(created_at=OuterRef("created_at"), pk__lt=OuterRef("pk"))
    earlier = (ComplaintEvent.objects.filter(before, complaint=OuterRef("complaint"))
               .exclude(status="").order_by("-created_at", "-pk").values("status")[:1])
    return (ComplaintEvent.objects.filter(is_public=True, complaint__in=listed, created_at__gte=start, created_at__lte=end)
            .annotate(state=Coalesce(NullIf("status", Value("")), Subquery(earlier), "complaint__status"))
            .order_by("created_at", "pk")
            .values_list("pk", "complaint__tracking_code", "state", "complaint__rejected_reason", "created_at",
                         "public_message"))


def update_dicts(rows):
    tz = timezone.get_current_timezone()
    return [{
        "update_id": str(pk),
        "service_request_id": code,
        "status": extended_status(state, reason),
        "updated_datetime": created.astimezone(tz),
        "description": message,
        # No timeline step carries a photo of its own; a report's photos are on requests.
        "media_url": None,
        "external_status_code": state,
    } for pk, code, state, reason, created, message in rows]


class CommentForm(forms.Form):
    service_request_id = forms.CharField(max_length=30)
    description = forms.CharField(max_length=4000)
    # FixMyStreet sends OPEN, CLOSED, FIXED, IN_PROGRESS...: what the report looks like there, for the desk.
    status = forms.RegexField(r"^[A-Za-z][A-Za-z _-]{0,39}$", required=False)
    media_url = forms.URLField(max_length=500, required=False, assume_scheme="https")
    updated_datetime = forms.CharField(max_length=40, required=False)
    update_id = forms.CharField(max_length=100, required=False)
    first_name = forms.CharField(max_length=60, required=False)
    last_name = forms.CharField(max_length=60, required=False)
    email = forms.EmailField(required=False)
    phone = forms.CharField(max_length=40, required=False)


def _note(client, data):
    """The desk's note, in the desk's language: the comment, and what the client said around it."""
    with translation.override(settings.LANGUAGE_CODE):
        lines = [_("A citizen's comment forwarded by %(client)s:") % {"client": client.name}, data["description"]]
        if data["status"]:
            lines.append(_("Status at %(client)s: %(status)s") % {"client": client.name, "status": data["status"]})
        if data["media_url"]:
            lines.append(_("Link to a photo (not opened by the city, not published): %(url)s")
                         % {"url": data["media_url"]})
    return "\n".join(lines)


def _phone(raw):
    """A phone number as a reporter's is kept (up to 20 characters of digits and +, spaces, dashes); else none."""
    raw = raw.strip()
    return raw if len(raw) <= 20 and raw and all(ch.isdigit() or ch in "+ -()" for ch in raw) else ""


def _comment(request, fmt):
    form = CommentForm(request.POST)
    if not form.is_valid():
        raise Refused(400, *(f"{field}: {message}" for field, messages in form.errors.items() for message in messages))
    data = form.cleaned_data
    commented_at = _moment(data["updated_datetime"], "updated_datetime")
    complaint = Complaint.objects.by_code(data["service_request_id"]).first()
    if complaint is None:
        raise Refused(404, _("service_request_id: no service request with this id."))
    client, external_id = request.open311_client, data["update_id"].strip()
    request.open311_complaint = complaint
    existing = ForwardedComment.objects.filter(client=client, external_id=external_id).first() if external_id else None
    if existing is None:
        try:
            with transaction.atomic():
                event = ComplaintEvent.objects.create(complaint=complaint, is_public=False, action="comment",
                                                      internal_note=_note(client, data))
                existing = ForwardedComment.objects.create(
                    complaint=complaint, event=event, client=client, external_id=external_id,
                    status=data["status"], media_url=data["media_url"], commented_at=commented_at,
                    name=" ".join(part.strip() for part in (data["first_name"], data["last_name"]) if part.strip())[:120],
                    email=data["email"].lower(), phone=_phone(data["phone"]))
            status = 201
        except IntegrityError:  # the same comment sent twice at once: the first one stands
            existing = ForwardedComment.objects.get(client=client, external_id=external_id)
            status = 200
    else:
        status = 200  # sent again (a retry): the same update, not a second note
    if existing.complaint_id != complaint.pk:
        raise Refused(400, _("update_id: this update was sent for another service request."))
    return serializers.render([{"update_id": str(existing.event_id)}], fmt, ROOT, status=status)


@sensitive_post_parameters("api_key", "email", "first_name", "last_name", "phone", "description", "media_url")
@endpoint("GET", "POST")
def service_request_updates(request, fmt):
    if request.method == "POST":
        return _comment(request, fmt)
    start = _moment(request.GET.get("start_date"), "start_date")
    end = _moment(request.GET.get("end_date"), "end_date", end=True)
    if start and end and start > end:
        raise Refused(400, _("start_date must come before end_date."))
    end = end or timezone.now()
    start = start or end - timedelta(days=DEFAULT_DAYS)
    rows = public_updates(start, end)[:MAX_REQUESTS]
    return serializers.render(update_dicts(rows), fmt, ROOT)
