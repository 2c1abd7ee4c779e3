"""Indonesian dates and times, one style everywhere: "28 November 2026, 11.19 WIB".

Django's own Indonesian formats abbreviate months ("28 Nov. 2026") and drop the hour's leading
zero; the portal writes months in full and times as 08.00 (the Indonesian separator) throughout.
Only what differs is set here: Django falls back to its own module for the rest.
"""

DATE_FORMAT = "j F Y"
TIME_FORMAT = "H.i"
DATETIME_FORMAT = "j F Y, H.i"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j F"
SHORT_DATE_FORMAT = "d/m/Y"
SHORT_DATETIME_FORMAT = "d/m/Y H.i"

# The portal's own (read by cms.dates): a date with its day name (events), and the time zone's label.
WEEKDAY_DATE_FORMAT = "l, j F Y"
TIME_ZONE_LABEL = "WIB"
