"""Duplicates: similar reports before sending, "I have this problem too", merging, priority issues."""

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.utils import timezone

from cms.models import OrganisationUnit
from complaints import workflow
from complaints.models import Category, Complaint, Supporter
from complaints.similar import merge, nearby, priority
from tests.factories import officer

pytestmark = pytest.mark.django_db
S = Complaint.Status
# Balai Kota Bogor; 0.001° of latitude is about 111 m.
LAT, LON = Decimal("-6.597100"), Decimal("106.799000")


def kel(code="kel-tegallega"):
    return OrganisationUnit.objects.get(code=code)


def make(category="saluran-mampet", kelurahan="kel-tegallega", lat=None, lon=None, status=S.VERIFIED, **fields):
    fields.setdefault("email", "budi@contoh.id")
    return Complaint.objects.create(
        category=Category.objects.get(code=category), description="Got mampet, air meluap ke jalan.",
        kelurahan=kel(kelurahan) if kelurahan else None, latitude=lat, longitude=lon, status=status,
        name="Budi Warga", phone="+6281234567890", **fields)


@pytest.fixture
def desk(django_user_model):
    return officer("desk")


@pytest.fixture
def login(verified_login, django_user_model):
    def as_user(username):
        return verified_login(officer(username))
    return as_user


def codes(results):
    return [c.tracking_code for c, _m in results]


def test_suggestions_by_distance_nearest_first():
    here = make(lat=LAT, lon=LON)
    near = make(lat=LAT + Decimal("0.0015"), lon=LON)          # ~167 m north
    far = make(lat=LAT + Decimal("0.0040"), lon=LON)           # ~445 m: outside 250 m
    east = make(lat=LAT, lon=LON + Decimal("0.0020"))          # ~221 m east (the box is wider than a circle)
    corner = make(lat=LAT + Decimal("0.0020"), lon=LON + Decimal("0.0020"))  # ~313 m: in the box, not in the circle
    make(category="sampah", lat=LAT, lon=LON)                 # another kind of problem
    make(lat=LAT, lon=LON, status=S.CLOSED)                   # closed
    make(lat=LAT, lon=LON, confidential=True)                 # never public
    merged = make(lat=LAT, lon=LON)
    merged.status = S.MERGED
    merged.save()
    results = nearby.nearby(Category.objects.get(code="saluran-mampet"), latitude=LAT, longitude=LON)
    assert codes(results) == [here.tracking_code, near.tracking_code, east.tracking_code]
    # Public distances are between the rounded points (-6.597 and -6.596; 106.799 and 106.801): grid steps.
    metres = [round(m) for _c, m in results]
    assert metres == [0, 111, 221]
    assert far.tracking_code not in codes(results) and corner.tracking_code not in codes(results)
    # The desk sees confidential ones among the possible duplicates, to the metre.
    desk_view = nearby.nearby(Category.objects.get(code="saluran-mampet"), latitude=LAT, longitude=LON,
                              desk=True, limit=10)
    assert len(desk_view) == 4 and 160 < [m for c, m in desk_view if c == near][0] < 175


def test_suggestions_by_kelurahan_without_coordinates():
    same = make()
    placed_elsewhere = make(kelurahan="kel-tegallega", lat=LAT + Decimal("0.05"), lon=LON)
    other = make(kelurahan="kel-babakan")
    category = Category.objects.get(code="saluran-mampet")
    found = codes(nearby.nearby(category, kelurahan=kel()))
    assert same.tracking_code in found and placed_elsewhere.tracking_code in found
    assert other.tracking_code not in found
    # With a point, reports of the kelurahan without coordinates come after the measured ones.
    found = codes(nearby.nearby(category, kelurahan=kel(), latitude=LAT, longitude=LON))
    assert found == [same.tracking_code]


def test_form_without_javascript_offers_similar_reports_and_loses_nothing(client, form_data):
    existing = make()
    response = client.post("/en/complaints/", form_data(description="The drain is blocked again near the school.",
                                                        similar_checked=None))
    assert response.status_code == 200
    html = response.content.decode()
    assert existing.tracking_code in html and "I have this problem too" in html
    assert "My problem is different: send my report" in html and 'name="similar_checked"' in html
    assert "The drain is blocked again near the school." in html and 'value="siti@contoh.id"' in html
    assert "Budi" not in html and "budi@contoh.id" not in html and "Got mampet" not in html
    assert Complaint.objects.count() == 1
    # "My problem is different": the report is sent.
    response = client.post("/en/complaints/", form_data(similar_checked="1"))
    assert response.status_code == 302 and Complaint.objects.count() == 2


def test_indonesian_form_offers_similar_reports_in_indonesian(client, form_data):
    make()
    html = client.post("/id/pengaduan/", form_data(similar_checked=None)).content.decode()
    assert "Saya juga mengalami masalah ini" in html


