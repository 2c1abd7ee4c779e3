"""Open311 GeoReport v2 endpoints. Every URL ends in .json or .xml; errors are Open311 error lists.

Reading is public (what the tracking page shows, minus confidential reports); sending needs an
api_key. Requests made with a key are logged against it (method, path, status; nothing personal).
"""

import re
from datetime import UTC, datetime, time, timedelta
from functools import wraps

from django import forms
from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.http import JsonResponse
from django.utils import timezone, translation
from django.utils.cache import add_never_cache_headers, patch_vary_headers
from django.utils.datastructures import MultiValueDict
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.debug import sensitive_post_parameters

from .. import intake, ratelimit
from ..forms import ComplaintForm, normalise_phone
from ..paths import segment
from . import openapi, queries, serializers
from .models import ApiClient, ApiRequestLog

LANGUAGES = {code for code, _name in settings.LANGUAGES}
MAX_REQUESTS = 1000
# Ids one request may ask for: enough for any client following its reports, too few to try codes in bulk.
MAX_IDS = 50
DEFAULT_DAYS = 90
SLUG = re.compile(r"[-a-zA-Z0-9_]+")
# The status filter as openapi.py publishes it: open, closed or both, comma separated, any case.
STATUS = re.compile(openapi.STATUS_PATTERN)
# Our form's field -> the Open311 parameter, so errors name what the client sent.
PARAMETER = {"category": "service_code", "latitude": "lat", "longitude": "long", "address": "address_string",
             "name": "first_name", "email": "email", "phone": "phone", "description": "description",
             "photos": "media"}


def request_language(request, body=True):
    """The `locale` parameter (en, en_US, id-ID...), else Accept-Language, else Indonesian."""
    locale = (request.GET.get("locale") or (request.POST.get("locale") if body else "") or "").replace("_", "-").lower()
    if locale[:2] in LANGUAGES:
        return locale[:2]
    lang = translation.get_language_from_request(request)
    return lang if lang in LANGUAGES else settings.LANGUAGE_CODE


class Refused(Exception):
    def __init__(self, status, *descriptions):
        self.status, self.descriptions = status, descriptions


def _too_large(request):
    """A body over Django's limits (DATA_UPLOAD_MAX_MEMORY_SIZE, number of fields) or, with files, over
    what the photos a report may carry add: answered with an Open311 413, not Django's HTML 400. A
    declared length over the limit is refused unread."""
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    if limit is not None and request.content_type == "multipart/form-data":
        limit += settings.COMPLAINT_MAX_PHOTOS * settings.COMPLAINT_PHOTO_MAX_BYTES
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if limit is not None and length > limit:
        return True
    if request.method == "POST":
        try:
            request.POST  # noqa: B018 (parsed here, once, so the limits are met before any view reads it)
        except (RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent):
            return True
    return False


def endpoint(*methods):
    """Format, language, key, log and headers around an Open311 view `view(request, fmt, **kwargs)`."""

    if "GET" in methods:
        methods += ("HEAD",)  # what a GET answers, without the body

    def decorate(view):
        @csrf_exempt  # no cookies or sessions here: a key in the request is the credential
        @wraps(view)
        def wrapper(request, fmt, **kwargs):
            too_large = _too_large(request)
            lang = request_language(request, body=not too_large)
            request.open311_client = request.open311_complaint = None
            with translation.override(lang):
                try:
                    if too_large:
                        raise Refused(413, _("The request is too large."))
                    if request.method not in methods:
                        raise Refused(405, _("Method not allowed."))
                    # In the body or the query string (clients do both).
                    raw_key = (request.POST.get("api_key") if request.method == "POST" else "") or \
                        request.GET.get("api_key")
                    if raw_key or request.method == "POST":
                        request.open311_client = ApiClient.authenticate(raw_key)
                        # Reading is public: a wrong key there is ignored, not a reason to refuse.
                        if request.open311_client is None and request.method == "POST":
                            raise Refused(403, _("Invalid or revoked api_key."))
                    response = view(request, fmt, **kwargs)
                except Refused as refused:
                    response = serializers.errors(fmt, refused.status, *refused.descriptions)
                    if refused.status == 503:
                        response["Retry-After"] = "120"
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


@endpoint("GET")
def services_list(request, fmt):
    return serializers.render([serializers.service(row) for row in queries.service_rows()], fmt, "services")


