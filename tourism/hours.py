"""Is it open now? Weekly hours with exceptions, in Asia/Jakarta time."""

import datetime
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.utils.translation import gettext_lazy as _

WIB = ZoneInfo("Asia/Jakarta")
WEEKDAYS = [(0, _("Monday")), (1, _("Tuesday")), (2, _("Wednesday")), (3, _("Thursday")), (4, _("Friday")),
            (5, _("Saturday")), (6, _("Sunday"))]
SHORT = [_("Mon"), _("Tue"), _("Wed"), _("Thu"), _("Fri"), _("Sat"), _("Sun")]


@dataclass
class Status:
    is_open: bool
    until: datetime.datetime | None = None  # closing time when open
    next_open: datetime.datetime | None = None  # next opening when closed
    known: bool = True  # False when no hours were entered

    @property
    def next_open_day(self):
        return SHORT[self.next_open.weekday()] if self.next_open else ""


def days_of(first, last=None):
    """The weekdays from `first` to `last` (Monday = 0), wrapping past Sunday: Friday to Monday is
    Friday, Saturday, Sunday, Monday. No `last` (or the same day) means the one day."""
    if last is None or last == first:
        return [first]
    return [(first + i) % 7 for i in range((last - first) % 7 + 1)]


def covers(row, weekday):
    """True when an opening-hours row (one day, or a range of days) applies to `weekday`."""
    return weekday in days_of(row.weekday, getattr(row, "last_weekday", None))


def _intervals_on(day, hours, exceptions):
    """The (start, end) datetimes of opening on `day` (WIB); `end` may fall on the next day."""
    for exc in exceptions:
        if exc.start <= day <= exc.end:
            if exc.closed or not (exc.opens and exc.closes):
                return []
            return [_interval(day, exc.opens, exc.closes)]
    return [_interval(day, h.opens, h.closes) for h in hours if covers(h, day.weekday())]


def _interval(day, opens, closes):
    start = datetime.datetime.combine(day, opens, tzinfo=WIB)
    end = datetime.datetime.combine(day, closes, tzinfo=WIB)
    if end <= start:  # closes after midnight
        end += datetime.timedelta(days=1)
    return start, end


def status(moment, hours, exceptions):
    if not hours and not exceptions:
        return Status(is_open=False, known=False)
    now = moment.astimezone(WIB)
    today = now.date()
    # Yesterday's late opening may still run past midnight.
    for offset in (-1, 0):
        for start, end in _intervals_on(today + datetime.timedelta(days=offset), hours, exceptions):
            if start <= now < end:
                return Status(is_open=True, until=end)
    for offset in range(0, 15):
        for start, _end in sorted(_intervals_on(today + datetime.timedelta(days=offset), hours, exceptions)):
            if start > now:
                return Status(is_open=False, next_open=start)
    return Status(is_open=False)


def week(hours):
    """[(day name, [(opens, closes), ...]), ...] Monday to Sunday, for the hours table."""
    return [(name, sorted((h.opens, h.closes) for h in hours if covers(h, number))) for number, name in WEEKDAYS]
