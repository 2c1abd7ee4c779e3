"""UU PDP retention on a frozen clock: personal data of reports closed long ago is erased, the same way as on request."""

import io
import logging
from datetime import datetime, timedelta
from datetime import timezone as dt_timezone

import pytest
import time_machine
from django.core.management import call_command

from complaints import workflow
from complaints.models import Category, Complaint, ComplaintLogEntry, ComplaintPhoto, ComplaintToken, Supporter
from tests.factories import officer

from .conftest import jpeg

pytestmark = pytest.mark.django_db
S = Complaint.Status
START = datetime(2024, 3, 1, 9, 0, tzinfo=dt_timezone.utc)


def closed_report(desk, email="budi@contoh.id"):
    complaint = Complaint.objects.create(category=Category.objects.get(code="sampah"), description="Sampah menumpuk.",
                                         status=S.RESOLVED, name="Budi Warga", email=email, phone="+6281234567890",
                                         client_key="a" * 64)
    workflow.apply(complaint, "close", desk)
    complaint.refresh_from_db()
    return complaint


@pytest.fixture
def desk(django_user_model):
    return officer("desk")


def test_closed_reports_are_anonymised_after_the_retention_period(desk, settings, caplog,
                                                                  django_capture_on_commit_callbacks):
    settings.COMPLAINT_RETENTION_DAYS = 730
    with time_machine.travel(START, tick=False):
        old = closed_report(desk)
        ComplaintToken.issue(old, ComplaintToken.Purpose.DATA)
        Supporter.objects.create(complaint=old, email="tetangga@contoh.id", verified_at=START)
        old.latitude, old.longitude, old.address = "-6.595000", "106.816000", "Depan rumah Pak Budi, Jl. Semeru 5"
        old.save()
        photo = ComplaintPhoto(complaint=old)
        photo.file.save("photo.jpg", jpeg(), save=False)
        photo.save()
        storage, photo_name = photo.file.storage, photo.file.name
        assert storage.exists(photo_name)
    with time_machine.travel(START + timedelta(days=400), tick=False):
        recent = closed_report(desk, email="ani@contoh.id")
        Supporter.objects.create(complaint=recent, email="teman@contoh.id")
        still_open = Complaint.objects.create(category=Category.objects.get(code="sampah"), description="Masih terbuka.",
                                              status=S.IN_PROGRESS, name="Citra", email="citra@contoh.id")
        Complaint.objects.filter(pk=still_open.pk).update(updated_at=START)
    with time_machine.travel(START + timedelta(days=729), tick=False):
        out = io.StringIO()
        call_command("anonymise_closed_complaints", stdout=out)
        assert "Anonymised 0 report(s)" in out.getvalue()
    with time_machine.travel(START + timedelta(days=731), tick=False), caplog.at_level(logging.INFO, "complaints"):
        out = io.StringIO()
        call_command("anonymise_closed_complaints", "--dry-run", stdout=out)
        assert "Would anonymise 1 report(s)" in out.getvalue()
        with django_capture_on_commit_callbacks(execute=True):
            call_command("anonymise_closed_complaints", stdout=out)
        assert "Anonymised 1 report(s) closed before 2024-03-02" in out.getvalue()
    old.refresh_from_db()
    assert (old.name, old.email, old.phone, old.client_key) == ("", "", "", "")
    assert old.personal_data_erased_at == START + timedelta(days=731)
    assert not old.tokens.filter(used_at__isnull=True).exists()
    assert Complaint.objects.filter(pk=old.pk, status=S.CLOSED).exists()  # the report stays for the figures
    # Its text, place and photos could still name or show people: gone too; the kelurahan stays.
    assert (old.description, old.address, old.latitude, old.longitude) == ("", "", None, None)
    assert not old.photos.exists() and not storage.exists(photo_name)
    # Neighbours who followed it ("I have this problem too") are forgotten too; a newer report keeps its own.
    assert not Supporter.objects.filter(email="tetangga@contoh.id").exists()
    assert Supporter.objects.filter(complaint=recent, email="teman@contoh.id").exists()
    for other in (recent, still_open):
        other.refresh_from_db()
        assert other.email and other.personal_data_erased_at is None
    log = ComplaintLogEntry.objects.filter(action="complaints.erase_personal_data", complaint=old).get()
    assert log.data == {"reason": "retention"}
    logged = caplog.text + repr(log.data)
    assert "Budi" not in logged and "budi@contoh.id" not in logged and "6281234567890" not in logged
    assert "anonymised 1 report(s)" in caplog.text
    # A second run finds nothing more to do.
    with time_machine.travel(START + timedelta(days=732), tick=False):
        out = io.StringIO()
        call_command("anonymise_closed_complaints", stdout=out)
        assert "Anonymised 0 report(s)" in out.getvalue()


def test_period_is_configurable_and_housekeeping_runs_it(desk, settings):
    settings.COMPLAINT_RETENTION_DAYS = 30
    with time_machine.travel(START, tick=False):
        report = closed_report(desk)
    with time_machine.travel(START + timedelta(days=31), tick=False):
        out = io.StringIO()
        call_command("complaints_housekeeping", stdout=out)
        assert "anonymised 1 old report(s)" in out.getvalue()
    report.refresh_from_db()
    assert report.email == "" and report.personal_data_erased_at is not None


def test_reporters_request_uses_the_same_function(client, desk):
    report = closed_report(desk)
    raw = ComplaintToken.issue(report, ComplaintToken.Purpose.DATA)
    response = client.post(f"/en/complaints/personal-data/{raw}/", {"action": "delete"})
    assert response.status_code == 200
    report.refresh_from_db()
    assert report.email == "" and report.personal_data_erased_at is not None
    log = ComplaintLogEntry.objects.get(action="complaints.erase_personal_data", complaint=report)
    assert log.data == {"reason": "request"}
