"""An officer who has given the password but not the two-step code sees on the public routes what any
visitor sees, no more: the admin asks for the code, and so does everything that serves complaint data."""

import pytest

from complaints import access
from tests.factories import ComplaintPhotoFactory, complaint_in, desk_officer, liaison

pytestmark = pytest.mark.django_db


def photo_url(photo):
    return f"/en/complaints/photo/{photo.public_id}/"


@pytest.fixture
def confidential_photo():
    report = complaint_in("dispatched", unit="dpupr", confidential=True)
    return ComplaintPhotoFactory(complaint=report)


@pytest.mark.parametrize("who", ["desk", "liaison"])
def test_a_confidential_photo_needs_the_two_step_code(client, verified_login, confidential_photo, who):
    person = desk_officer("meja") if who == "desk" else liaison("dpupr", username="pupr")
    client.force_login(person)  # password only
    assert client.get(photo_url(confidential_photo)).status_code == 404
    # The admin sends the same session to give the code first (and its own photo route with it).
    admin_photo = client.get(f"/admin/complaints/inbox/photo/{confidential_photo.pk}/")
    assert admin_photo.status_code == 302 and "/admin/2fa/" in admin_photo["Location"]
    verified_login(person)
    response = client.get(photo_url(confidential_photo))
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"


def test_a_half_logged_in_officer_is_nobody_to_the_complaint_rules():
    """complaints.access answers for every view, those to come included: a request's user who has not
    given the code opens no report, and is no desk, no unit, no reader of reporters' names."""
    report = complaint_in("dispatched", unit="dpupr")
    for person in (desk_officer("meja"), liaison("dpupr", username="pupr")):
        half = type(person).objects.get(pk=person.pk)
        half.is_verified = lambda: False  # what django-otp's middleware says of a session without the code
        assert not access.complaints_for(half).exists()
        assert not access.can_use_inbox(half) and not access.show_reporter(half, report)
        whole = type(person).objects.get(pk=person.pk)
        whole.is_verified = lambda: True
        assert access.complaints_for(whole).filter(pk=report.pk).exists() and access.can_use_inbox(whole)