@endpoint("GET")
def service_definition(request, fmt, code):
    category = queries.active_category(code)
    if category is None:
        raise Refused(404, _("No service with this service_code."))
    return serializers.render({"service_code": category.code, "attributes": []}, fmt, "service_definition")


def _media_base(request, rows):
    """The URL prefix of the complaint page's photo route, only looked up when a photo is listed."""
    if not any(row.photo for row in rows):
        return None
    page = queries.complaint_page()
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


def _limit_lookups(request):
    if ratelimit.open311_lookups_exceeded(request, request.open311_client):
        raise Refused(429, _("Too many lookups by id from this address. Please wait a few minutes."))


@endpoint("GET")
def request_detail(request, fmt, code):
    _limit_lookups(request)
    rows = queries.request_rows(queries.requests_by_id([code], request.open311_client)[:1])
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
    # What changed in public (see queries.last_public_change) in this window: a poller's question.
    after = _moment(request.GET.get("updated_after"), "updated_after")
    before = _moment(request.GET.get("updated_before"), "updated_before", end=True)
    if after and before and after > before:
        raise Refused(400, _("updated_after must come before updated_before."))
    ids = _codes(request.GET.get("service_request_id"))
    if ids:  # the standard: with ids, the other parameters are ignored
        _limit_lookups(request)
        if len(ids) > MAX_IDS:
            raise Refused(400, _("service_request_id: at most %(max)d ids per request.") % {"max": MAX_IDS})
        return _render_requests(request, fmt, queries.request_rows(queries.requests_by_id(ids, request.open311_client)))
    codes = _service_codes(request.GET["service_code"]) if request.GET.get("service_code") else None
    if before and not after:
        after = before - timedelta(days=DEFAULT_DAYS)
    if not (start or after):  # by default the last 90 days: of arrival, or of change when that is asked
        start = (end or timezone.now()) - timedelta(days=DEFAULT_DAYS)
    complaints = queries.listed_requests(service_codes=codes, statuses=statuses, start=start, end=end,
                                         updated_after=after, updated_before=before)
    return _render_requests(request, fmt, queries.request_rows(complaints[:MAX_REQUESTS]))


class MediaUrlForm(forms.Form):
    media_url = forms.URLField(max_length=500, required=False, assume_scheme="https")


def _create(request, fmt):
    """A report from another system, through the same intake as the web form."""
    post = request.POST
    code = post.get("service_code", "")
    category = queries.active_category(code) if SLUG.fullmatch(code) else None
    if post.get("service_code") and category is None:
        raise Refused(400, _("service_code: no service with this code; see services.json."))
    email, phone = post.get("email", "").strip(), normalise_phone(post.get("phone"))
    notices = []
    if phone is None:  # a number we cannot read is no reason to lose the report
        phone = ""
        notices.append(_("phone: the number could not be read, so it was left out of the report."))
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
    # Photos may come as multipart `media` files (checked and re-encoded like the web form's); a media_url stays a link.
    files = MultiValueDict({"photos": request.FILES.getlist("media")}) if request.FILES.getlist("media") else None
    result = intake.from_open311(ComplaintForm(data, files), MediaUrlForm(post), client=request.open311_client,
                                 language=translation.get_language(), device_id=post.get("device_id", ""))
    if result.outcome is intake.Outcome.PHOTO_NOT_STORED:
        raise Refused(503, _("The photo could not be stored just now, so the report was not saved. Send it again "
                             "in a few minutes, or without the media file."))
    if result.outcome is intake.Outcome.INVALID:
        raise Refused(400, *(f"{'request' if field == '__all__' else PARAMETER.get(field, field)}: {message}"
                             for field, message in result.errors))
    if result.outcome is intake.Outcome.RATE_LIMITED:
        raise Refused(429, *(message for _field, message in result.errors))
    request.open311_complaint = result.complaint
    if result.outcome is intake.Outcome.FOLLOWING:
        notices.insert(0, _("This problem was already reported nearby as %(code)s. This person now follows that "
                            "report and gets its updates once they confirm the link sent to their e-mail.")
                       % {"code": result.complaint.tracking_code})
    return _created(result.complaint, fmt, status=result.status, notices=notices)


def _created(complaint, fmt, status, notices=()):
    notice = _("Thank you. Follow the report with its tracking code %(code)s.") % {"code": complaint.tracking_code}
    notice = " ".join([*notices, notice])
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
