"""Issue 16 (items 3 and 6) on the complaint service: English says "Sub-district (kelurahan)" and
"District (kecamatan)", never a bare Indonesian word; dates and times read one way per language on
the tracking page, in e-mails and in the officers' inbox."""

import datetime
import re

import pytest
from django.utils import timezone
from wagtail.users.models import UserProfile

from complaints import notifications
from complaints.models import Complaint
from tests.factories import complaint_in, officer, unit

pytestmark = pytest.mark.django_db

# 28 November 2026, 11.19 in Bogor (04.19 UTC).
MOMENT = datetime.datetime(2026, 11, 28, 4, 19, tzinfo=datetime.UTC)
INDONESIAN = "28 November 2026, 11.19 WIB"
ENGLISH = "28 November 2026, 11:19 WIB (UTC+7)"
BARE = re.compile(r"\b(Kelurahan|Kecamatan|kelurahan|kecamatan)\b")


def visible(html):
    return re.sub(r"<[^>]+>", "", re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S))


def bare_terms(html):
    """Indonesian unit words an English reader meets unexplained: in labels, headings, errors and
    prose, not in a place's name (the options of a list) nor as "(kelurahan)" after its English."""
    html = re.sub(r"<(script|style|option)\b.*?</\1>", " ", html, flags=re.S)
    text = re.sub(r"<[^>]+>", " ", html)
    text = re.sub(r"\((kelurahan|kecamatan)\)", "", text)
    return BARE.findall(text)


def test_english_form_labels_and_errors_say_sub_district(client, form_data):
    page = client.get("/en/complaints/").content.decode()
    assert re.search(r'<label[^>]*for="id_kelurahan"[^>]*>\s*Sub-district \(kelurahan\)', page)
    assert bare_terms(page) == []

    invalid = client.post("/en/complaints/", form_data(kelurahan="999999")).content.decode()
    assert "Choose a sub-district (kelurahan) from the list." in invalid
    nowhere = client.post("/en/complaints/", form_data(kelurahan="", address="")).content.decode()
    assert "choose the sub-district (kelurahan)" in nowhere
    assert bare_terms(invalid) == [] and bare_terms(nowhere) == []

    # The Indonesian form keeps its own word.
    indonesian = client.get("/id/pengaduan/").content.decode()
    assert re.search(r'<label[^>]*for="id_kelurahan"[^>]*>\s*Kelurahan\s*<', indonesian)


def test_english_statistics_and_tracking_say_district_and_sub_district(client):
    complaint = complaint_in("dispatched", kelurahan=unit("kel-tegallega"))
    statistics = client.get("/en/complaints/statistics/").content.decode()
    assert "Reports by district (kecamatan)" in statistics and "District (kecamatan)" in statistics
    assert bare_terms(statistics) == []
    tracking = client.get(f"/en/complaints/track/{complaint.tracking_code}/").content.decode()
    assert "<dt>Sub-district (kelurahan)</dt>" in tracking
    assert bare_terms(tracking) == []
    indonesian = client.get(f"/id/pengaduan/lacak/{complaint.tracking_code}/").content.decode()
    assert "<dt>Kelurahan</dt>" in indonesian


def test_tracking_page_dates_one_format_per_language(client):
    complaint = complaint_in("received")
    Complaint.objects.filter(pk=complaint.pk).update(created_at=MOMENT)
    complaint.events.update(created_at=MOMENT)
    english = visible(client.get(f"/en/complaints/track/{complaint.tracking_code}/").content.decode())
    indonesian = visible(client.get(f"/id/pengaduan/lacak/{complaint.tracking_code}/").content.decode())
    assert ENGLISH in english and "a.m." not in english and "Nov." not in english
    assert INDONESIAN in indonesian and "11:19" not in indonesian and "Nov." not in indonesian


def _expected(moment, lang):
    local = timezone.localtime(moment)
    months = {"id": ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September",
                     "Oktober", "November", "Desember"],
              "en": ["January", "February", "March", "April", "May", "June", "July", "August", "September",
                     "October", "November", "December"]}[lang]
    date = f"{local.day} {months[local.month - 1]} {local.year}"
    return f"{date}, {local:%H.%M} WIB" if lang == "id" else f"{date}, {local:%H:%M} WIB (UTC+7)"


def test_email_body_dates_one_format_per_language():
    complaint = complaint_in("dispatched")
    assert complaint.due_at
    indonesian = notifications.queue_to("pupr@kotabogor.go.id", "dispatch", "id", complaint, inbox_url="https://x/")
    english = notifications.queue_to("pupr@kotabogor.go.id", "dispatch", "en", complaint, inbox_url="https://x/")
    assert _expected(complaint.due_at, "id") in indonesian.body
    assert _expected(complaint.due_at, "en") in english.body
    assert "WIB WIB" not in indonesian.body and "WIB (UTC+7) WIB" not in english.body
    reminder = notifications.queue_to("pupr@kotabogor.go.id", "reminder", "id", complaint, inbox_url="https://x/")
    assert _expected(complaint.due_at, "id") in reminder.subject


@pytest.mark.parametrize("language, expected", [("id", INDONESIAN), ("en", ENGLISH)])
def test_inbox_listing_dates_in_the_officers_language(verified_login, language, expected):
    complaint = complaint_in("dispatched")
    Complaint.objects.filter(pk=complaint.pk).update(created_at=MOMENT)
    person = officer("pupr")
    profile = UserProfile.get_for_user(person)
    profile.preferred_language = language
    profile.save()
    listing = verified_login(person).get("/admin/complaints/inbox/").content.decode()
    assert complaint.tracking_code in listing
    assert expected in listing
