"""schema.org JSON-LD for tourism pages, in the page's language."""

from django.utils.html import strip_tags

from cms.jsonld import bogor_address

from .hours import days_of

SCHEMA_DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
TYPES = {"museum": "Museum", "garden": "Park", "heritage": "LandmarksOrHistoricalBuildings",
         "culinary": "TouristAttraction", "other": "TouristAttraction"}


def attraction(page, request):
    data = {
        "@context": "https://schema.org",
        "@type": [TYPES.get(page.kind, "TouristAttraction"), "TouristAttraction"]
        if TYPES.get(page.kind) != "TouristAttraction" else "TouristAttraction",
        "name": page.title,
        "description": strip_tags(page.summary or ""),
        "url": request.build_absolute_uri(page.get_url(request=request)),
        "isAccessibleForFree": page.is_free,
    }
    if page.address:
        data["address"] = bogor_address(page.address)
    if page.latitude is not None and page.longitude is not None:
        data["geo"] = {"@type": "GeoCoordinates", "latitude": float(page.latitude), "longitude": float(page.longitude)}
    hours = list(page.hours.all())
    if hours:
        # One entry per day, as if each day of a range had been entered as its own row.
        data["openingHoursSpecification"] = [
            {"@type": "OpeningHoursSpecification", "dayOfWeek": f"https://schema.org/{SCHEMA_DAYS[day]}",
             "opens": h.opens.strftime("%H:%M"), "closes": h.closes.strftime("%H:%M")}
            for day, h in sorted(((day, h) for h in hours for day in days_of(h.weekday, h.last_weekday)),
                                 key=lambda item: (item[0], item[1].opens))]
    tickets = list(page.tickets.all())
    if tickets:
        data["offers"] = [{"@type": "Offer", "price": t.price, "priceCurrency": "IDR",
                           "name": f"{t.get_visitor_display()}, {t.get_age_display()}, {t.get_days_display()}"}
                          for t in tickets]
    if page.phone:
        data["telephone"] = page.phone
    if page.image_id and getattr(page, "image", None):
        try:
            data["image"] = request.build_absolute_uri(page.image.get_rendition("fill-1200x630|format-jpeg").url)
        except Exception:  # a missing or unreadable source file must not take the page down
            pass
    return data


def _place(page, request):
    venue = page.venue if page.venue_id else None
    place = {"@type": "Place", "name": page.place_name or page.place_address}
    address = page.place_address
    if address:
        place["address"] = bogor_address(address)
    if venue is not None:
        place["url"] = request.build_absolute_uri(venue.get_url(request=request))
        if venue.latitude is not None and venue.longitude is not None:
            place["geo"] = {"@type": "GeoCoordinates", "latitude": float(venue.latitude),
                            "longitude": float(venue.longitude)}
    return place


def event(page, request):
    url = request.build_absolute_uri(page.get_url(request=request))
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": page.title,
        "description": strip_tags(page.summary or ""),
        "url": url,
        "startDate": page.start.isoformat(),
        "eventStatus": "https://schema.org/EventScheduled",
        "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
        "location": _place(page, request),
        "isAccessibleForFree": page.price == 0,
        "offers": {"@type": "Offer", "price": page.price, "priceCurrency": "IDR",
                   "url": page.registration_url or url, "availability": "https://schema.org/InStock"},
    }
    if page.end:
        data["endDate"] = page.end.isoformat()
    organiser = page.organiser_display
    if organiser:
        data["organizer"] = {"@type": "GovernmentOrganization" if page.organiser_id else "Organization",
                             "name": organiser}
    if page.image_id and getattr(page, "image", None):
        try:
            data["image"] = request.build_absolute_uri(page.image.get_rendition("fill-1200x630|format-jpeg").url)
        except Exception:  # a missing or unreadable source file must not take the page down
            pass
    return data
