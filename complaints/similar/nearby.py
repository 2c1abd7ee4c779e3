"""Open reports of the same kind near a place.

Distances: a bounding box in SQL narrows the candidates, then the haversine formula in Python
decides, so the lookup works the same on SQLite and PostgreSQL without a spatial extension.
"""

import math
from decimal import Decimal

from django.conf import settings
from django.utils import timezone

from ..models import Complaint

EARTH_RADIUS_M = 6_371_000
MAX_SUGGESTIONS = 5


def distance_m(lat1, lon1, lat2, lon2):
    lat1, lon1, lat2, lon2 = map(math.radians, map(float, (lat1, lon1, lat2, lon2)))
    a = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(math.sqrt(a))


def nearby(category, *, kelurahan=None, latitude=None, longitude=None, exclude=None, include_confidential=False,
           limit=MAX_SUGGESTIONS):
    """Open reports of `category` within the radius of a point, else in the same kelurahan.

    Returns [(complaint, metres or None)], nearest first, then newest. With a point, reports of the
    same kelurahan that have no coordinates are added after the measured ones: they may be the same.
    """
    if category is None:
        return []
    base = Complaint.objects.open().filter(category=category).select_related("category", "kelurahan")
    if not include_confidential:
        base = base.filter(confidential=False)
    if exclude is not None:
        base = base.exclude(pk=exclude.pk)
    results = []
    if latitude is not None and longitude is not None:
        lat, lon = float(latitude), float(longitude)
        radius = settings.COMPLAINT_DUPLICATE_RADIUS_M
        dlat = radius / 111_320
        dlon = radius / (111_320 * max(math.cos(math.radians(lat)), 0.01))
        box = base.filter(latitude__range=(Decimal(f"{lat - dlat:.6f}"), Decimal(f"{lat + dlat:.6f}")),
                          longitude__range=(Decimal(f"{lon - dlon:.6f}"), Decimal(f"{lon + dlon:.6f}")))
        for complaint in box.order_by("-created_at")[:200]:
            metres = distance_m(lat, lon, complaint.latitude, complaint.longitude)
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
    """What anyone may see of a suggested report: nothing personal, no description, no photos."""
    now = now or timezone.now()
    return {
        "code": complaint.tracking_code,
        "category": complaint.category.name,
        "kelurahan": (complaint.kelurahan.short_name or complaint.kelurahan.name) if complaint.kelurahan else "",
        "status": complaint.get_status_display(),
        "age_days": max((now - complaint.created_at).days, 0),
        "distance_m": round(metres) if metres is not None else None,
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
