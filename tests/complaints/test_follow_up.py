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
    client.post(data_url, {"action": "update", "name": "Siti R.", "email": "", "phone": "0812 1111 2222"})
    complaint.refresh_from_db()
    assert (complaint.name, complaint.email, complaint.phone) == ("Siti R.", "", "+6281211112222")
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


def _verified_with_data_link(client, form_data, capture, **fields):
    with capture(execute=True):
        complaint = submit(client, form_data, **fields)
    with capture(execute=True):
        client.post(link(mail.outbox[0].body, "verify"))
    return complaint, link(mail.outbox[-1].body, "personal-data")


def test_a_new_email_address_counts_only_once_confirmed_there(client, form_data, django_capture_on_commit_callbacks):
    complaint, data_url = _verified_with_data_link(client, form_data, django_capture_on_commit_callbacks,
                                                   name="Siti Rahma", email="siti@contoh.id")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(data_url, {"action": "update", "name": "Siti R.", "email": "Orang.Lain@contoh.id",
                                          "phone": ""}, follow=True)
    assert "We have sent a link to your new e-mail address" in response.content.decode()
    complaint.refresh_from_db()
    assert complaint.name == "Siti R."
    assert complaint.email == "siti@contoh.id"  # the old address stays in use until the new one is confirmed
    (to_new,) = [m for m in mail.outbox if m.to == ["orang.lain@contoh.id"]]
    (to_old,) = [m for m in mail.outbox if m.to == ["siti@contoh.id"]]
    assert "a change of e-mail address was requested" in to_old.subject
    assert "orang.lain" not in to_old.body  # nothing of the new address goes to the old one
    confirm = link(to_new.body, "verify")

    # News meanwhile still goes to the confirmed address.
    notifications.queue_status(complaint, complaint.events.last())
    assert OutboundEmail.objects.filter(complaint=complaint, state=OutboundEmail.State.PENDING).last().to == \
        "siti@contoh.id"

    page = client.get(confirm)  # a mail scanner fetching the link confirms nothing
    assert page.status_code == 200 and "Use this e-mail address" in page.content.decode()
    complaint.refresh_from_db()
    assert complaint.email == "siti@contoh.id"
    response = client.post(confirm)
    assert "Your e-mail address has been changed" in response.content.decode()
    complaint.refresh_from_db()
    assert complaint.email == "orang.lain@contoh.id"
    assert client.post(confirm).status_code == 410  # once only
    assert not ComplaintToken.objects.exclude(new_email="").exists()  # the waiting address is not kept twice


def test_an_earlier_unconfirmed_change_no_longer_counts(client, form_data, django_capture_on_commit_callbacks):
    complaint, data_url = _verified_with_data_link(client, form_data, django_capture_on_commit_callbacks)
    for address in ("satu@contoh.id", "dua@contoh.id"):
        with django_capture_on_commit_callbacks(execute=True):
            client.post(data_url, {"action": "update", "name": "", "email": address, "phone": ""})
    first = link([m for m in mail.outbox if m.to == ["satu@contoh.id"]][0].body, "verify")
    assert client.post(first).status_code == 410
    complaint.refresh_from_db()
    assert complaint.email == "siti@contoh.id"


def test_anonymous_report_keeps_no_name_or_phone_and_forgets_the_email_once_confirmed(
        client, form_data, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        complaint = submit(client, form_data, anonymous="on", name="Siti Rahma", email="siti@contoh.id",
                           phone="0812 3456 7890")
    complaint.refresh_from_db()
    # Only the address the confirmation link goes to, until it is used.
    assert (complaint.name, complaint.phone, complaint.email) == ("", "", "siti@contoh.id")
    assert complaint.status == Complaint.Status.AWAITING_VERIFICATION
    with django_capture_on_commit_callbacks(execute=True):
        client.post(link(mail.outbox[0].body, "verify"))
    complaint.refresh_from_db()
    assert complaint.status == Complaint.Status.VERIFIED
    assert (complaint.name, complaint.phone, complaint.email) == ("", "", "")
    goodbye = mail.outbox[-1]
    assert goodbye.to == ["siti@contoh.id"] and "deleted your e-mail address" in goodbye.body
    assert "/personal-data/" not in goodbye.body  # nothing personal left to see or correct
    assert not OutboundEmail.objects.filter(to="siti@contoh.id").exists()  # not in the outbox's records either
    assert not Complaint.objects.filter(email="siti@contoh.id").exists()


def test_anonymous_report_without_email_never_stores_the_typed_name_or_phone(client, form_data):
    complaint = submit(client, form_data, anonymous="on", name="Budi Santoso", email="", phone="0812 3456 7890")
    complaint.refresh_from_db()
    assert (complaint.name, complaint.phone, complaint.email) == ("", "", "")
    assert complaint.status == Complaint.Status.RECEIVED  # the desk screens it, with no contact needed


def test_the_desk_screening_an_anonymous_report_erases_its_email(client, form_data):
    from complaints import workflow
    from tests.factories import desk_officer

    complaint = submit(client, form_data, anonymous="on", email="siti@contoh.id")
    workflow.apply(complaint, "verify", desk_officer())
    complaint.refresh_from_db()
    assert complaint.status == Complaint.Status.VERIFIED and complaint.email == ""


def test_an_unscreened_anonymous_report_merged_by_the_desk_keeps_no_address(client, form_data,
                                                                            django_capture_on_commit_callbacks):
    from complaints.similar.merge import merge
    from tests.factories import complaint_in, desk_officer

    with django_capture_on_commit_callbacks(execute=True):
        duplicate = submit(client, form_data, anonymous="on", email="anonim.warga@contoh.id")
    master = complaint_in(Complaint.Status.VERIFIED)
    with django_capture_on_commit_callbacks(execute=True):
        merge(duplicate, master, desk_officer(), reason="Got yang sama.")
    duplicate.refresh_from_db()
    # Told once, where to follow it; then the address is gone, and was not carried over to the master.
    told = mail.outbox[-1]
    assert told.to == ["anonim.warga@contoh.id"] and master.tracking_code in told.body
    assert duplicate.email == "" and not master.supporters.filter(email="anonim.warga@contoh.id").exists()
    assert not Complaint.objects.filter(email="anonim.warga@contoh.id").exists()
