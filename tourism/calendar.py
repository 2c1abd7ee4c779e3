"""An event as an iCalendar file (RFC 5545), built with the icalendar library."""

import datetime

from django.utils import timezone
from django.utils.html import strip_tags
from icalendar import Calendar, Event, vGeo


def event_ics(page, request):
    url = request.build_absolute_uri(page.get_url(request=request))
    cal = Calendar()
    cal.add("prodid", "-//Pemerintah Kota Bogor//Portal//ID")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    event = Event()
    # Stable across languages and re-downloads, so a calendar updates the entry rather than duplicating it.
    event.add("uid", f"event-{page.pk}@{request.get_host().split(':')[0]}")
    event.add("dtstamp", timezone.now().astimezone(datetime.timezone.utc))
    event.add("dtstart", page.start.astimezone(datetime.timezone.utc))
    event.add("dtend", (page.end or page.start + datetime.timedelta(hours=2)).astimezone(datetime.timezone.utc))
    event.add("summary", page.title)
    # The organiser goes in the text: ORGANIZER must be a calendar address (mailto:), and none is published.
    parts = [strip_tags(page.summary or "").strip(), page.organiser_display, url]
    event.add("description", "\n\n".join(part for part in parts if part))
    location = ", ".join(part for part in (page.place_name, page.place_address) if part)
    if location:
        event.add("location", location)
    venue = page.venue if page.venue_id else None
    if venue is not None and venue.latitude is not None and venue.longitude is not None:
        event.add("geo", vGeo((float(venue.latitude), float(venue.longitude))))
    event.add("url", url)
    cal.add_component(event)
    return cal.to_ical()
