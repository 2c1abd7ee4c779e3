"""The inbox's filtered list as CSV or XLSX. Reporters' personal data only with its own permission.

The inbox (admin_views.InboxView) is a Wagtail IndexView: this module gives it the columns, the
formula-safe cell preprocessing and the audit entry through SpreadsheetExport, a mixin over
Wagtail's SpreadsheetExportMixin.
"""

import csv
import re
from decimal import Decimal

from django.http import HttpResponse, StreamingHttpResponse
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

COLUMNS = ["tracking_code", "received", "category", "kelurahan", "status", "unit", "due", "channel",
           "address", "latitude", "longitude", "description"]
PERSONAL_COLUMNS = ["name", "email", "phone", "contact_handle"]


def safe(value):
    if isinstance(value, (int, float, Decimal)):
        return value
    value = "" if value is None else CONTROL.sub("", str(value))
    return "'" + value if value.startswith(FORMULA_START) and not PHONE.match(value) else value


def may_export_personal_data(user):
    return user.has_perm(PERSONAL_DATA_PERMISSION)


def columns(user):
    return COLUMNS + PERSONAL_COLUMNS if may_export_personal_data(user) else list(COLUMNS)


def values(c, user, personal):
    """One report's cells, raw (safe() comes after). `c` comes from access.complaints_for()."""
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
    return row


def audit(user, fmt, queryset):
    if may_export_personal_data(user):
        # UU PDP accountability: who took reporters' personal data out of the system, when, how much.
        # Recorded against the officer (user accounts are not registered for Wagtail's log() helper).
        from wagtail.models import ModelLogEntry

        ModelLogEntry.objects.log_action(user, "complaints.export_personal_data", user=user,
                                         data={"format": fmt, "reports": queryset.count()})


class _Echo:
    """A file for csv.writer that hands each written line back instead of keeping it."""

    def write(self, line):
        return line


class SpreadsheetExport:
    """Export for a Wagtail listing of complaints (mixed before IndexView, whose
    SpreadsheetExportMixin reads list_export, the headings and the preprocessing from here).

    The headings stay the plain column names scripts already read; every cell goes through safe();
    a file with personal data writes the audit entry; the response is a download marked private and
    not to be stored: CSV streamed, XLSX (a zip archive, written whole) built in memory.
    """

    @property
    def list_export(self):
        return columns(self.request.user)

    @property
    def export_headings(self):
        return {name: name for name in self.list_export}

    def get_filename(self):
        return f"pengaduan-{timezone.localdate():%Y%m%d}"

    def to_row_dict(self, item):
        fields = self.list_export
        return dict(zip(fields, values(item, self.request.user, len(fields) > len(COLUMNS)), strict=False))

    def preprocess_field_value(self, field, value, export_format):
        return safe(value)

    def as_spreadsheet(self, queryset, spreadsheet_format):
        audit(self.request.user, spreadsheet_format, queryset)
        response = super().as_spreadsheet(queryset.iterator(chunk_size=500), spreadsheet_format)
        response["Cache-Control"] = "private, no-store"
        return response

    def _header(self):
        return [self.export_headings[field] for field in self.list_export]

    def write_csv_response(self, items):
        # Streamed row by row from the database cursor (as_spreadsheet passes an iterator()): a year of
        # reports is never held in memory, and the first bytes leave before the last row is read.
        writer = csv.writer(_Echo())

        def lines():
            yield "\ufeff" + writer.writerow(self._header())  # the BOM: spreadsheet programs then read UTF-8
            for item in items:
                row = self.to_row_dict(item)
                yield writer.writerow([self.preprocess_field_value(f, v, self.FORMAT_CSV) for f, v in row.items()])

        out = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
        out["Content-Disposition"] = f'attachment; filename="{self.get_filename()}.csv"'
        return out

    def write_xlsx_response(self, items):
        from openpyxl import Workbook

        book = Workbook(write_only=True)
        sheet = book.create_sheet(_("Complaints")[:31])
        sheet.append(self._header())
        for item in items:
            # Wagtail's cells: preprocess_field_value() per cell, and nothing is written as a formula.
            sheet.append(self.generate_xlsx_row(sheet, self.to_row_dict(item)))
        out = HttpResponse(content_type=XLSX)
        book.save(out)
        out["Content-Disposition"] = f'attachment; filename="{self.get_filename()}.xlsx"'
        return out
