"""After intake: e-mail delivery through a real SMTP server, verification, tracking, survey, personal data."""

import logging
import re
import socket
from datetime import timedelta

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.handlers import Message
from django.core import mail
from django.utils import timezone

from complaints import notifications
from complaints.models import Complaint, ComplaintToken, OutboundEmail

pytestmark = pytest.mark.django_db


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Inbox(Message):
    def __init__(self):
        super().__init__()
        self.messages = []

    def handle_message(self, message):
        self.messages.append(message)


def submit(client, form_data, url="/en/complaints/", **overrides):
    response = client.post(url, form_data(**overrides))
    assert response.status_code == 302, response.content.decode()[:500]
    code = response["Location"].rstrip("/").rsplit("/", 1)[1]
    return Complaint.objects.get(tracking_code=code)


def link(body, kind):
    return re.search(rf"http://[^/]+(/\w\w/[\w/-]*/{kind}/[\w-]+/)", body).group(1)


def test_mail_server_down_then_up_loses_nothing(client, form_data, settings, caplog, django_capture_on_commit_callbacks):
    port = free_port()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", port, 2
    caplog.set_level(logging.INFO)

    with django_capture_on_commit_callbacks(execute=True):  # nothing listens on the port yet
        complaint = submit(client, form_data, email="budi@contoh.id", name="Budi Santoso")
    email = OutboundEmail.objects.get(complaint=complaint)
    assert email.state == OutboundEmail.State.PENDING and email.attempts == 1
    assert email.last_error  # the error class, for the operator
    # No personal data in the logs.
    assert "budi@contoh.id" not in caplog.text and "Budi" not in caplog.text

    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        assert notifications.send_due() == 0  # not due yet: the retry waits
        OutboundEmail.objects.filter(pk=email.pk).update(next_attempt_at=timezone.now() - timedelta(seconds=1))
        assert notifications.send_due() == 1
    finally:
        controller.stop()
    email.refresh_from_db()
    assert email.state == OutboundEmail.State.SENT and email.body == ""
    assert len(inbox.messages) == 1
    received = inbox.messages[0]
    assert received["To"] == "budi@contoh.id"
    assert complaint.tracking_code in received["Subject"]


