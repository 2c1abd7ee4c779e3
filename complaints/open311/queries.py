"""What the Open311 API reads from the database. Rendering is in serializers.py, requests in views.py.

Reports come back as RequestRow, not models: building 1,000 models (with their translated fields)
cost more than everything else in a list.
"""

import time
from datetime import datetime
from decimal import Decimal
from typing import NamedTuple

from django.db.models import CharField, DateTimeField, F, Func, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce, NullIf
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils import translation
from modeltranslation.utils import build_localized_fieldname, resolution_order

from cms.models import OrganisationUnit

from .. import routing
from ..models import ApiRequestLog, Category, Complaint, ComplaintEvent, ComplaintFormPage, ComplaintPhoto

# Our states seen from outside: done for the city (or merged into another report) is "closed".
CLOSED = Complaint.CLOSED_STATES


class ServiceRow(NamedTuple):
    category: Category
    group: str  # the name of the category's default unit (routing.default_rule), or ""
    keywords: str  # every active rule's keywords, lower case, comma separated


class RequestRow(NamedTuple):
    """One report as Open311 shows it. Names come in the active language; times are naive UTC on
    PostgreSQL (see UTCTimestamp) and aware elsewhere."""

    code: str
    status: str
    created: datetime
    updated: datetime
    due: datetime | None
    lat: Decimal | None
    long: Decimal | None
    notes: str | None  # the latest public message
    photo: str | None  # the first photo's public id
    service_code: str
    service_name: str
    external_body: str  # the outside body a report was sent on to, if any
    unit: str
    kelurahan: str
    rejected_reason: str
    kecamatan: str  # the kelurahan's (its parent unit)


# request_rows() reads these ids and names them from unit_names(), not through four joins.
UNIT_COLUMNS = ("external_body", "unit", "kelurahan")


# RequestRow's field -> the column or annotation request_rows() reads it from.
COLUMNS = {"code": "tracking_code", "status": "status", "created": "open311_created", "updated": "open311_updated",
           "due": "open311_due", "lat": "latitude", "long": "longitude",
           "notes": "open311_notes", "photo": "open311_photo", "service_code": "category__code",
           "service_name": "open311_service", "external_body": "external_body_id", "unit": "unit_id",
           "kelurahan": "kelurahan_id", "rejected_reason": "rejected_reason"}


def active_category(code):
    return Category.objects.filter(is_active=True, code=code).first()


def service_rows():
    """The active categories as services, with the group and keywords their routing rules give them."""
    categories = list(Category.objects.filter(is_active=True))
    rules = routing.rules_by_category(categories)
    rows = []
    for category in categories:
        mine = rules.get(category.pk, [])
        default = routing.default_rule(mine)
        words = sorted({w.strip().lower() for r in mine for w in r.keywords.split(",") if w.strip()})
        rows.append(ServiceRow(category, default.unit.name if default else "", ",".join(words)))
    return rows


def public_requests():
    """Public reports: never confidential ones, never spam."""
    return Complaint.objects.public().order_by("-created_at", "-pk")


def requests_by_id(codes, client=None):
    """Reports by id, screened as lists are (an id is no way round the desk's screening); a client
    also sees the reports it sent itself, so it can follow them from the start."""
    visible = ~Q(status__in=Complaint.UNSCREENED_STATES)
    if client is not None:
        visible |= Q(pk__in=ApiRequestLog.objects.filter(client=client, method="POST", complaint__isnull=False)
                     .values("complaint"))
    return public_requests().by_codes(codes).filter(visible)


def last_public_change():
    """When a report last changed in public: its latest public timeline step, else its arrival. Not
    updated_at, which also moves for what only officers see (an escalation, a reminder, an erasure).
    A stored, indexed column (Complaint.public_updated_at), kept by ComplaintEvent.save()."""
    return F("public_updated_at")


