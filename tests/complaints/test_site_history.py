"""Reports → Site history and its CSV/XLSX export: an officer reads the steps of the reports they may
open, nothing of another unit's; the desk, Diskominfo and superusers read every step."""

import csv
import io

import pytest
from openpyxl import load_workbook

from complaints import workflow
from tests.factories import category, complaint_in, desk_officer, liaison, member, superuser, unit

pytestmark = pytest.mark.django_db
HISTORY = "/admin/reports/site-history/"


@pytest.fixture
def reports():
    desk = desk_officer()
    pupr = complaint_in("dispatched", unit="dpupr", desk=desk)
    dishub = complaint_in("dispatched", unit="dishub", desk=desk, category=category("parkir-liar"))
    workflow.add_note(pupr, desk, "Kontraktor belum datang.")
    return pupr, dishub


def _export_text(response, fmt):
    assert response.status_code == 200
    if fmt == "csv":
        return "\n".join(",".join(row) for row in csv.reader(io.StringIO(response.getvalue().decode("utf-8-sig"))))
    book = load_workbook(io.BytesIO(response.getvalue()), read_only=True)
    return "\n".join(",".join(str(cell) for cell in row) for row in book.active.iter_rows(values_only=True))


def test_a_liaison_reads_only_the_steps_of_their_units_reports(verified_login, reports):
    pupr, dishub = reports
    client = verified_login(liaison("dishub", username="dishub"))
    page = client.get(HISTORY)
    html = page.content.decode()
    assert page.status_code == 200
    assert dishub.tracking_code in html and pupr.tracking_code not in html
    # The results the filters fetch, and a filter on the internal-note action.
    results = client.get(f"{HISTORY}results/", {"action": "complaints.note"}).content.decode()
    assert pupr.tracking_code not in results
    for fmt in ("csv", "xlsx"):
        text = _export_text(client.get(HISTORY, {"export": fmt}), fmt)
        assert dishub.tracking_code in text and pupr.tracking_code not in text


@pytest.mark.parametrize("who", ["desk", "diskominfo", "superuser"])
def test_the_desk_diskominfo_and_superusers_read_every_step(verified_login, reports, who):
    pupr, dishub = reports
    person = {"desk": lambda: desk_officer(), "diskominfo": lambda: member("diskominfo", "reviewer", username="kominfo"),
              "superuser": lambda: superuser()}[who]()
    client = verified_login(person)
    html = client.get(HISTORY).content.decode()
    assert pupr.tracking_code in html and dishub.tracking_code in html
    text = _export_text(client.get(HISTORY, {"export": "csv"}), "csv")
    assert pupr.tracking_code in text and dishub.tracking_code in text


def test_a_moved_report_takes_its_steps_with_it(verified_login, reports):
    """The log follows who may open the report now, not who held it when the step was taken."""
    pupr, _dishub = reports
    workflow.apply(pupr, "reassign", desk_officer(), unit=unit("dishub"), internal_note="Parkir, bukan jalan.")
    html = verified_login(liaison("dishub", username="dishub")).get(HISTORY).content.decode()
    assert pupr.tracking_code in html
    # PUPR's liaison can no longer open it, and no longer reads its steps.
    html = verified_login(liaison("dpupr", username="pupr")).get(HISTORY).content.decode()
    assert pupr.tracking_code not in html


def test_complaint_steps_stay_out_of_wagtails_shared_log(reports):
    """Every step goes to the complaints' own log, which asks complaints.access who may read it."""
    from wagtail.models import ModelLogEntry

    from complaints.models import ComplaintLogEntry

    pupr, _dishub = reports
    assert ComplaintLogEntry.objects.filter(complaint=pupr, action="complaints.note").exists()
    assert not ModelLogEntry.objects.filter(action__startswith="complaints.", object_id=str(pupr.pk)).exists()


def test_steps_logged_before_are_moved_out_of_the_shared_log(reports):
    import importlib

    from django.apps import apps
    from django.contrib.contenttypes.models import ContentType
    from django.utils import timezone
    from wagtail.models import ModelLogEntry

    from complaints.models import ComplaintLogEntry

    pupr, _dishub = reports
    old = ModelLogEntry.objects.create(content_type=ContentType.objects.get_for_model(pupr), object_id=str(pupr.pk),
                                       label=pupr.tracking_code, action="complaints.verify", timestamp=timezone.now(),
                                       data={"status": "verified"})
    migration = importlib.import_module("complaints.migrations.0010_complaint_log_entries")
    migration.move_to_complaint_log(apps, None)
    assert not ModelLogEntry.objects.filter(pk=old.pk).exists()
    moved = ComplaintLogEntry.objects.get(complaint=pupr, timestamp=old.timestamp)
    assert (moved.action, moved.label, moved.data) == ("complaints.verify", pupr.tracking_code, {"status": "verified"})
