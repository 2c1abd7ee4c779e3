"""English (British) dates and times, one style everywhere: "28 November 2026, 11:19 WIB (UTC+7)".

Django's English formats are American ("Nov. 28, 2026, 11:19 a.m."); the portal writes British
English, months in full and a 24-hour clock, and says what WIB is for visitors from abroad.
"""

DATE_FORMAT = "j F Y"
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "j F Y, H:i"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j F"
SHORT_DATE_FORMAT = "d/m/Y"
SHORT_DATETIME_FORMAT = "d/m/Y H:i"

WEEKDAY_DATE_FORMAT = "l j F Y"
TIME_ZONE_LABEL = "WIB (UTC+7)"