def listed_requests(*, service_codes=None, statuses=frozenset(), start=None, end=None, updated_after=None,
                    updated_before=None):
    """The reports a list shows: screened by the desk (verified or further), of these services (all
    with None), open or closed or both (`statuses`), created within the period, and last changed in
    public within (updated_after, updated_before)."""
    # Not what arrived a minute ago: a list shows only what the desk has looked at.
    complaints = public_requests().screened()
    if service_codes is not None:
        complaints = complaints.filter(category__code__in=service_codes)
    if statuses == {"open"}:
        complaints = complaints.open()
    elif statuses == {"closed"}:
        complaints = complaints.closed()
    if start:
        complaints = complaints.filter(created_at__gte=start)
    if end:
        complaints = complaints.filter(created_at__lte=end)
    if updated_after or updated_before:
        # A report verified (or answered) long after it arrived shows up for a poller of recent changes.
        if updated_after:
            complaints = complaints.filter(public_updated_at__gte=updated_after)
        if updated_before:
            complaints = complaints.filter(public_updated_at__lte=updated_before)
        # Oldest change first: a poller capped at MAX_REQUESTS goes on from the last one it saw.
        complaints = complaints.order_by("public_updated_at", "pk")
    return complaints


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


_UNIT_NAMES_SECONDS = 60
_unit_names = {}  # language -> (expires, {pk: UnitName})


class UnitName(NamedTuple):
    name: str  # as an agency is named
    place: str  # as a kelurahan or kecamatan is named: its short name if it has one
    parent_id: int | None


def _first_translation(unit, field, lang):
    for code in resolution_order(lang):
        if value := getattr(unit, build_localized_fieldname(field, code)):
            return value
    return ""


def unit_names():
    """Every unit's names in the active language, in modeltranslation's fallback order. About 160 rows
    that change a few times a year: each process reads them once a minute (and again at once after a
    change it made itself) instead of joining them four times into every list."""
    lang = translation.get_language()
    now = time.monotonic()
    cached = _unit_names.get(lang)
    if cached and cached[0] > now:
        return cached[1]
    names = {}
    for unit in OrganisationUnit.objects.all():
        name = _first_translation(unit, "name", lang)
        names[unit.pk] = UnitName(name, _first_translation(unit, "short_name", lang) or name, unit.parent_id)
    _unit_names[lang] = (now + _UNIT_NAMES_SECONDS, names)
    return names


@receiver([post_save, post_delete], sender=OrganisationUnit)
def _forget_unit_names(**kwargs):
    _unit_names.clear()


def request_rows(complaints):
    """These reports as RequestRows, in one query whatever their number (and, once a minute, one for
    the units' names)."""
    notes = (ComplaintEvent.objects.filter(complaint=OuterRef("pk"), is_public=True).exclude(public_message="")
             .order_by("-created_at", "-pk").values("public_message")[:1])
    photo = ComplaintPhoto.objects.filter(complaint=OuterRef("pk")).order_by("pk").values("public_id")[:1]
    values = complaints.annotate(
        open311_notes=Subquery(notes), open311_photo=Subquery(photo),
        open311_service=_translated(("category", "name")),
        open311_created=UTCTimestamp("created_at"), open311_updated=UTCTimestamp(last_public_change()),
        open311_due=UTCTimestamp("due_at"),
    ).values_list(*(COLUMNS[field] for field in RequestRow._fields[:-1]))
    units = unit_names()
    none = UnitName("", "", None)
    external, unit, kelurahan = (RequestRow._fields.index(f) for f in UNIT_COLUMNS)
    rows = []
    for value in values:
        value = list(value)
        value[external] = units.get(value[external], none).name
        value[unit] = units.get(value[unit], none).name
        place = units.get(value[kelurahan], none)
        value[kelurahan] = place.place
        value.append(units.get(place.parent_id, none).place)
        rows.append(RequestRow._make(value))
    return rows


def complaint_page():
    """The live complaint page, whose photo route serves a report's photos; None without one."""
    return ComplaintFormPage.objects.live().first()
