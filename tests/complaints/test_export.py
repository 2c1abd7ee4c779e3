"""Export of the inbox's filtered list as CSV and XLSX; reporters' personal data only with its permission."""

import csv
import io

import pytest
from django.contrib.auth.models import Permission
from openpyxl import load_workbook

from cms.models import OrganisationUnit
from complaints import routing
from complaints.models import Category, Complaint
from tests.factories import officer

pytestmark = pytest.mark.django_db
S = Complaint.Status
INBOX = "/admin/complaints/inbox/"


def make(category="jalan-rusak", unit_code="dpupr", description="Jalan berlubang di Jl. Semeru.", **fields):
    fields = {"name": "Budi Warga", "email": "budi@contoh.id", "phone": "+6281234567890", **fields}
    complaint = Complaint(category=Category.objects.get(code=category), description=description, address="Jl. Semeru",
                          status=S.DISPATCHED, unit=OrganisationUnit.objects.get(code=unit_code), **fields)
    routing.assess(complaint)
    complaint.save()
    return complaint


@pytest.fixture
def login(verified_login, django_user_model):
    def as_user(username, personal_data=False):
        user = officer(username)
        if personal_data:
            user.user_permissions.add(Permission.objects.get(codename="export_personal_data"))
        return verified_login(django_user_model.objects.get(pk=user.pk))  # fresh: no cached permissions
    return as_user


def body(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


def read_csv(response):
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(body(response).decode("utf-8-sig"))))


def read_xlsx(response):
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert response["Content-Disposition"].endswith('.xlsx"')
    sheet = load_workbook(io.BytesIO(response.content), read_only=True).active
    return [["" if v is None else v for v in row] for row in sheet.iter_rows(values_only=True)]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_filtered_export_without_personal_data(login, fmt):
    road = make()
    make(category="parkir-liar", unit_code="dishub", description="Parkir liar di trotoar.")
    response = login("desk").get(f"{INBOX}?export={fmt}&category={road.category_id}")
    rows = read_csv(response) if fmt == "csv" else read_xlsx(response)
    header, body = rows[0], rows[1:]
    assert "name" not in header and "email" not in header
    assert [r[0] for r in body] == [road.tracking_code]  # the inbox filter applies
    flat = repr(rows)
    assert "Budi" not in flat and "budi@contoh.id" not in flat and "6281234567890" not in flat
    assert dict(zip(header, body[0], strict=True))["description"] == "Jalan berlubang di Jl. Semeru."


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_personal_data_only_with_the_permission(login, fmt):
    named = make()
    anonymous = make(anonymous=True, name="", email="", phone="")
    erased = make()
    erased.erase_personal_data()
    rows = (read_csv if fmt == "csv" else read_xlsx)(login("desk", personal_data=True).get(f"{INBOX}?export={fmt}"))
    records = {r[0]: dict(zip(rows[0], r, strict=True)) for r in rows[1:]}
    assert (records[named.tracking_code]["name"], records[named.tracking_code]["email"]) == ("Budi Warga", "budi@contoh.id")
    assert records[named.tracking_code]["phone"] == "+6281234567890"
    assert records[anonymous.tracking_code]["name"] == "" and records[erased.tracking_code]["email"] == ""


def test_a_desk_entered_handle_is_exported_and_every_personal_export_is_audited(login, django_user_model):
    from wagtail.models import ModelLogEntry

    social = make(name="", email="", phone="", contact_handle="@warga_bogor", channel="instagram")
    plain = login("desk").get(f"{INBOX}?export=csv")
    assert "@warga_bogor" not in body(plain).decode("utf-8-sig")
    assert not ModelLogEntry.objects.filter(action="complaints.export_personal_data").exists()
    rows = read_csv(login("desk", personal_data=True).get(f"{INBOX}?export=csv"))
    social_row = next(r for r in rows if r[0] == social.tracking_code)
    assert dict(zip(rows[0], social_row, strict=True))["contact_handle"] == "'@warga_bogor"  # kept as text, not a formula
    entry = ModelLogEntry.objects.get(action="complaints.export_personal_data")
    assert entry.user.username == "desk" and entry.data["format"] == "csv" and entry.data["reports"] == len(rows) - 1
    assert "@warga_bogor" not in repr(entry.data)
    history = login("admin").get("/admin/reports/site-history/")
    assert history.status_code == 200


