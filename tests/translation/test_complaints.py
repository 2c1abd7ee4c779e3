"""Complaints written in English: translated into Indonesian for officers only when allowed."""

import uuid

import pytest

from cms.models import OrganisationUnit
from complaints.machine_translation import ComplaintTranslation
from complaints.models import Category, Complaint, ComplaintFormPage
from tests.factories import officer

pytestmark = pytest.mark.django_db
DESCRIPTION = "A pothole near City Hall"


def send(client, capture):
    page = ComplaintFormPage.objects.live().first()
    data = {"category": Category.objects.get(code="jalan-rusak").pk, "description": DESCRIPTION,
            "kelurahan": OrganisationUnit.objects.get(code="kel-tegallega").pk, "address": "Jl. Ir. H. Juanda",
            "latitude": "", "longitude": "", "name": "Jane Visitor", "email": "jane@example.org", "phone": "",
            "consent": "on", "submission_id": str(uuid.uuid4())}
    with capture(execute=True):
        response = client.post(page.localized_url("en"), data)
    assert response.status_code in (200, 302)
    return Complaint.objects.get(description=DESCRIPTION)


def desk_detail(verified_login, django_user_model, complaint):
    client = verified_login(officer("desk"))
    return client.get(f"/admin/complaints/inbox/{complaint.pk}/").content.decode()


def test_english_complaint_is_translated_beside_the_original_when_allowed(
        libre, settings, client, verified_login, django_user_model, django_capture_on_commit_callbacks):
    settings.COMPLAINT_MACHINE_TRANSLATION = True
    complaint = send(client, django_capture_on_commit_callbacks)
    assert complaint.language == "en"
    # The glossary works backwards too: City Hall is Balai Kota for the officers.
    assert complaint.machine_translation.text == "SEBUAH LUBANG DEKAT Balai Kota"
    assert libre.requests[-1]["source"] == "en" and libre.requests[-1]["target"] == "id"
    html = desk_detail(verified_login, django_user_model, complaint)
    assert DESCRIPTION in html and "SEBUAH LUBANG DEKAT Balai Kota" in html
    assert 'id="complaint-machine-translation"' in html

    # The description is changed (e.g. anonymised): the translation goes with it.
    complaint.description = "[dihapus]"
    complaint.save()
    assert not ComplaintTranslation.objects.filter(complaint=complaint).exists()


def test_complaint_text_is_not_sent_when_the_setting_is_off(
        libre, settings, client, verified_login, django_user_model, django_capture_on_commit_callbacks):
    assert settings.COMPLAINT_MACHINE_TRANSLATION is False
    complaint = send(client, django_capture_on_commit_callbacks)
    assert libre.requests == []
    assert not ComplaintTranslation.objects.filter(complaint=complaint).exists()
    html = desk_detail(verified_login, django_user_model, complaint)
    assert DESCRIPTION in html and 'id="complaint-machine-translation"' not in html


def test_provider_down_leaves_the_complaint_and_records_the_failure(
        provider_down, settings, client, django_capture_on_commit_callbacks):
    settings.COMPLAINT_MACHINE_TRANSLATION = True
    complaint = send(client, django_capture_on_commit_callbacks)
    record = ComplaintTranslation.objects.get(complaint=complaint)
    assert record.text == "" and record.error == "unavailable" and record.attempts == 1