def test_failed_sends_give_up_after_the_limit(form_data, client, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", free_port(), 1
    settings.EMAIL_MAX_ATTEMPTS = 2
    complaint = submit(client, form_data)
    email = OutboundEmail.objects.get(complaint=complaint)
    for _ in range(2):
        OutboundEmail.objects.filter(pk=email.pk).update(next_attempt_at=timezone.now())
        notifications.send_due()
    email.refresh_from_db()
    assert email.state == OutboundEmail.State.FAILED and email.attempts == 2


def test_verification_link_is_single_use_and_needs_a_click(client, form_data, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        complaint = submit(client, form_data)
    verify = link(mail.outbox[0].body, "verify")
    page = client.get(verify)
    assert page.status_code == 200 and "Yes, I sent this report" in page.content.decode()
    complaint.refresh_from_db()
    assert complaint.status == Complaint.Status.AWAITING_VERIFICATION  # a link scanner's GET confirms nothing
    response = client.post(verify)
    assert response.status_code == 302
    complaint.refresh_from_db()
    assert complaint.status == Complaint.Status.VERIFIED and complaint.verified_at
    again = client.post(verify)
    assert again.status_code == 410 and "can no longer be used" in again.content.decode()


def test_expired_verification_link(client, form_data, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        complaint = submit(client, form_data)
    ComplaintToken.objects.filter(complaint=complaint).update(expires_at=timezone.now() - timedelta(minutes=1))
    response = client.get(link(mail.outbox[0].body, "verify"))
    assert response.status_code == 410
    assert client.get("/en/complaints/verify/" + "x" * 40 + "/").status_code == 404


def test_tracking_page_shows_progress_but_no_personal_data(client, form_data):
    complaint = submit(client, form_data, name="Siti Rahma", email="siti@contoh.id", phone="0812 3456 7890")
    html = client.get(f"/en/complaints/track/{complaint.tracking_code}/").content.decode()
    assert "Blocked drain" in html and "Tegallega" in html
    assert "Awaiting verification" in html and "We have received your report." in html
    for secret in ("Siti", "Rahma", "siti@contoh.id", "+6281234567890", "0812"):
        assert secret not in html
    # Indonesian view of the same report.
    html_id = client.get(f"/id/pengaduan/lacak/{complaint.tracking_code}/").content.decode()
    assert "Saluran air/drainase mampet" in html_id and "Menunggu verifikasi" in html_id


def test_tracking_form_and_unknown_codes(client, form_data):
    complaint = submit(client, form_data)
    typed = complaint.tracking_code.lower()[:5] + " " + complaint.tracking_code.lower()[5:]
    response = client.get("/en/complaints/track/", {"code": typed})
    assert response.status_code == 302 and response["Location"] == f"/en/complaints/track/{complaint.tracking_code}/"
    missing = client.get("/id/pengaduan/lacak/ABCDEFGHJK/")
    assert missing.status_code == 404
    assert "Laporan tidak ditemukan" in missing.content.decode() and '<html lang="id">' in missing.content.decode()
    assert "Report not found" in client.get("/en/complaints/track/ABCDEFGHJK/").content.decode()


def test_survey_not_fixed_reopens_once(client, form_data):
    complaint = submit(client, form_data)
    Complaint.objects.filter(pk=complaint.pk).update(status=Complaint.Status.RESOLVED)
    notifications.queue_survey(complaint)
    notifications.send_due()
    survey = link(mail.outbox[-1].body, "survey")
    assert "Very satisfied (Sangat Puas)" in client.get(survey).content.decode()
    response = client.post(survey, {"rating": 1, "fixed": "no", "comment": "Masih banjir"})
    assert "reopened" in response.content.decode()
    complaint.refresh_from_db()
    assert complaint.status == Complaint.Status.REOPENED and complaint.reopen_count == 1
    assert client.post(survey, {"rating": 1, "fixed": "no"}).status_code == 410  # single use

    Complaint.objects.filter(pk=complaint.pk).update(status=Complaint.Status.RESOLVED)
    raw = ComplaintToken.issue(complaint, ComplaintToken.Purpose.SURVEY)
    client.post(f"/en/complaints/survey/{raw}/", {"rating": 1, "fixed": "no"})
    complaint.refresh_from_db()
    assert complaint.status == Complaint.Status.RESOLVED  # reopened once only
    assert complaint.survey_responses.count() == 2


def test_person_can_see_correct_and_delete_their_data(client, form_data, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        complaint = submit(client, form_data, name="Siti Rahma", email="siti@contoh.id")
    # No personal-data link before the address is confirmed; the name is not in the first e-mail.
    assert "/personal-data/" not in mail.outbox[0].body and "Siti" not in mail.outbox[0].body
    with django_capture_on_commit_callbacks(execute=True):
        client.post(link(mail.outbox[0].body, "verify"))
    data_url = link(mail.outbox[-1].body, "personal-data")
    html = client.get(data_url).content.decode()
    assert 'value="Siti Rahma"' in html and 'value="siti@contoh.id"' in html
    client.post(data_url, {"action": "update", "name": "Siti R.", "email": "siti.baru@contoh.id", "phone": ""})
    complaint.refresh_from_db()
    assert complaint.name == "Siti R." and complaint.email == "siti.baru@contoh.id"
    response = client.post(data_url, {"action": "delete"})
    assert "has been deleted" in response.content.decode()
    complaint.refresh_from_db()
    assert (complaint.name, complaint.email, complaint.phone) == ("", "", "")
    assert complaint.personal_data_erased_at is not None
    assert Complaint.objects.filter(pk=complaint.pk).exists()  # kept for the statistics
    assert client.get(data_url).status_code == 410  # the link died with the data


def test_housekeeping_removes_abandoned_photos(client, form_data):
    import io as _io
    from pathlib import Path

    from django.core.management import call_command

    from complaints.intake import keep_uploads
    from complaints.models import PendingUpload

    from .conftest import jpeg

    keep_uploads([jpeg()])  # what a valid post shown the similar reports first keeps
    upload = PendingUpload.objects.get()
    path = Path(upload.file.path)
    assert path.exists()
    call_command("complaints_housekeeping", stdout=_io.StringIO())
    assert PendingUpload.objects.filter(pk=upload.pk).exists()  # still fresh
    PendingUpload.objects.filter(pk=upload.pk).update(created_at=timezone.now() - timedelta(hours=7))
    call_command("complaints_housekeeping", stdout=_io.StringIO())
    assert not PendingUpload.objects.filter(pk=upload.pk).exists() and not path.exists()


def test_erasing_personal_data_clears_undelivered_mail(client, form_data, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", free_port(), 1
    complaint = submit(client, form_data, email="hapus@contoh.id")
    notifications.send_due()  # the mail server is down: the message waits
    assert OutboundEmail.objects.filter(complaint=complaint, state=OutboundEmail.State.PENDING).exists()
    complaint.erase_personal_data()
    assert not OutboundEmail.objects.filter(to="hapus@contoh.id").exists()


def test_second_confirmation_click_changes_nothing(client, form_data, django_capture_on_commit_callbacks):
    from complaints import services

    with django_capture_on_commit_callbacks(execute=True):
        complaint = submit(client, form_data)
    raw = link(mail.outbox[0].body, "verify").rstrip("/").rsplit("/", 1)[1]
    token = ComplaintToken.find(raw, ComplaintToken.Purpose.VERIFY)
    assert services.verify(token) is True
    assert services.verify(token) is False  # e.g. a double click racing the first
    assert complaint.events.filter(status="verified").count() == 1
