"""Reports from other channels: the desk types them in; from there they follow the web flow."""

import uuid

import pytest
from django.core import mail
from django.test import Client

from cms.models import OrganisationUnit
from complaints import services
from complaints.models import Category, Complaint, ComplaintEvent
from tests.factories import officer

pytestmark = pytest.mark.django_db

CHANNELS = ["whatsapp", "instagram", "facebook", "x", "youtube", "phone", "radio", "in_person", "lapor"]


@pytest.fixture
def login(verified_login, django_user_model):
    def as_user(username):
        return verified_login(officer(username))
    return as_user


def desk_data(**overrides):
    data = {
        "channel": "instagram", "channel_reference": "https://www.instagram.com/p/C0ntoh123/",
        "category": Category.objects.get(code="jalan-rusak").pk,
        "description": "Jalan berlubang besar di depan SD, sudah dua motor jatuh minggu ini.",
        "kelurahan": OrganisationUnit.objects.get(code="kel-tegallega").pk, "address": "Jl. Semeru no. 10",
        "latitude": "", "longitude": "", "name": "", "contact_handle": "@warga_semeru", "email": "", "phone": "",
        "language": "id", "submission_id": str(uuid.uuid4()),
    }
    data.update(overrides)
    return data


def test_the_form_lists_every_channel_in_indonesian(login):
    html = login("desk").get("/admin/complaints/inbox/new/").content.decode()
    assert "Laporan baru dari kanal lain" in html
    for channel in CHANNELS:
        assert f'value="{channel}"' in html, channel
    assert 'value="web"' not in html and 'value="open311"' not in html


def test_only_the_desk_enters_reports(login):
    client = login("pupr")
    assert client.get("/admin/complaints/inbox/new/").status_code in (302, 403)
    assert client.post("/admin/complaints/inbox/new/", desk_data()).status_code in (302, 403)
    assert not Complaint.objects.exists()


def test_desk_entry_follows_the_web_flow_with_only_a_handle(login, client):
    desk = login("desk")
    response = desk.post("/admin/complaints/inbox/new/", desk_data())
    complaint = Complaint.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/admin/complaints/inbox/{complaint.pk}/"
    assert complaint.channel == "instagram" and complaint.contact_handle == "@warga_semeru"
    assert complaint.channel_reference == "https://www.instagram.com/p/C0ntoh123/"
    assert complaint.entered_by.username == "desk"
    # The same routing, deadline and first event as a web report without an e-mail address.
    web = Complaint(category=complaint.category, description=complaint.description, kelurahan=complaint.kelurahan,
                    address=complaint.address)
    from complaints import routing
    routing.assess(web)
    assert complaint.suggested_unit == web.suggested_unit and complaint.suggested_unit.code == "dpupr"
    assert complaint.status == Complaint.Status.RECEIVED and complaint.due_at is not None
    assert ComplaintEvent.objects.filter(complaint=complaint, status="received", is_public=True).exists()
    detail = desk.get(response["Location"]).content.decode()
    assert "@warga_semeru" in detail and "instagram.com/p/C0ntoh123" in detail and "Instagram" in detail
    # Nothing of the person or the post on the public tracking page.
    public = client.get(f"/id/pengaduan/lacak/{complaint.tracking_code}/").content.decode()
    assert "warga_semeru" not in public and "instagram.com" not in public
    # A double submit of the same form makes one report.
    desk.post("/admin/complaints/inbox/new/", desk_data(submission_id=str(complaint.submission_id)))
    assert Complaint.objects.count() == 1


def test_desk_entry_with_an_email_is_confirmed_like_a_web_report(login, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        login("desk").post("/admin/complaints/inbox/new/", desk_data(
            channel="whatsapp", channel_reference="WA 0812-xxxx 25/11 09:12", email="Sari@Contoh.id",
            phone="0812 3456 7890", name="Sari", language="en"))
    complaint = Complaint.objects.get()
    assert complaint.status == Complaint.Status.AWAITING_VERIFICATION and complaint.email == "sari@contoh.id"
    assert complaint.phone == "+6281234567890" and complaint.language == "en"
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["sari@contoh.id"]
    assert "/en/complaints/verify/" in mail.outbox[0].body


def test_errors_in_indonesian_and_nothing_typed_is_lost(login):
    response = login("desk").post("/admin/complaints/inbox/new/", desk_data(description="Lubang", address="",
                                                                             kelurahan="", channel=""))
    assert response.status_code == 400
    html = response.content.decode()
    assert "Tulis paling sedikit 10 karakter" in html
    assert "Pilih kanal asal laporan." in html
    assert "Lubang</textarea>" in html and 'value="@warga_semeru"' in html
    assert 'value="https://www.instagram.com/p/C0ntoh123/"' in html
    assert not Complaint.objects.exists()


def test_the_form_needs_the_csrf_token(django_user_model):
    client = Client(enforce_csrf_checks=True, HTTP_HOST="localhost")
    client.force_login(officer("desk"))
    assert client.post("/admin/complaints/inbox/new/", desk_data()).status_code == 403
    assert not Complaint.objects.exists()


def test_channel_is_an_inbox_filter(login):
    desk = login("desk")
    desk.post("/admin/complaints/inbox/new/", desk_data(channel="radio", channel_reference="Radio Kota, 25/11"))
    radio = Complaint.objects.get()
    web, _created = services.submit({"category": radio.category, "description": "Jalan rusak di Jl. Pandu Raya.",
                                     "anonymous": True}, language="id", key="")
    listing = desk.get("/admin/complaints/inbox/?channel=radio").content.decode()
    assert radio.tracking_code in listing and web.tracking_code not in listing


def test_erasing_personal_data_removes_the_handle_and_the_link(login):
    login("desk").post("/admin/complaints/inbox/new/", desk_data())
    complaint = Complaint.objects.get()
    complaint.erase_personal_data()
    complaint.refresh_from_db()
    assert complaint.contact_handle == "" and complaint.channel_reference == ""
