"""A report rejected as spam leaves the public web: its tracking page answers as for a code nobody was
given, its photos are not found, Open311 neither lists nor finds it. Officers keep it in their records
and the figures count it as before."""

import re

import pytest

from complaints import statistics, workflow
from complaints.models import Complaint, new_tracking_code
from tests.factories import ComplaintPhotoFactory, complaint_in, desk_officer

pytestmark = pytest.mark.django_db
API = "/api/open311/v2"


@pytest.fixture
def desk():
    return desk_officer()


@pytest.fixture
def spam(desk):
    report = complaint_in("verified", desk=desk)
    ComplaintPhotoFactory(complaint=report)
    workflow.apply(report, "reject", desk, reason="spam", public_message="Laporan ini tidak dapat diproses.")
    report.refresh_from_db()
    return report


def unknown_code():
    code = new_tracking_code()
    assert not Complaint.objects.filter(tracking_code=code).exists()
    return code


def same_page(response, code):
    """The page with the code the visitor typed taken out (the form offers it back to correct it)."""
    return re.sub(r"csrfmiddlewaretoken\" value=\"[^\"]+\"", "", response.content.decode().replace(code, "CODE"))


def test_a_spam_reports_tracking_page_answers_as_for_an_unknown_code(client, spam):
    unknown = unknown_code()
    for path in ("track", "submitted"):
        for typed, other in ((spam.tracking_code, unknown), (spam.tracking_code.lower(), unknown.lower())):
            if path == "submitted" and typed.islower():
                continue
            answer, reference = client.get(f"/en/complaints/{path}/{typed}/"), client.get(f"/en/complaints/{path}/{other}/")
            assert answer.status_code == reference.status_code == 404
            assert same_page(answer, typed) == same_page(reference, other)
            # Every answer has its own request id (for the logs); nothing else may tell them apart.
            assert sorted((k, v) for k, v in answer.headers.items() if k != "X-Request-ID") \
                == sorted((k, v) for k, v in reference.headers.items() if k != "X-Request-ID")
    assert "tidak dapat diproses" not in client.get(f"/id/pengaduan/lacak/{spam.tracking_code}/").content.decode()


def test_a_spam_reports_photos_are_not_found_publicly_nor_in_open311(client, spam):
    photo = spam.photos.get()
    assert client.get(f"/en/complaints/photo/{photo.public_id}/").status_code == 404
    assert client.get(f"{API}/requests/{spam.tracking_code}.json").status_code == 404
    assert client.get(f"{API}/requests.json", {"service_request_id": spam.tracking_code}).json() == []
    listed = client.get(f"{API}/requests.json", {"status": "open,closed"}).content.decode()
    assert spam.tracking_code not in listed and str(photo.public_id) not in listed


def test_a_spam_report_stays_in_the_officers_records_and_the_figures(client, verified_login, desk, spam):
    kept = complaint_in("verified", desk=desk)
    assert client.get(f"/en/complaints/track/{spam.tracking_code}/").status_code == 404
    assert client.get(f"/en/complaints/track/{kept.tracking_code}/").status_code == 200
    officer = verified_login(desk)
    detail = officer.get(f"/admin/complaints/inbox/{spam.pk}/")
    assert detail.status_code == 200 and spam.tracking_code in detail.content.decode()
    assert officer.get(f"/admin/complaints/inbox/photo/{spam.photos.get().pk}/").status_code == 200
    # The officer's public route still shows them the photo, as for a confidential report they handle.
    assert officer.get(f"/en/complaints/photo/{spam.photos.get().public_id}/").status_code == 200
    inbox = officer.get("/admin/complaints/inbox/", {"status": "rejected"}).content.decode()
    assert spam.tracking_code in inbox
    assert officer.get("/admin/complaints/inbox/dashboard/").context["total"] == 2
    # The public figures count it as they always have: spam is not a report there.
    assert statistics.compute()["total"] == 1
