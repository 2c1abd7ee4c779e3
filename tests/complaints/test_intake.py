import re

import pytest
from django.core import mail

from complaints.models import Complaint, ComplaintEvent, OutboundEmail

from .conftest import jpeg, tracking_code

pytestmark = pytest.mark.django_db

CONTRACT_FIELDS = ["category", "description", "kelurahan", "address", "latitude", "longitude", "photos",
                   "name", "email", "phone", "anonymous", "confidential", "consent"]


@pytest.mark.parametrize("url", ["/id/pengaduan/", "/en/complaints/"])
def test_form_page_has_the_contract_field_names(client, url):
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    for name in CONTRACT_FIELDS:
        assert f'name="{name}"' in html, name
    assert 'enctype="multipart/form-data"' in html
    assert "no-store" in response["Cache-Control"]


def test_round_trip_without_javascript(client, form_data, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/id/pengaduan/", form_data(photos=[jpeg()]))
    assert response.status_code == 302
    assert re.fullmatch(r"/id/pengaduan/terkirim/[A-Z0-9]{10}/", response["Location"])
    page = client.get(response["Location"])
    code = tracking_code(page)
    complaint = Complaint.objects.get(tracking_code=code)
    assert complaint.category.code == "saluran-mampet"
    assert complaint.kelurahan.code == "kel-tegallega"
    assert complaint.phone == "+6281234567890"
    assert complaint.language == "id"
    assert complaint.status == Complaint.Status.AWAITING_VERIFICATION
    assert complaint.photos.count() == 1
    assert ComplaintEvent.objects.filter(complaint=complaint, status="received").exists()
    assert set(code) <= set("ABCDEFGHJKMNPQRSTUVWXYZ23456789")
    # The confirmation e-mail went out, in Indonesian, through the outbox.
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["siti@contoh.id"]
    assert code in mail.outbox[0].subject and "konfirmasi" in mail.outbox[0].subject.lower()
    assert OutboundEmail.objects.get(complaint=complaint).state == OutboundEmail.State.SENT


def test_english_report_is_recorded_and_answered_in_english(client, form_data, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/en/complaints/", form_data(description="The drain in front of my house is blocked."))
    assert response["Location"].startswith("/en/complaints/submitted/")
    complaint = Complaint.objects.get()
    assert complaint.language == "en"
    assert "please confirm" in mail.outbox[0].subject.lower()
    assert "/en/complaints/verify/" in mail.outbox[0].body


@pytest.mark.parametrize("url, message", [
    ("/id/pengaduan/", "Tulis paling sedikit 10 karakter"),
    ("/en/complaints/", "Please write at least 10 characters"),
])
def test_errors_in_the_page_language_and_nothing_typed_is_lost(client, form_data, url, message):
    response = client.post(url, form_data(description="Mampet", address="Dekat masjid Al-Ikhlas"))
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert "Dekat masjid Al-Ikhlas" in html and "Mampet</textarea>" in html
    assert 'value="siti@contoh.id"' in html
    assert Complaint.objects.count() == 0


def test_description_length_limits(client, form_data):
    assert client.post("/en/complaints/", form_data(description="x" * 4001)).status_code == 400
    assert client.post("/en/complaints/", form_data(description="x" * 4000)).status_code == 302


def test_contact_required_unless_anonymous(client, form_data):
    response = client.post("/en/complaints/", form_data(email="", phone=""))
    assert response.status_code == 400
    assert "Give an e-mail address or a phone number" in response.content.decode()
    response = client.post("/en/complaints/", form_data(email="", phone="", name="", anonymous="on"))
    assert response.status_code == 302
    complaint = Complaint.objects.get()
    assert complaint.anonymous and complaint.status == Complaint.Status.RECEIVED  # the desk screens it


def test_consent_required(client, form_data):
    data = form_data()
    del data["consent"]
    response = client.post("/en/complaints/", data)
    assert response.status_code == 400
    assert "Please agree to the privacy notice" in response.content.decode()


@pytest.mark.parametrize("phone, stored", [("0812-3456-7890", "+6281234567890"), ("+62 251 832 1075", "+622518321075"),
                                           ("62 812 3456 7890", "+6281234567890")])
def test_phone_numbers_are_normalised_to_e164(client, form_data, phone, stored):
    assert client.post("/en/complaints/", form_data(phone=phone)).status_code == 302
    assert Complaint.objects.get().phone == stored


def test_bad_phone_and_email_are_explained(client, form_data):
    html = client.post("/en/complaints/", form_data(phone="12345", email="siti@")).content.decode()
    assert "Enter a phone number such as 0812 3456 7890" in html
    assert "Enter an e-mail address such as" in html


def test_a_place_is_required(client, form_data):
    html = client.post("/en/complaints/", form_data(kelurahan="", address="")).content.decode()
    assert "Tell us where" in html
    ok = client.post("/en/complaints/", form_data(kelurahan="", address="", latitude="-6.595", longitude="106.797"))
    assert ok.status_code == 302


def test_double_submit_creates_one_complaint(client, form_data):
    data = form_data()
    first = client.post("/en/complaints/", data)
    second = client.post("/en/complaints/", data)
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert Complaint.objects.count() == 1


def test_rate_limit_per_address(client, form_data, settings):
    settings.COMPLAINT_RATE_LIMIT_PER_HOUR = 5
    for i in range(5):
        assert client.post("/en/complaints/", form_data(email=f"warga{i}@contoh.id")).status_code == 302
    response = client.post("/en/complaints/", form_data(email="lagi@contoh.id", description="Sixth report of the hour."))
    assert response.status_code == 429
    html = response.content.decode()
    assert "several reports in the past hour" in html and "Sixth report of the hour." in html
    assert Complaint.objects.count() == 5


def test_rate_limit_per_email(client, form_data, settings):
    settings.COMPLAINT_RATE_LIMIT_PER_HOUR = 2
    for address in ("10.0.0.1", "10.0.0.2"):
        assert client.post("/en/complaints/", form_data(), REMOTE_ADDR=address).status_code == 302
    assert client.post("/en/complaints/", form_data(), REMOTE_ADDR="10.0.0.3").status_code == 429


def test_honeypot_stops_bots(client, form_data):
    response = client.post("/en/complaints/", form_data(website="http://spam.example"))
    assert response.status_code == 400
    assert Complaint.objects.count() == 0


def test_tracking_code_only_after_commit_and_unguessable(client, form_data):
    codes = set()
    for i in range(3):
        response = client.post("/en/complaints/", form_data(email=f"a{i}@contoh.id"))
        codes.add(response["Location"].rstrip("/").rsplit("/", 1)[1])
    assert len(codes) == 3 and all(len(c) >= 10 for c in codes)
    assert set(Complaint.objects.values_list("tracking_code", flat=True)) == codes


def test_honeypot_and_rate_limit_store_no_photos(client, form_data, settings):
    from complaints.models import PendingUpload

    client.post("/en/complaints/", form_data(website="x", description="short", photos=[jpeg()]))
    settings.COMPLAINT_RATE_LIMIT_PER_HOUR = 1
    client.post("/en/complaints/", form_data())
    response = client.post("/en/complaints/", form_data(description="short", photos=[jpeg()]))
    assert response.status_code == 429
    assert PendingUpload.objects.count() == 0


def test_only_our_proxys_address_counts(rf, settings):
    from complaints.ratelimit import client_key

    settings.COMPLAINT_TRUST_X_FORWARDED_FOR = True
    forged = rf.post("/", HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.7")
    other_forgery = rf.post("/", HTTP_X_FORWARDED_FOR="5.6.7.8, 203.0.113.7")
    assert client_key(forged) == client_key(other_forgery)  # same real client behind the proxy
