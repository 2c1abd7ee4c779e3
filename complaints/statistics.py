"""Public figures on complaints: /id/pengaduan/statistik/ = /en/complaints/statistics/.

Counts are aggregated in SQL; the medians and the share answered on time are computed in Python
over one list of timestamps. A fixed number of queries whatever the number of reports; the result
is cached for COMPLAINT_STATISTICS_CACHE_SECONDS, and the page itself by cms.pagecache.cache for anonymous
visitors. Nothing personal is read: no names, contacts, descriptions, addresses or places finer
than the kecamatan.
"""

import statistics as stats
from datetime import datetime

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count
from django.db.models.functions import TruncMonth
from django.utils import timezone, translation
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _

from cms.models import OrganisationUnit

from .models import Category, Complaint, SurveyResponse
from .workflow import response_deadline

MONTHS = 12
CACHE_KEY = "complaints:statistics:v1:{language}"


def _rows(counts, labels, order=None):
    """[(label, count, bar %, share %)] sorted by `order` (keys) or by count; bars relative to the largest."""
    keys = order if order is not None else sorted(counts, key=lambda k: (-counts[k], str(labels.get(k, k))))
    total = sum(counts.values())
    top = max(counts.values(), default=0) or 1
    return [{"label": labels.get(key, key), "count": counts.get(key, 0), "bar": round(100 * counts.get(key, 0) / top),
             "share": round(100 * counts.get(key, 0) / total) if total else 0} for key in keys]


def _median_days(durations):
    values = [d.total_seconds() / 86400 for d in durations if d is not None and d.total_seconds() >= 0]
    return round(stats.median(values), 1) if values else None


def _month_starts(now, count):
    local = timezone.localtime(now)
    year, month = local.year, local.month
    starts = []
    for _i in range(count):
        starts.append(datetime(year, month, 1, tzinfo=local.tzinfo))
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    return starts[::-1]


def compute(now=None):
    """The figures in the active language. Nine queries, however many reports there are."""
    now = now or timezone.now()
    # Each problem counts once: a duplicate merged into another report, and spam, are not reports.
    reports = (Complaint.objects.order_by().exclude(status=Complaint.Status.MERGED)
               .exclude(status=Complaint.Status.REJECTED, rejected_reason="spam"))

    def count_by(field):
        return {row[field]: row["n"] for row in reports.values(field).annotate(n=Count("pk"))}

    by_category = count_by("category")
    by_kecamatan = count_by("kelurahan__parent")
    by_status = count_by("status")
    by_channel = count_by("channel")
    starts = _month_starts(now, MONTHS)
    by_month = {timezone.localtime(row["month"]).date().replace(day=1): row["n"] for row in
                reports.filter(created_at__gte=starts[0]).annotate(month=TruncMonth("created_at"))
                .values("month").annotate(n=Count("pk"))}
    categories = {c.pk: c.name for c in Category.objects.filter(pk__in=[k for k in by_category if k])}
    kecamatan = {u.pk: u.display_name for u in OrganisationUnit.objects.filter(pk__in=[k for k in by_kecamatan if k])}
    kecamatan[None] = _("Place not given")

    # Timings: from receipt to the first answer and to resolution; on time = answered within the
    # response deadline counted from dispatch (working days), late = answered after it or still
    # unanswered past it. Reports still within their deadline are not counted yet.
    on_time = late = 0
    to_response, to_resolution = [], []
    for created, dispatched, responded, resolved in reports.values_list(
            "created_at", "dispatched_at", "first_response_at", "resolved_at").iterator():
        if responded:
            to_response.append(responded - created)
        if resolved:
            to_resolution.append(resolved - created)
        if dispatched:
            due = response_deadline(dispatched)
            if responded:
                on_time, late = (on_time + 1, late) if responded <= due else (on_time, late + 1)
            elif now > due:
                late += 1
    ratings = {row["rating"]: row["n"] for row in SurveyResponse.objects.order_by().values("rating").annotate(n=Count("pk"))}
    rating_labels = dict(SurveyResponse.Rating.choices)
    month_keys = [start.date() for start in starts]

    return {
        "total": sum(by_status.values()),
        "generated_at": now,
        "months": MONTHS,
        "charts": [
            {"id": "by-category", "title": _("Reports by kind of problem"), "label": _("Kind of problem"),
             "rows": _rows(by_category, categories)},
            {"id": "by-kecamatan", "title": _("Reports by district (kecamatan)"), "label": _("District (kecamatan)"),
             "rows": _rows(by_kecamatan, kecamatan)},
            {"id": "by-status", "title": _("Reports by status"), "label": _("Status"),
             "rows": _rows(by_status, {k: str(v) for k, v in Complaint.Status.choices},
                           order=[k for k, _l in Complaint.Status.choices if by_status.get(k)])},
            {"id": "by-channel", "title": _("Reports by channel"), "label": _("Channel"),
             "rows": _rows(by_channel, {k: str(v) for k, v in Complaint.Channel.choices})},
            {"id": "by-month", "title": _("Reports per month (last 12 months)"), "label": _("Month"),
             "rows": _rows(by_month, {k: k for k in month_keys}, order=month_keys), "months": True},
            {"id": "satisfaction", "title": _("Satisfaction of reporters (survey after resolution)"),
             "label": _("Rating"),
             "rows": _rows(ratings, {k: str(v) for k, v in rating_labels.items()},
                           order=sorted(rating_labels, reverse=True))},
        ],
        "answered": on_time + late,
        "on_time": on_time,
        "on_time_share": round(100 * on_time / (on_time + late)) if on_time + late else None,
        "median_response_days": _median_days(to_response),
        "median_resolution_days": _median_days(to_resolution),
        "surveys": sum(ratings.values()),
        "response_days": settings.COMPLAINT_RESPONSE_WORKING_DAYS,
    }


def figures():
    """compute(), cached per language for COMPLAINT_STATISTICS_CACHE_SECONDS."""
    key = CACHE_KEY.format(language=translation.get_language())
    result = cache.get(key)
    if result is None:
        result = compute()
        cache.set(key, result, settings.COMPLAINT_STATISTICS_CACHE_SECONDS)
    return result


def statistics_view(request, page):
    response = page.render(request, template="complaints/statistics.html",
                           context_overrides={"figures": figures(), "form_url": page.get_url(request=request)})
    # Nothing personal here: anonymous visitors share one cached copy (see ComplaintFormPage.serve).
    response.public_page = True
    patch_cache_control(response, public=True, max_age=settings.COMPLAINT_STATISTICS_CACHE_SECONDS)
    return response
