"""Open311 GeoReport v2 endpoints. Every URL ends in .json or .xml; errors are Open311 error lists.

Reading is public (what the tracking page shows, minus confidential reports); sending needs an
api_key. Requests made with a key are logged against it (method, path, status; nothing personal).
"""

import re
from datetime import UTC, datetime, time, timedelta
from functools import wraps

from django import forms
from django.conf import settings
from django.db.models import CharField, DateTimeField, Func, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce, NullIf
from django.http import JsonResponse
from django.utils import timezone, translation
from django.utils.cache import add_never_cache_headers, patch_vary_headers
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.debug import sensitive_post_parameters
from modeltranslation.utils import build_localized_fieldname, resolution_order

from .. import intake
from ..forms import ComplaintForm
from ..models import Category, Complaint, ComplaintEvent, ComplaintFormPage, ComplaintPhoto, RoutingRule
from ..paths import segment
from . import openapi, serializers
from .models import ApiClient, ApiRequestLog

S = Complaint.Status
LANGUAGES = {code for code, _name in settings.LANGUAGES}
MAX_REQUESTS = 1000
DEFAULT_DAYS = 90
PHOTO = 9  # the photo's column in request_rows()
SLUG = re.compile(r"[-a-zA-Z0-9_]+")
# The status filter as openapi.py publishes it: open, closed or both, comma separated, any case.
STATUS = re.compile(openapi.STATUS_PATTERN)
# Our form's field -> the Open311 parameter, so errors name what the client sent.
PARAMETER = {"category": "service_code", "latitude": "lat", "longitude": "long", "address": "address_string",
             "name": "first_name", "email": "email", "phone": "phone", "description": "description"}


def request_language(request):
    """The `locale` parameter (en, en_US, id-ID...), else Accept-Language, else Indonesian."""
    locale = (request.GET.get("locale") or request.POST.get("locale") or "").replace("_", "-").lower()
    if locale[:2] in LANGUAGES:
        return locale[:2]
    lang = translation.get_language_from_request(request)
    return lang if lang in LANGUAGES else settings.LANGUAGE_CODE


class Refused(Exception):
    def __init__(self, status, *descriptions):
        self.status, self.descriptions = status, descriptions


def endpoint(*methods):
    """Format, language, key, log and headers around an Open311 view `view(request, fmt, **kwargs)`."""

    def decorate(view):
        @csrf_exempt  # no cookies or sessions here: a key in the request is the credential
        @wraps(view)
        def wrapper(request, fmt, **kwargs):
            lang = request_language(request)
            request.open311_client = request.open311_complaint = None
            with translation.override(lang):
                try:
                    if request.method not in methods:
                        raise Refused(405, _("Method not allowed."))
                    raw_key = request.POST.get("api_key") if request.method == "POST" else request.GET.get("api_key")
                    if raw_key or request.method == "POST":
                        request.open311_client = ApiClient.authenticate(raw_key)
                        if request.open311_client is None:
                            raise Refused(403, _("Invalid or revoked api_key."))
                    response = view(request, fmt, **kwargs)
                except Refused as refused:
                    response = serializers.errors(fmt, refused.status, *refused.descriptions)
            if request.method not in methods:
                response["Allow"] = ", ".join(methods)
            if request.open311_client:
                ApiRequestLog.objects.create(client=request.open311_client, method=request.method,
                                             # a %00 in the address would be refused by PostgreSQL
                                             path=request.path.replace("\x00", "")[:200],
                                             status=response.status_code,
                                             complaint=request.open311_complaint)
            response["Content-Language"] = lang
            patch_vary_headers(response, ["Accept-Language"])
            add_never_cache_headers(response)
            return response

        return wrapper

    return decorate


def _base_url(request):
    return request.build_absolute_uri("/api/open311/v2/")


@endpoint("GET")
def discovery(request, fmt):
    return serializers.render({
        "changeset": "2026-11-25T00:00:00+07:00",
        "contact": _("Complaint desk, Diskominfo Kota Bogor: %(email)s") % {"email": settings.COMPLAINT_DESK_EMAIL},
        "key_service": _("Ask the complaint desk for an api_key: %(email)s") % {"email": settings.COMPLAINT_DESK_EMAIL},
        "endpoints": [{
            "specification": "http://wiki.open311.org/GeoReport_v2",
            "url": _base_url(request).rstrip("/"),
            "changeset": "2026-11-25T00:00:00+07:00",
            "type": "production",
            "formats": ["application/json", "text/xml"],
        }],
    }, fmt, "discovery")


def _service_rows(categories):
    """(category, group, keywords): the group is the unit its general routing rule sends reports to."""
    rules = {}
    for rule in (RoutingRule.objects.filter(is_active=True, category__in=categories).select_related("unit")
                 .order_by("priority", "pk")):
        rules.setdefault(rule.category_id, []).append(rule)
    rows = []
    for category in categories:
        mine = rules.get(category.pk, [])
        general = min(mine, key=lambda r: (r.specificity, r.priority), default=None)
        words = sorted({w.strip().lower() for r in mine for w in r.keywords.split(",") if w.strip()})
        rows.append((category, general.unit.name if general else "", ",".join(words)))
    return rows


