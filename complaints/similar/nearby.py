"""Open reports of the same kind near a place.

Distances: a bounding box in SQL narrows the candidates, then the haversine formula in Python
decides, so the lookup works the same on SQLite and PostgreSQL without a spatial extension.

The public lookup (the form's "similar reports nearby") must not locate anyone, anonymous reporters
least of all: it sees only screened, public reports, measures between the public (rounded) points of
the place asked about and of each report, and says the distance in bands. Every answer is thus the
same for any two places in one ~100 m square, and the same for a report wherever its exact point lies
in its square: no more than Open311 publishes. The desk's lookup sees every open report, to the metre.
"""

import math
from decimal import Decimal

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy

from ..geo import PUBLIC_POINT_DECIMALS, public_point
from ..models import Complaint

EARTH_RADIUS_M = 6_371_000
MAX_SUGGESTIONS = 5
# Half a step of the public rounding in degrees: a report whose exact point lies this far outside the
# box may still have its rounded point inside the radius.
_HALF_STEP = 0.5 * 10 ** -PUBLIC_POINT_DECIMALS

# Distance bands for the public, on distances between rounded points (0, ~110, ~157, ~221, ~247 m... in
# Bogor): the same square, the squares around it, further. (upper bound in metres or None, key, label)
DISTANCE_BANDS = (
    (100, "0-100", gettext_lazy("within about 100 m")),
    (250, "100-250", gettext_lazy("about 100–250 m away")),
    (500, "250-500", gettext_lazy("about 250–500 m away")),
    (None, "500+", gettext_lazy("more than 500 m away")),
)


def distance_m(lat1, lon1, lat2, lon2):
    lat1, lon1, lat2, lon2 = map(math.radians, map(float, (lat1, lon1, lat2, lon2)))
    a = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(math.sqrt(a))


def distance_band(metres):
    """(key, label) of the band a public distance falls in, or (None, None) without one."""
    if metres is None:
        return None, None
    for upper, key, label in DISTANCE_BANDS:
        if upper is None or metres < upper:
            return key, label
    raise AssertionError("the last band has no upper bound")


def nearby(category, *, kelurahan=None, latitude=None, longitude=None, exclude=None, desk=False,
           limit=MAX_SUGGESTIONS):
    """Open reports of `category` within the radius of a point, else in the same kelurahan.

    Returns [(complaint, metres or None)], nearest first, then newest. With a point, reports of the
    same kelurahan that have no coordinates are added after the measured ones: they may be the same.
    For the public (`desk` False) only screened public reports, and metres between rounded points;
    the desk also sees confidential and unscreened reports, and the exact distance.
    """
    if category is None:
        return []
    base = Complaint.objects.open().filter(category=category).select_related("category", "kelurahan")
    if not desk:
        base = base.public().screened()
    if exclude is not None:
        base = base.exclude(pk=exclude.pk)
    results = []
    if latitude is not None and longitude is not None:
        lat, lon = (float(latitude), float(longitude)) if desk else public_point(latitude, longitude)
        radius = settings.COMPLAINT_DUPLICATE_RADIUS_M
        margin = 0 if desk else _HALF_STEP
        dlat = radius / 111_320 + margin
        dlon = radius / (111_320 * max(math.cos(math.radians(lat)), 0.01)) + margin
        box = base.filter(latitude__range=(Decimal(f"{lat - dlat:.6f}"), Decimal(f"{lat + dlat:.6f}")),
                          longitude__range=(Decimal(f"{lon - dlon:.6f}"), Decimal(f"{lon + dlon:.6f}")))
        for complaint in box.order_by("-created_at", "-pk")[:200]:
            there = (complaint.latitude, complaint.longitude) if desk else public_point(complaint.latitude,
                                                                                         complaint.longitude)
            metres = distance_m(lat, lon, *there)
            if metres <= radius:
                results.append((complaint, metres))
        results.sort(key=lambda pair: pair[1])
        if kelurahan is not None and len(results) < limit:
            unplaced = base.filter(kelurahan=kelurahan, latitude__isnull=True).order_by("-created_at")
            results += [(complaint, None) for complaint in unplaced[: limit - len(results)]]
    elif kelurahan is not None:
        results = [(complaint, None) for complaint in base.filter(kelurahan=kelurahan).order_by("-created_at")[:limit]]
    return results[:limit]


def public_fields(complaint, metres, page=None, now=None):
    """What anyone may see of a suggested report: nothing personal, no description, no photos, and its
    distance only as a band (`metres` from nearby(), between rounded points)."""
    now = now or timezone.now()
    band, label = distance_band(metres)
    return {
        "code": complaint.tracking_code,
        "category": complaint.category.name,
        "kelurahan": (complaint.kelurahan.short_name or complaint.kelurahan.name) if complaint.kelurahan else "",
        "status": complaint.get_status_display(),
        "age_days": max((now - complaint.created_at).days, 0),
        "distance_band": band,
        "distance": str(label) if label else None,
        "url": page.sub_url("track", complaint.tracking_code) if page else None,
    }


def suggestions(results, page):
    now = timezone.now()
    return [public_fields(complaint, metres, page, now) for complaint, metres in results]


def similar_for_form(data):
    lat, lon = data.get("latitude"), data.get("longitude")
    if lat is None or lon is None:
        lat = lon = None
    return nearby(data.get("category"), kelurahan=data.get("kelurahan"), latitude=lat, longitude=lon)
