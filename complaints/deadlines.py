"""Deadlines in working days: weekends, Indonesian public holidays and cuti bersama excluded.

Public holidays and the joint leave days (cuti bersama, the "government" category) come from
the `holidays` package; COMPLAINT_EXTRA_NON_WORKING_DAYS adds days it does not know yet
(a cuti bersama decided late in the year, a local closure).
"""

import datetime
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays
from django.conf import settings

WIB = ZoneInfo("Asia/Jakarta")


@lru_cache(maxsize=32)
def _holidays(year):
    days = set(holidays.country_holidays("ID", years=year, categories=("public", "government")).keys())
    for value in getattr(settings, "COMPLAINT_EXTRA_NON_WORKING_DAYS", ()):
        day = datetime.date.fromisoformat(value)
        if day.year == year:
            days.add(day)
    return frozenset(days)


def is_working_day(day):
    return day.weekday() < 5 and day not in _holidays(day.year)


def add_working_days(start, days):
    """The moment `days` working days after `start`, at the same time of day in WIB.

    Counting starts on the next working day; a report received on a Saturday with 3 working
    days is due on Wednesday at the same hour (Monday, Tuesday, Wednesday).
    """
    local = start.astimezone(WIB)
    day = local.date()
    remaining = days
    while remaining > 0:
        day += datetime.timedelta(days=1)
        if is_working_day(day):
            remaining -= 1
    return datetime.datetime.combine(day, local.timetz()).astimezone(datetime.timezone.utc)