@endpoint("GET")
def services_list(request, fmt):
    categories = list(Category.objects.filter(is_active=True))
    return serializers.render([serializers.service(c, group, words) for c, group, words in _service_rows(categories)],
                              fmt, "services")


@endpoint("GET")
def service_definition(request, fmt, code):
    category = Category.objects.filter(is_active=True, code=code).first()
    if category is None:
        raise Refused(404, _("No service with this service_code."))
    return serializers.render({"service_code": category.code, "attributes": []}, fmt, "service_definition")


def request_queryset():
    """Public reports: never confidential ones, never spam."""
    return (Complaint.objects.filter(confidential=False).exclude(rejected_reason="spam")
            .order_by("-created_at", "-pk"))


def _translated(*paths):
    """The first non-empty translation of these fields in the active language, in modeltranslation's
    fallback order, worked out by the database (so no model has to be built per report)."""
    lang = translation.get_language()
    columns = [NullIf(f"{prefix}__{build_localized_fieldname(field, code)}", Value(""))
               for prefix, field in paths for code in resolution_order(lang)]
    return Coalesce(*columns, Value(""), output_field=CharField())


class UTCTimestamp(Func):
    """A timestamp as naive UTC on PostgreSQL (`AT TIME ZONE 'UTC'`), the column as it is elsewhere.

    psycopg reads a plain timestamp with its C loader; Django's loader for timestamps with a time
    zone is pure Python and was the largest cost left in a list (3,000 values: ~11 ms against ~0.4 ms).
    """

    output_field = DateTimeField()

    def as_sql(self, compiler, connection, **extra_context):
        return compiler.compile(self.source_expressions[0])

    def as_postgresql(self, compiler, connection, **extra_context):
        sql, params = compiler.compile(self.source_expressions[0])
        return f"({sql} AT TIME ZONE 'UTC')", params


def request_rows(complaints):
    """The columns serializers.service_requests() reads, one query whatever the number of reports.

    Plain tuples rather than models: building 1,000 models (with their translated fields) cost
    more than everything else in a list.
    """
    notes = (ComplaintEvent.objects.filter(complaint=OuterRef("pk"), is_public=True).exclude(public_message="")
             .order_by("-created_at", "-pk").values("public_message")[:1])
    photo = ComplaintPhoto.objects.filter(complaint=OuterRef("pk")).order_by("pk").values("public_id")[:1]
    return list(complaints.annotate(
        open311_notes=Subquery(notes), open311_photo=Subquery(photo),
        open311_service=_translated(("category", "name")),
        open311_external=_translated(("external_body", "name")),
        open311_unit=_translated(("unit", "name")),
        open311_kelurahan=_translated(("kelurahan", "short_name"), ("kelurahan", "name")),
        open311_created=UTCTimestamp("created_at"), open311_updated=UTCTimestamp("updated_at"),
        open311_due=UTCTimestamp("due_at"),
    ).values_list("tracking_code", "status", "open311_created", "open311_updated", "open311_due", "address",
                  "latitude", "longitude",
                  "open311_notes", "open311_photo", "category__code", "open311_service", "open311_external",
                  "open311_unit", "open311_kelurahan"))


def _media_base(request, rows):
    """The URL prefix of the complaint page's photo route, only looked up when a photo is listed."""
    if not any(row[PHOTO] for row in rows):
        return None
    page = ComplaintFormPage.objects.live().first()
    url = page.get_url(request=request) if page else None
    return request.build_absolute_uri(f"{url}{segment('photo')}/") if url else None


def _moment(value, name, end=False):
    if not value:
        return None
    message = _("%(name)s must be a date and time such as 2026-01-31T08:00:00+07:00.") % {"name": name}
    try:
        moment = parse_datetime(value.replace(" ", "+"))  # a "+" in a query string arrives as a space
        if moment is None:
            day = parse_date(value)
            if day is None:
                raise Refused(400, message)
            moment = datetime.combine(day, time.max if end else time.min)
        if timezone.is_naive(moment):
            moment = timezone.make_aware(moment)
        # Well-formed but impossible (2026-02-30), or at the edge of the calendar (0001-01-01): the
        # database needs it in UTC and the default period reaches 90 days before it.
        moment.astimezone(UTC) - timedelta(days=DEFAULT_DAYS)
    except (ValueError, OverflowError):
        raise Refused(400, message) from None
    return moment


def _codes(value):
    return [part.strip() for part in (value or "").split(",") if part.strip()]


def _service_codes(value):
    """Codes that can be a category's (slugs): anything else matches nothing, and never reaches the
    database (PostgreSQL refuses a NUL character in a query)."""
    return [code for code in _codes(value) if SLUG.fullmatch(code)]