def test_similar_json_has_public_fields_only_and_is_rate_limited(client, settings):
    shown = make(lat=LAT, lon=LON)
    make(lat=LAT, lon=LON, confidential=True)
    category = Category.objects.get(code="saluran-mampet")
    url = f"/en/complaints/similar/?category={category.pk}&latitude={LAT}&longitude={LON}"
    response = client.get(url)
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    data = response.json()
    assert data["radius_m"] == 250 and len(data["results"]) == 1
    item = data["results"][0]
    assert set(item) == {"code", "category", "kelurahan", "status", "age_days", "distance_band", "distance", "url"}
    assert item["code"] == shown.tracking_code and item["distance_band"] == "0-100"
    assert item["distance"] == "within about 100 m"
    assert item["url"] == f"/en/complaints/track/{shown.tracking_code}/" and item["status"] == "Verified"
    assert "budi" not in response.content.decode().lower()
    assert client.get("/id/pengaduan/serupa/?category=abc").status_code == 400
    settings.COMPLAINT_SIMILAR_LOOKUPS_PER_10_MIN = 3
    statuses = [client.get(url).status_code for _ in range(4)]
    assert statuses[-1] == 429


def test_i_have_this_problem_too_adds_a_supporter_who_hears_of_updates(
        client, form_data, desk, django_capture_on_commit_callbacks):
    target = make(status=S.VERIFIED)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/en/complaints/", form_data(support=target.tracking_code, email="ani@contoh.id",
                                                            description=""))
    assert response.status_code == 200
    assert f"report {target.tracking_code}" in response.content.decode()
    assert Complaint.objects.count() == 1  # no new report
    supporter = Supporter.objects.get(complaint=target)
    assert supporter.email == "ani@contoh.id" and supporter.language == "en" and supporter.verified_at is None
    assert [m.to for m in mail.outbox] == [["ani@contoh.id"]]
    link = re.search(r"https?://\S+(/en/complaints/supporter/\S+/)", mail.outbox[0].body).group(1)
    # Opening the link only shows a button; pressing it confirms the address.
    assert client.get(link).status_code == 200
    supporter.refresh_from_db()
    assert supporter.verified_at is None
    client.post(link, {"action": "confirm"})
    supporter.refresh_from_db()
    assert supporter.verified_at is not None
    # A public step on the report: the reporter and the supporter both hear of it, each in their language.
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        workflow.apply(target, "dispatch", desk, unit=OrganisationUnit.objects.get(code="dpupr"))
    to_supporter = [m for m in mail.outbox if m.to == ["ani@contoh.id"]]
    assert len(to_supporter) == 1 and target.tracking_code in to_supporter[0].subject
    assert "which you follow" in to_supporter[0].body and "Budi" not in to_supporter[0].body
    # The tracking page counts the supporter, without naming anyone.
    track = client.get(f"/en/complaints/track/{target.tracking_code}/").content.decode()
    assert "1 more person has this problem too" in track and "ani@contoh.id" not in track
    # Stopping the updates deletes the address.
    client.post(link, {"action": "stop"})
    assert not Supporter.objects.filter(pk=supporter.pk).exists()
    assert client.get(link).status_code == 404


def test_support_needs_an_email_and_consent_and_keeps_what_was_typed(client, form_data):
    target = make()
    response = client.post("/en/complaints/", form_data(support=target.tracking_code, email="", consent=None,
                                                        description="Half-written descr"))
    assert response.status_code == 400
    html = response.content.decode()
    assert "Give your e-mail address so that we can tell you what happens to this report." in html
    assert "Please agree to the privacy notice" in html
    assert "Half-written descr" in html and target.tracking_code in html
    assert not Supporter.objects.exists()


def test_a_closed_or_confidential_report_cannot_be_supported(client, form_data):
    for report in (make(status=S.CLOSED), make(confidential=True)):
        response = client.post("/en/complaints/", form_data(support=report.tracking_code))
        assert response.status_code == 400
    assert not Supporter.objects.exists()


def test_desk_merges_a_duplicate_and_its_reporter_follows_the_master(
        login, client, desk, django_capture_on_commit_callbacks):
    master = make(status=S.DISPATCHED, unit=OrganisationUnit.objects.get(code="dpupr"), email="")
    dup = make(email="rina@contoh.id", language="en", verified_at=timezone.now())
    Supporter.objects.create(complaint=dup, email="joko@contoh.id", verified_at=timezone.now())
    officer = login("desk")
    html = officer.get(f"/admin/complaints/inbox/{dup.pk}/").content.decode()
    assert master.tracking_code in html  # offered as a possible duplicate
    response = officer.post(f"/admin/complaints/inbox/{dup.pk}/merge/", {"master": master.tracking_code, "reason": ""})
    dup.refresh_from_db()
    assert dup.status == S.VERIFIED  # a reason is required
    with django_capture_on_commit_callbacks(execute=True):
        response = officer.post(f"/admin/complaints/inbox/{dup.pk}/merge/",
                                {"master": master.tracking_code.lower(), "reason": "Same drain, same street"})
    assert response.status_code == 302 and response["Location"] == f"/admin/complaints/inbox/{master.pk}/"
    dup.refresh_from_db()
    assert dup.status == S.MERGED and dup.merged_into == master and dup.due_at is None
    emails = set(master.supporters.values_list("email", flat=True))
    assert emails == {"rina@contoh.id", "joko@contoh.id"}
    assert master.supporters.get(email="rina@contoh.id").verified_at is not None
    # The reporter is told where to follow, and the tracking page of the merged code says it too.
    told = [m for m in mail.outbox if m.to == ["rina@contoh.id"]]
    assert len(told) == 1 and master.tracking_code in told[0].body
    track = client.get(f"/en/complaints/track/{dup.tracking_code}/").content.decode()
    assert f"/en/complaints/track/{master.tracking_code}/" in track and "has been merged" in track
    # The master's next public step reaches the merged reporter.
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        workflow.apply(master, "start", desk)
    assert {tuple(m.to) for m in mail.outbox} == {("rina@contoh.id",), ("joko@contoh.id",)}
    # Merging twice, or into a closed report, is refused with a reason.
    with pytest.raises(merge.MergeError):
        merge.merge(dup, master, desk, "again")


