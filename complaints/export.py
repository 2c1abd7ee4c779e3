"""The inbox's filtered list as CSV or XLSX. Reporters' personal data only with its own permission."""

import csv
import re
from decimal import Decimal

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from . import access

PERSONAL_DATA_PERMISSION = "complaints.export_personal_data"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# A cell starting with one of these is a formula to a spreadsheet: citizens' text must stay text.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
PHONE = re.compile(r"^\+\d{6,15}$")  # E.164, as the forms store it: a number, no formula
# Control characters a citizen's text may carry (a vertical tab pasted from a chat) that XLSX cannot
# hold: openpyxl refuses the whole file for one of them (its ILLEGAL_CHARACTERS_RE). Removed before
# the formula check, so that "\x01=..." cannot become a formula once the character is gone.
CONTROL = re.compile(r"[\000-\010\013\014\016-\037]")


def safe(value):
    if isinstance(value, (int, float, Decimal)):
        return value
    value = "" if value is None else CONTROL.sub("", str(value))
    return "'" + value if value.startswith(FORMULA_START) and not PHONE.match(value) else value


def may_export_personal_data(user):
    return user.has_perm(PERSONAL_DATA_PERMISSION)


def rows(queryset, user):
    """Header and rows of what this officer may see. `queryset` comes from access.complaints_for()."""
    personal = may_export_personal_data(user)
    header = ["tracking_code", "received", "category", "kelurahan", "status", "unit", "due", "channel",
              "address", "latitude", "longitude", "description"]
    if personal:
        header += ["name", "email", "phone", "contact_handle"]
    yield header
    for c in queryset.iterator(chunk_size=500):
        row = [c.tracking_code, timezone.localtime(c.created_at).isoformat(timespec="seconds"), c.category.name,
               c.kelurahan or "", c.get_status_display(), c.unit or "",
               timezone.localtime(c.due_at).isoformat(timespec="seconds") if c.due_at else "", c.channel,
               c.address, c.latitude if c.latitude is not None else "", c.longitude if c.longitude is not None else "",
               c.description]
        if personal:
            # Anonymous reporters stay hidden and erased data stays gone, whatever the permission.
            shown = access.show_reporter(user, c)
            # A handle is the only contact of many reports the desk typed in from social media.
            row += [c.name, c.email, c.phone, c.contact_handle] if shown else ["", "", "", ""]
        yield [safe(value) for value in row]


def _filename(fmt):
    return f"pengaduan-{timezone.localdate():%Y%m%d}.{fmt}"


def response(queryset, fmt, user):
    if may_export_personal_data(user):
        # UU PDP accountability: who took reporters' personal data out of the system, when, how much.
        # Recorded against the officer (user accounts are not registered for Wagtail's log() helper).
        from wagtail.models import ModelLogEntry

        ModelLogEntry.objects.log_action(user, "complaints.export_personal_data", user=user,
                                         data={"format": fmt, "reports": queryset.count()})
    if fmt == "xlsx":
        from openpyxl import Workbook

        book = Workbook(write_only=True)
        sheet = book.create_sheet(_("Complaints")[:31])
        for row in rows(queryset, user):
            sheet.append(row)
        out = HttpResponse(content_type=XLSX)
        book.save(out)
    else:
        out = HttpResponse(content_type="text/csv; charset=utf-8")
        out.write("\ufeff")  # so that spreadsheet programs read the file as UTF-8
        writer = csv.writer(out)
        for row in rows(queryset, user):
            writer.writerow(row)
    out["Content-Disposition"] = f'attachment; filename="{_filename(fmt)}"'
    out["Cache-Control"] = "private, no-store"
    return out