def _render_requests(request, fmt, rows):
    return serializers.render(serializers.service_requests(rows, _media_base(request, rows)), fmt, "service_requests")


@endpoint("GET")
def request_detail(request, fmt, code):
    normalised = "".join(ch for ch in code.upper() if ch.isalnum())
    rows = request_rows(request_queryset().filter(tracking_code=normalised)[:1])
    if not rows:
        raise Refused(404, _("No public service request with this id."))
    return _render_requests(request, fmt, rows)


@sensitive_post_parameters("api_key", "email", "first_name", "last_name", "phone", "description", "address_string",
                           "lat", "long")
@endpoint("GET", "POST")
def requests_endpoint(request, fmt):
    if request.method == "POST":
        return _create(request, fmt)
    # Every parameter is read first: a malformed one is a 400 even where ids make the filters moot.
    if "status" in request.GET and not STATUS.fullmatch(request.GET["status"]):
        raise Refused(400, _("status must be open, closed or both (comma separated)."))
    statuses = set(_codes(request.GET.get("status", "").lower()))
    start = _moment(request.GET.get("start_date"), "start_date")
    end = _moment(request.GET.get("end_date"), "end_date", end=True)
    if start and end and start > end:
        raise Refused(400, _("start_date must come before end_date."))
    complaints = request_queryset()
    ids = _codes(request.GET.get("service_request_id"))
    if ids:  # the standard: with ids, the other parameters are ignored
        wanted = ["".join(ch for ch in i.upper() if ch.isalnum()) for i in ids[:MAX_REQUESTS]]
        return _render_requests(request, fmt, request_rows(complaints.filter(tracking_code__in=wanted)))
    # A list shows reports the desk has screened (verified or further), not what arrived a minute ago.
    complaints = complaints.exclude(status__in=[S.RECEIVED, S.AWAITING_VERIFICATION])
    if request.GET.get("service_code"):
        complaints = complaints.filter(category__code__in=_service_codes(request.GET["service_code"]))
    if statuses == {"open"}:
        complaints = complaints.exclude(status__in=serializers.CLOSED)
    elif statuses == {"closed"}:
        complaints = complaints.filter(status__in=serializers.CLOSED)
    start = start or (end or timezone.now()) - timedelta(days=DEFAULT_DAYS)
    complaints = complaints.filter(created_at__gte=start)
    if end:
        complaints = complaints.filter(created_at__lte=end)
    return _render_requests(request, fmt, request_rows(complaints[:MAX_REQUESTS]))


class MediaUrlForm(forms.Form):
    media_url = forms.URLField(max_length=500, required=False, assume_scheme="https")


def _create(request, fmt):
    """A report from another system, through the same intake as the web form."""
    post = request.POST
    code = post.get("service_code", "")
    category = Category.objects.filter(is_active=True, code=code).first() if SLUG.fullmatch(code) else None
    if post.get("service_code") and category is None:
        raise Refused(400, _("service_code: no service with this code; see services.json."))
    email, phone = post.get("email", "").strip(), post.get("phone", "").strip()
    data = {
        "category": category.pk if category else "",
        "description": post.get("description", ""),
        "address": post.get("address_string", ""),
        "latitude": post.get("lat", ""), "longitude": post.get("long", ""),
        "name": " ".join(part.strip() for part in (post.get("first_name", ""), post.get("last_name", "")) if part.strip()),
        "email": email, "phone": phone,
        # With no way to reach the person, the report can only be anonymous.
        "anonymous": "" if (email or phone) else "on",
        # The client system asked the citizen's consent; its key is its promise (see openapi.json).
        "consent": "on",
    }
    result = intake.from_open311(ComplaintForm(data), MediaUrlForm(post), client=request.open311_client,
                                 language=translation.get_language())
    if result.outcome is intake.Outcome.INVALID:
        raise Refused(400, *(f"{'request' if field == '__all__' else PARAMETER.get(field, field)}: {message}"
                             for field, message in result.errors))
    if result.outcome is intake.Outcome.RATE_LIMITED:
        raise Refused(429, *(message for _field, message in result.errors))
    request.open311_complaint = result.complaint
    return _created(result.complaint, fmt, status=result.status)


def _created(complaint, fmt, status):
    notice = _("Thank you. Follow the report with its tracking code %(code)s.") % {"code": complaint.tracking_code}
    return serializers.render([{"service_request_id": complaint.tracking_code, "service_notice": notice,
                                "account_id": None}], fmt, "service_requests", status=status)


def openapi_json(request):
    response = JsonResponse(openapi.description(_base_url(request).rstrip("/")), json_dumps_params={"ensure_ascii": False})
    add_never_cache_headers(response)
    return response


@csrf_exempt
def not_found(request, rest=""):
    fmt = "xml" if rest.endswith(".xml") else "json"
    return serializers.errors(fmt, 404, _("Unknown Open311 address."))
