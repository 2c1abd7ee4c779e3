"""Dates and times as visitors, citizens and officers read them, one style per language.

Indonesian: "28 November 2026, 11.19 WIB"; English: "28 November 2026, 11:19 WIB (UTC+7)"
(formats in cms/formats/<lang>/formats.py). Pages, tracking, e-mails and admin lists all go
through `when` (the `|when` template filter of `portal_dates`), so no template picks a format of
its own. Aware datetimes are shown in the site's time zone (Asia/Jakarta); JSON-LD, iCalendar
and `<time datetime>` keep ISO 8601.
"""

import datetime

from django.utils import formats, timezone
from django.utils.dateformat import format as dateformat
from django.utils.translation import get_language

STYLES = ("", "date", "weekday", "time", "notz", "weekday-notz")


def _portal_format(name):
    """A format of the portal's own (not one of Django's names) for the active language."""
    for module in formats.get_format_modules(get_language()):
        value = getattr(module, name, None)
        if value is not None:
            return value
    return {"WEEKDAY_DATE_FORMAT": "l j F Y", "TIME_ZONE_LABEL": "WIB"}[name]


def time_zone_label():
    return _portal_format("TIME_ZONE_LABEL")


def when(value, style=""):
    """Format a date, time or datetime. Styles: "" (date, time and zone), "date", "weekday" (day
    name, date and time with zone), "time" (time only), "notz" / "weekday-notz" (no zone, for a
    range whose end carries it)."""
    if value in (None, ""):
        return ""
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
    elif isinstance(value, datetime.date):
        fmt = _portal_format("WEEKDAY_DATE_FORMAT") if style.startswith("weekday") else formats.get_format("DATE_FORMAT")
        return dateformat(value, fmt)
    elif isinstance(value, datetime.time):
        return dateformat(datetime.datetime.combine(datetime.date(2000, 1, 1), value), formats.get_format("TIME_FORMAT"))
    else:
        return str(value)
    time_text = dateformat(value, formats.get_format("TIME_FORMAT"))
    if style == "time":
        return time_text
    if style == "date":
        return dateformat(value, formats.get_format("DATE_FORMAT"))
    date_fmt = _portal_format("WEEKDAY_DATE_FORMAT") if style.startswith("weekday") else formats.get_format("DATE_FORMAT")
    text = f"{dateformat(value, date_fmt)}, {time_text}"
    return text if style.endswith("notz") else f"{text} {time_zone_label()}"