def test_only_the_desk_merges(login):
    master = make(status=S.DISPATCHED, unit=OrganisationUnit.objects.get(code="dpupr"))
    dup = make(status=S.DISPATCHED, unit=OrganisationUnit.objects.get(code="dpupr"))
    response = login("pupr").post(f"/admin/complaints/inbox/{dup.pk}/merge/",
                                  {"master": master.tracking_code, "reason": "same"})
    assert response.status_code in (302, 403)  # the admin turns "forbidden" into a redirect with a message
    dup.refresh_from_db()
    assert dup.status == S.DISPATCHED


def test_priority_issues_group_reports_by_category_and_kelurahan(login, settings, django_assert_max_num_queries):
    settings.COMPLAINT_PRIORITY_MIN_REPORTS = 3
    settings.COMPLAINT_PRIORITY_DAYS = 14
    group = [make() for _ in range(2)]
    Supporter.objects.create(complaint=group[0], email="a@contoh.id")
    old = make()
    old.created_at = timezone.now() - timedelta(days=30)
    old.save()
    for _ in range(2):
        make(kelurahan="kel-babakan")  # two only: below the threshold
    with django_assert_max_num_queries(3):
        issues = priority.priority_issues()
    assert len(issues) == 1
    issue = issues[0]
    assert issue["category"].code == "saluran-mampet" and issue["kelurahan"].code == "kel-tegallega"
    assert (issue["reports"], issue["supporters"]) == (2, 1)
    html = login("desk").get("/admin/complaints/inbox/priority/").content.decode()
    assert "Tegallega" in html and 'id="priority-issues"' in html
    assert login("desk").get("/admin/").status_code == 200
    assert login("pupr").get("/admin/complaints/inbox/priority/").status_code in (302, 403)


def test_support_answer_does_not_tell_whose_address_it_is(client, form_data):
    # The same answer for the reporter's own address, a confirmed supporter and a new one: a stranger
    # must not learn from the page who reported or follows a report.
    target = make(email="budi@contoh.id")
    Supporter.objects.create(complaint=target, email="joko@contoh.id", verified_at=timezone.now())

    def answer(email):
        response = client.post("/en/complaints/", form_data(support=target.tracking_code, email=email, description=""))
        assert response.status_code == 200
        return re.search(r"Thank you\.[^<]*", response.content.decode()).group(0)

    answers = {answer(email) for email in ("budi@contoh.id", "joko@contoh.id", "ani@contoh.id")}
    assert len(answers) == 1 and target.tracking_code in answers.pop()


def test_support_with_unusable_coordinates_keeps_the_form(client, form_data):
    # Missing e-mail: the form comes back with the suggestions; odd coordinates must not break it.
    target = make(lat=LAT, lon=LON)
    for latitude in ("NaN", "Infinity", "-1e999999", "sNaN", "95"):
        response = client.post("/en/complaints/", form_data(support=target.tracking_code, email="",
                                                            latitude=latitude, longitude="106.799"))
        assert response.status_code == 400, latitude
        assert "Give your e-mail address" in response.content.decode() and target.tracking_code in response.content.decode()


def test_no_merge_into_a_confidential_report(login, desk):
    secret = make(status=S.DISPATCHED, unit=OrganisationUnit.objects.get(code="dpupr"), confidential=True)
    dup = make(email="rina@contoh.id", verified_at=timezone.now())
    response = login("desk").post(f"/admin/complaints/inbox/{dup.pk}/merge/",
                                  {"master": secret.tracking_code, "reason": "Same drain"})
    assert response.status_code == 302 and response["Location"] == f"/admin/complaints/inbox/{dup.pk}/"
    dup.refresh_from_db()
    assert dup.status == S.VERIFIED and dup.merged_into is None
    # The other reporter neither follows the confidential report nor receives its code.
    assert not secret.supporters.exists() and not mail.outbox
    # The other way round is fine: the confidential reporter follows the public report.
    merge.merge(secret, dup, desk, "Same drain")
    assert dup.supporters.filter(email="budi@contoh.id").exists()