def test_liaison_exports_only_their_unit(login):
    mine = make(unit_code="dishub", category="parkir-liar", description="Parkir liar di trotoar.")
    other = make()
    rows = read_xlsx(login("dishub", personal_data=True).get(f"{INBOX}?export=xlsx"))
    codes = [r[0] for r in rows[1:]]
    assert codes == [mine.tracking_code] and other.tracking_code not in repr(rows)
    assert rows[1][rows[0].index("name")] == "Budi Warga"  # their own unit's reporter, with the permission


def test_formulas_stay_text(login):
    make(description="=HYPERLINK(\"http://evil.example\",\"klik\") jalan rusak")
    rows = read_xlsx(login("desk").get(f"{INBOX}?export=xlsx"))
    cell = rows[1][rows[0].index("description")]
    assert cell.startswith("'=HYPERLINK")
    csv_rows = read_csv(login("desk").get(f"{INBOX}?export=csv"))
    assert csv_rows[1][csv_rows[0].index("description")].startswith("'=")


def test_export_links_and_query_count(login, django_assert_max_num_queries):
    client = login("desk")
    assert "export=xlsx" in client.get(INBOX).content.decode()
    for _ in range(3):
        make()
    with django_assert_max_num_queries(30) as few:
        client.get(f"{INBOX}?export=xlsx")
    for _ in range(20):
        make()
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(f"{INBOX}?export=xlsx")


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_control_characters_in_a_report_do_not_break_the_export(login, fmt):
    # Text pasted from a chat may carry characters XLSX cannot hold: the file must still come out,
    # and a formula hidden behind one of them must still stay text.
    make(description="Jalan rusak\x0b parah\x1b sekali, sudah dua minggu.")
    make(description="\x01=HYPERLINK(\"http://evil.example\",\"klik\") jalan rusak")
    response = login("desk").get(f"{INBOX}?export={fmt}")
    assert response.status_code == 200
    rows = read_csv(response) if fmt == "csv" else read_xlsx(response)
    descriptions = sorted(r[rows[0].index("description")] for r in rows[1:])
    assert descriptions == ["'=HYPERLINK(\"http://evil.example\",\"klik\") jalan rusak",
                            "Jalan rusak parah sekali, sudah dua minggu."]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_personal_export_neutralises_formulas_and_is_audited(login, fmt):
    from wagtail.models import ModelLogEntry

    make(name="=cmd|' /C calc'!A0", email="a@contoh.id", phone="+6281234567890",
         description="-1+1 jalan rusak")
    rows = (read_csv if fmt == "csv" else read_xlsx)(login("desk", personal_data=True).get(f"{INBOX}?export={fmt}"))
    record = dict(zip(rows[0], rows[1], strict=False))
    assert record["name"] == "'=cmd|' /C calc'!A0" and record["description"] == "'-1+1 jalan rusak"
    assert record["phone"] == "+6281234567890"  # a phone number is left as it is
    entry = ModelLogEntry.objects.get(action="complaints.export_personal_data")
    assert entry.data == {"format": fmt, "reports": 1}


def test_csv_is_streamed_with_the_same_rows(login, django_user_model):
    from django.http import StreamingHttpResponse

    from complaints.export import COLUMNS, safe, values

    reports = [make(), make(category="parkir-liar", unit_code="dishub", description="=1+1 parkir liar")]
    client = login("desk")
    response = client.get(f"{INBOX}?export=csv")
    assert isinstance(response, StreamingHttpResponse)
    assert "no-store" in response["Cache-Control"] and response["Content-Disposition"].endswith('.csv"')
    raw = body(response)
    assert raw.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    desk = django_user_model.objects.get(username="desk")
    # The cells the in-memory export wrote: every column, formula-safe, one row per report the desk may see.
    expected = [[str(safe(v)) for v in values(Complaint.objects.get(pk=c.pk), desk, False)] for c in reports]
    assert rows[0] == COLUMNS and sorted(rows[1:]) == sorted(expected)
    assert any(row[COLUMNS.index("description")] == "'=1+1 parkir liar" for row in rows)
