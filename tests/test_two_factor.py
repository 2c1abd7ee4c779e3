"""Two-step login for everyone who can publish; not for people who cannot."""

import re

import pytest
from django.contrib.auth import get_user_model
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

pytestmark = pytest.mark.django_db
User = get_user_model()


def code(device):
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def test_publisher_enrols_then_confirms_each_session(client):
    admin = User.objects.get(username="admin")
    client.force_login(admin)
    response = client.get("/admin/pages/")
    assert response.status_code == 302 and response["Location"].startswith("/admin/2fa/setup/")
    setup = client.get(response["Location"])
    html = setup.content.decode()
    assert "<svg" in html and re.search(r'id="totp-secret">[A-Z2-7]+<', html)
    device = TOTPDevice.objects.get(user=admin, confirmed=False)
    wrong = client.post("/admin/2fa/setup/", {"token": "000000", "next": "/admin/pages/"})
    assert "not right" in wrong.content.decode() or "tidak benar" in wrong.content.decode()
    throttled = client.post("/admin/2fa/setup/", {"token": code(device), "next": "/admin/pages/"})
    assert "wait a few seconds" in throttled.content.decode() or "tunggu" in throttled.content.decode()
    device.refresh_from_db()
    device.throttle_reset()  # the pause after a wrong code has passed
    ok = client.post("/admin/2fa/setup/", {"token": code(device), "next": "/admin/pages/"})
    assert ok.status_code == 302 and ok["Location"] == "/admin/pages/"
    assert client.get("/admin/pages/").status_code == 200

    # A new session asks for a code again, without enrolling again.
    client.logout()
    client.force_login(admin)
    response = client.get("/admin/")
    assert response["Location"].startswith("/admin/2fa/verify/")
    device.refresh_from_db()
    device.last_t = -1  # the same time step may not be used twice; allow it for the test
    device.save()
    assert client.post("/admin/2fa/verify/", {"token": code(device), "next": "/admin/"}).status_code == 302
    assert client.get("/admin/").status_code == 200


def test_reviewers_and_complaint_officers_need_it_editors_do_not(client):
    reviewer = User.objects.filter(unit_memberships__role="reviewer", unit_memberships__unit__code="dlh").first()
    client.force_login(reviewer)
    assert client.get("/admin/").status_code == 302
    editor = User.objects.filter(unit_memberships__role="editor", unit_memberships__unit__kind="kelurahan").first()
    client.force_login(editor)
    assert client.get("/admin/").status_code == 200
    for officer in ("desk", "pupr"):  # they read reporters' names, e-mails and phones
        client.force_login(User.objects.get(username=officer))
        assert client.get("/admin/complaints/inbox/").status_code == 302


def test_next_cannot_send_people_elsewhere(client):
    admin = User.objects.get(username="admin")
    client.force_login(admin)
    device = TOTPDevice.objects.create(user=admin, name="x", confirmed=True)
    response = client.post("/admin/2fa/verify/", {"token": code(device), "next": "https://evil.example/"})
    assert response["Location"] == "/admin/"


def test_enrolling_a_second_device_needs_the_first(client):
    admin = User.objects.get(username="admin")
    TOTPDevice.objects.create(user=admin, name="phone", confirmed=True)
    client.force_login(admin)  # the password alone
    response = client.get("/admin/2fa/setup/")
    assert response.status_code == 302 and response["Location"].startswith("/admin/2fa/verify/")
    assert TOTPDevice.objects.filter(user=admin).count() == 1


def test_no_django_admin_without_two_step_login(client):
    client.force_login(User.objects.get(username="admin"))
    assert client.get("/django-admin/").status_code == 404
