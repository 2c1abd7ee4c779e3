"""The tracking page's timeline speaks the reader's language: the system's standard texts follow the
page, what an officer wrote stays as written (marked with its language), with the response template's
text in the page's language when the officer sent one unchanged."""

import re

import pytest

from complaints import workflow
from complaints.models import Complaint, ComplaintEvent, ResponseTemplate
from tests.complaints.conftest import tracking_code
from tests.factories import ComplaintFactory, desk_officer, unit

pytestmark = pytest.mark.django_db


def timeline(client, url):
    html = client.get(url).content.decode()
    return re.search(r'<ol class="timeline">(.*?)</ol>', html, re.S).group(1)


def report(client, form_data, url, description):
    response = client.post(url, form_data(description=description))
    assert response.status_code == 302
    return Complaint.objects.get(tracking_code=tracking_code(client.get(response["Location"])))


def test_an_indonesian_report_reads_in_english_on_the_english_page(client, form_data):
    complaint = report(client, form_data, "/id/pengaduan/", "Got di depan rumah mampet, air meluap ke jalan.")
    desk = desk_officer()
    workflow.apply(complaint, "verify", desk)
    workflow.apply(complaint, "dispatch", desk, unit=unit("dpupr"))
    code = complaint.tracking_code
    english = timeline(client, f"/en/complaints/track/{code}/")
    assert "We have received your report." in english
    assert "The complaint desk has verified your report." in english
    assert "Your report has been sent to" in english
    assert "Laporan" not in english and "Meja pengaduan" not in english
    indonesian = timeline(client, f"/id/pengaduan/lacak/{code}/")
    assert "Laporan Anda sudah kami terima." in indonesian
    assert "Meja pengaduan telah memverifikasi laporan Anda." in indonesian
    # The e-mails (and Open311) still read the text in the reporter's language.
    assert ComplaintEvent.objects.filter(complaint=complaint, message_key="verified").get().public_message == \
        "Meja pengaduan telah memverifikasi laporan Anda."


def test_an_english_report_reads_in_indonesian_on_the_indonesian_page(client, form_data):
    complaint = report(client, form_data, "/en/complaints/", "The drain in front of my house is blocked.")
    workflow.apply(complaint, "verify", desk_officer())
    indonesian = timeline(client, f"/id/pengaduan/lacak/{complaint.tracking_code}/")
    assert "Laporan Anda sudah kami terima." in indonesian
    assert "Meja pengaduan telah memverifikasi laporan Anda." in indonesian
    assert "We have received" not in indonesian and "verified your report" not in indonesian


def test_what_an_officer_wrote_stays_as_written_in_its_language_with_a_template_translation(client):
    complaint = ComplaintFactory(language="id", status=Complaint.Status.RECEIVED)
    desk = desk_officer()
    workflow.apply(complaint, "verify", desk)
    workflow.apply(complaint, "dispatch", desk, unit=unit("dpupr"))
    workflow.apply(complaint, "respond", desk, public_message="Tim kami akan datang hari Kamis.")
    template = ResponseTemplate.objects.exclude(text_en="").exclude(text_en__isnull=True).first()
    workflow.apply(complaint, "respond", desk, public_message=template.text_ind)
    english = timeline(client, f"/en/complaints/track/{complaint.tracking_code}/")
    assert '<p lang="id">Tim kami akan datang hari Kamis.</p>' in english
    assert f'<p lang="id">{template.text_ind}</p>' in english
    assert f'lang="en">Translation: {template.text_en}</p>' in english
    indonesian = timeline(client, f"/id/pengaduan/lacak/{complaint.tracking_code}/")
    assert "Terjemahan" not in indonesian and "Translation:" not in indonesian


def test_steps_written_before_the_keys_are_read_in_the_readers_language_after_migrating(client):
    """The data migration gives known old texts (the demo's included) their key; other texts stay."""
    from importlib import import_module

    from django.apps import apps

    complaint = ComplaintFactory(language="id", status=Complaint.Status.RECEIVED)
    old = [ComplaintEvent.objects.create(complaint=complaint, status="received", public_message="Laporan diterima."),
           ComplaintEvent.objects.create(complaint=complaint, status="verified",
                                         public_message="Meja pengaduan telah memverifikasi laporan Anda."),
           ComplaintEvent.objects.create(complaint=complaint, status="in_progress",
                                         public_message="Petugas kami sudah meninjau lokasi.")]
    migration = import_module("complaints.migrations.0017_event_message_keys_from_text")
    migration.forwards(apps, None)
    assert [ComplaintEvent.objects.get(pk=e.pk).message_key for e in old] == ["received", "verified", ""]
    english = timeline(client, f"/en/complaints/track/{complaint.tracking_code}/")
    assert "We have received your report." in english and "Laporan diterima." not in english
    assert '<p lang="id">Petugas kami sudah meninjau lokasi.</p>' in english
