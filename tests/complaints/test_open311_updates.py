"""Open311 change feeds (updated_after/updated_before, servicerequestupdates) and FixMyStreet's extended statuses."""

import json
from datetime import timedelta
from xml.etree import ElementTree as ET

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from complaints import services, workflow
from complaints.models import Complaint, ComplaintEvent, ForwardedComment
from complaints.open311 import statuses
from complaints.similar.merge import merge
from tests.factories import ApiClientFactory, ComplaintFactory, complaint_in, desk_officer, liaison, unit

pytestmark = pytest.mark.django_db
S = Complaint.Status
API = "/api/open311/v2"
# What mySociety's Open311 endpoints may send as an update's status (Open311::Endpoint::Service::Request::
# Update::mySociety) and FixMyStreet's map_state reads.
FMS_VOCABULARY = {"open", "closed", "fixed", "in_progress", "action_scheduled", "investigating", "duplicate",
                  "not_councils_responsibility", "no_further_action", "internal_referral"}
SECRET_NOTE = "Catatan internal: pelapor tetangga Pak RT"


@pytest.fixture
def api_key():
    ApiClientFactory(name="FixMyStreet Bogor", key=settings.OPEN311_DEMO_KEY)
    return settings.OPEN311_DEMO_KEY


def w3c(moment):
    """A time as FixMyStreet sends it (DateTime::Format::W3CDTF, to the second)."""
    return timezone.localtime(moment).isoformat(timespec="seconds")


def parse(response, fmt, root):
    """The answer as a list of dicts; XML through a strict parser, with FixMyStreet's root and item names."""
    assert response["Content-Type"].startswith("application/json" if fmt == "json" else "text/xml"), response.content
    if fmt == "json":
        return json.loads(response.content)
    element = ET.fromstring(response.content)  # expat: any malformed byte is an error
    assert element.tag == root
    return [{child.tag: child.text for child in item} for item in element]


def poll(client, fmt, start, end):
    response = client.get(f"{API}/servicerequestupdates.{fmt}", {"start_date": w3c(start), "end_date": w3c(end)})
    assert response.status_code == 200, response.content
    items = parse(response, fmt, "service_request_updates")
    if fmt == "xml":
        assert all(item.keys() >= {"update_id", "service_request_id", "status", "updated_datetime", "description",
                                   "media_url", "external_status_code"} for item in items)
    return items


def tick():
    """Let the clock pass a second boundary: FixMyStreet asks for windows to the second."""
    start = timezone.now().replace(microsecond=0)
    while timezone.now() < start + timedelta(seconds=1):
        pass


# The one table --------------------------------------------------------------------------------------

def test_every_state_has_a_fixmystreet_status():
    assert set(statuses.EXTENDED_STATUS) == set(S.values)
    assert set(statuses.EXTENDED_STATUS.values()) <= FMS_VOCABULARY
    assert set(statuses.REJECTED_BY_REASON) == set(workflow.REJECT_REASONS)
    assert set(statuses.REJECTED_BY_REASON.values()) <= FMS_VOCABULARY
    # Outcomes a citizen must be able to tell apart are no longer all "closed".
    assert statuses.extended_status(S.RESOLVED) == statuses.extended_status(S.CLOSED) == "fixed"
    assert statuses.extended_status(S.NOT_AUTHORITY) == statuses.extended_status(S.FORWARDED) \
        == "not_councils_responsibility"
    assert statuses.extended_status(S.MERGED) == statuses.extended_status(S.REJECTED, "duplicate") == "duplicate"
    assert statuses.extended_status(S.REJECTED, "insufficient") == "no_further_action"


@pytest.mark.parametrize("state,expected", [
    (S.VERIFIED, "open"), (S.DISPATCHED, "action_scheduled"), (S.IN_PROGRESS, "in_progress"), (S.RESOLVED, "fixed"),
    (S.CLOSED, "fixed"), (S.REOPENED, "open"), (S.REJECTED, "no_further_action"),
    (S.NOT_AUTHORITY, "not_councils_responsibility"), (S.FORWARDED, "not_councils_responsibility"),
])
@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_requests_carry_the_extended_status_beside_open_or_closed(client, state, expected, fmt):
    complaint = complaint_in(state)
    [row] = parse(client.get(f"{API}/requests/{complaint.tracking_code}.{fmt}"), fmt, "service_requests")
    assert row["status"] in ("open", "closed")
    assert row["extended_status"] == expected and row["external_status_code"] == state
    [update] = [u for u in poll(client, fmt, timezone.now() - timedelta(hours=1), timezone.now() + timedelta(seconds=2))
                if u["update_id"] == str(complaint.events.filter(is_public=True).last().pk)]
    assert update["status"] == expected and update["external_status_code"] == state


def test_a_merged_report_and_a_duplicate_rejection_are_duplicates(client):
    desk = desk_officer()
    master, other = complaint_in(S.VERIFIED, desk=desk), complaint_in(S.VERIFIED, desk=desk)
    merge(other, master, desk, reason="Lubang yang sama.")
    rejected = ComplaintFactory()
    workflow.apply(rejected, "reject", desk, reason="duplicate", public_message="Sudah dilaporkan.")
    rows = {r["service_request_id"]: r for r in client.get(
        f"{API}/requests.json", {"service_request_id": f"{other.tracking_code},{rejected.tracking_code}"}).json()}
    assert rows[other.tracking_code]["extended_status"] == "duplicate"
    assert rows[rejected.tracking_code]["extended_status"] == "duplicate"
    assert rows[other.tracking_code]["status"] == rows[rejected.tracking_code]["status"] == "closed"


# Pollers ---------------------------------------------------------------------------------------------

def test_a_report_verified_days_later_reaches_a_poller_of_recent_changes(client):
    desk = desk_officer()
    now = timezone.now()
    late = ComplaintFactory(created_at=now - timedelta(days=10))
    workflow.apply(late, "verify", desk, now=now - timedelta(minutes=2))
    # Changed only where officers look (an escalation's save, an internal note): not a public change.
    quiet = complaint_in(S.VERIFIED, desk=desk, now=now - timedelta(days=3))
    quiet.escalation_level = 1
    quiet.save()
    workflow.add_note(quiet, desk, SECRET_NOTE)
    recent = {r["service_request_id"]: r for r in
              client.get(f"{API}/requests.json", {"updated_after": w3c(now - timedelta(minutes=10))}).json()}
    assert set(recent) == {late.tracking_code}
    assert recent[late.tracking_code]["updated_datetime"] == w3c(now - timedelta(minutes=2))
    # By arrival the late one is not recent: the old filter alone never showed it to a poller.
    by_arrival = client.get(f"{API}/requests.json", {"start_date": w3c(now - timedelta(minutes=10))}).json()
    assert late.tracking_code not in {r["service_request_id"] for r in by_arrival}
    [row] = client.get(f"{API}/requests/{quiet.tracking_code}.json").json()
    assert row["updated_datetime"] == w3c(now - timedelta(days=3))  # the verification, not the escalation
    older = client.get(f"{API}/requests.json", {"updated_before": w3c(now - timedelta(days=1))}).json()
    assert {r["service_request_id"] for r in older} == {quiet.tracking_code}


@pytest.mark.parametrize("query", [{"updated_after": "kemarin"}, {"updated_before": "2026-02-30"},
                                   {"updated_after": "2026-03-02", "updated_before": "2026-03-01"}])
def test_a_bad_change_window_is_a_400(client, query):
    response = client.get(f"{API}/requests.json", query)
    assert response.status_code == 400 and response.json()[0]["code"] == 400


def test_the_update_feed_is_the_public_timeline_of_listed_reports_only(client):
    desk = desk_officer()
    start = timezone.now() - timedelta(seconds=1)
    shown = complaint_in(S.VERIFIED, desk=desk, name="Budi Warga", phone="+6281234567890")
    workflow.add_note(shown, desk, SECRET_NOTE)
    workflow.apply(shown, "dispatch", desk, unit=unit("dpupr"), internal_note=SECRET_NOTE)
    unscreened = ComplaintFactory(status=S.AWAITING_VERIFICATION)
    ComplaintEvent.objects.create(complaint=unscreened, status=S.RECEIVED, public_message="Laporan diterima.")
    confidential = complaint_in(S.VERIFIED, desk=desk, confidential=True)
    spam = ComplaintFactory()
    workflow.apply(spam, "reject", desk, reason="spam", public_message="Ditolak.")
    for fmt in ("json", "xml"):
        response = client.get(f"{API}/servicerequestupdates.{fmt}",
                              {"start_date": w3c(start), "end_date": w3c(timezone.now() + timedelta(seconds=1))})
        body = response.content.decode()
        for secret in (SECRET_NOTE, "Budi Warga", "+6281234567890", "siti@contoh.id", "Siti Rahma",
                       shown.description, shown.address):
            assert secret not in body
        items = parse(response, fmt, "service_request_updates")
        assert {item["service_request_id"] for item in items} == {shown.tracking_code}
        assert [item["update_id"] for item in items] == [str(e.pk) for e in shown.public_events()]
        assert [item["external_status_code"] for item in items] == ["verified", "dispatched"]
        assert [item["status"] for item in items] == ["open", "action_scheduled"]
        for hidden in (unscreened, confidential, spam):
            assert hidden.tracking_code not in body


def test_a_step_without_a_state_of_its_own_keeps_the_one_before(client):
    complaint = complaint_in(S.RESOLVED)
    thanks = ComplaintEvent.objects.create(complaint=complaint, action="survey", internal_note="Puas sekali, dari Budi",
                                           public_message="Terima kasih atas penilaian Anda.")
    items = client.get(f"{API}/servicerequestupdates.json").json()
    [item] = [i for i in items if i["update_id"] == str(thanks.pk)]
    assert item["status"] == "fixed" and item["external_status_code"] == "resolved"
    assert "dari Budi" not in json.dumps(items)


@pytest.mark.parametrize("query", [{"start_date": "besok"}, {"end_date": "2026-13-01"},
                                   {"start_date": "2026-03-02", "end_date": "2026-03-01"}])
def test_a_bad_update_window_is_a_400(client, query):
    response = client.get(f"{API}/servicerequestupdates.xml", query)
    assert response.status_code == 400
    assert ET.fromstring(response.content).find("error/code").text == "400"


# Forwarded comments ----------------------------------------------------------------------------------

def test_a_comment_needs_a_key_a_known_report_and_words(client, api_key):
    complaint = complaint_in(S.VERIFIED)
    url = f"{API}/servicerequestupdates.json"
    fields = {"service_request_id": complaint.tracking_code, "description": "Masih tergenang."}
    assert client.post(url, fields).status_code == 403
    assert client.post(url, {**fields, "api_key": "salah"}).status_code == 403
    assert client.post(url, {**fields, "api_key": api_key, "service_request_id": "TIDAKADA99"}).status_code == 404
    missing = client.post(url, {"api_key": api_key, "service_request_id": complaint.tracking_code})
    assert missing.status_code == 400 and missing.json()[0]["description"].startswith("description:")
    bad_mail = client.post(url, {**fields, "api_key": api_key, "email": "bukan-surel"})
    assert bad_mail.status_code == 400 and bad_mail.json()[0]["description"].startswith("email:")
    assert not ForwardedComment.objects.exists()


def test_comments_are_limited_per_client_but_a_retry_still_answers(client, api_key, settings):
    settings.OPEN311_RATE_LIMIT_PER_HOUR = 1  # so 4 comments an hour
    complaint = complaint_in(S.VERIFIED)
    url = f"{API}/servicerequestupdates.json"
    fields = {"api_key": api_key, "service_request_id": complaint.tracking_code, "description": "Masih tergenang."}
    for n in range(4):
        assert client.post(url, {**fields, "update_id": f"c{n}"}).status_code == 201
    refused = client.post(url, {**fields, "update_id": "c4"})
    with translation.override(settings.LANGUAGE_CODE):  # Open311 answers in the site's language
        expected = gettext("This api_key has forwarded its allowed number of comments this hour. Please try later.")
    assert refused.status_code == 429 and refused.json()[0]["description"] == expected
    assert client.post(url, {**fields, "update_id": "c0"}).status_code == 200  # a retry is not a new note
    assert complaint.events.filter(action="comment").count() == 4


# The round trip FixMyStreet makes ----------------------------------------------------------------------

@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_fixmystreet_round_trip(client, api_key, verified_login, fmt):
    """FixMyStreet sends a report (POST requests), polls servicerequestupdates in consecutive windows as
    Open311::GetServiceRequestUpdates does (start_date/end_date, to the second), and forwards a citizen's
    comment (POST servicerequestupdates) with the fields Open311.pm's post_service_request_update sends."""
    desk, pupr = desk_officer(), liaison("dpupr")
    created = client.post(f"{API}/requests.{fmt}", {
        "api_key": api_key, "jurisdiction_id": "bogor", "service_code": "jalan-rusak", "lat": "-6.5971",
        "long": "106.7990", "email": "warga@contoh.id", "first_name": "Budi", "last_name": "Warga",
        "description": "title: Lubang\n\ndetail: Lubang besar di Jl. Pajajaran dekat halte.\n\nSubmitted via FixMyStreet"})
    assert created.status_code == 201, created.content
    [answer] = parse(created, fmt, "service_requests")
    code = answer["service_request_id"]
    complaint = Complaint.objects.get(tracking_code=code)

    seen, last = [], timezone.now()
    tick()

    def poll_now():
        nonlocal last
        tick()
        end = timezone.now().replace(microsecond=0)
        items = [i for i in poll(client, fmt, last, end) if i["service_request_id"] == code]
        seen.extend(items)
        last = end
        return items

    assert poll_now() == []  # not yet screened by the desk: nothing public to follow
    workflow.apply(complaint, "verify", desk)
    [verified] = poll_now()
    assert (verified["status"], verified["external_status_code"]) == ("open", "verified")
    # The same change through requests: a poller of updated_after sees the report verified after it came.
    listed = parse(client.get(f"{API}/requests.{fmt}", {"updated_after": verified["updated_datetime"]}), fmt,
                   "service_requests")
    assert code in {row["service_request_id"] for row in listed}
    workflow.apply(complaint, "dispatch", desk, unit=unit("dpupr"), internal_note=SECRET_NOTE)
    workflow.apply(complaint, "respond", pupr, public_message="Tim kami menambal lubang besok pagi.",
                   internal_note=SECRET_NOTE)
    assert [(i["status"], i["description"]) for i in poll_now()] == [
        ("action_scheduled", complaint.events.get(action="dispatch").public_message),
        ("in_progress", "Tim kami menambal lubang besok pagi.")]
    workflow.apply(complaint, "resolve", pupr, public_message="Lubang sudah ditambal.", internal_note=SECRET_NOTE)
    [fixed] = poll_now()
    assert (fixed["status"], fixed["external_status_code"], fixed["description"]) == (
        "fixed", "resolved", "Lubang sudah ditambal.")
    assert poll_now() == []
    # Each update once, none missed since the first poll, none internal.
    public_since = [str(e.pk) for e in complaint.public_events().exclude(status=S.RECEIVED)]
    assert [i["update_id"] for i in seen] == public_since
    assert len(set(public_since)) == 4
    [row] = parse(client.get(f"{API}/requests/{code}.{fmt}"), fmt, "service_requests")
    assert (row["status"], row["extended_status"]) == ("closed", "fixed")

    # The citizen says on FixMyStreet that it is broken again; FixMyStreet forwards the comment.
    comment = {"api_key": api_key, "jurisdiction_id": "bogor", "service_request_id": code, "update_id": "4242",
               "updated_datetime": w3c(timezone.now()), "status": "OPEN", "description": "Lubangnya muncul lagi.",
               "media_url": "https://fms.example/photo/c/4242.0.full.jpeg", "first_name": "Siti", "last_name": "Aminah",
               "email": "siti.aminah@contoh.id", "phone": "0812 3456 7890"}
    response = client.post(f"{API}/servicerequestupdates.{fmt}", comment)
    assert response.status_code == 201, response.content
    [answer] = parse(response, fmt, "service_request_updates")
    note = ComplaintEvent.objects.get(pk=answer["update_id"])
    assert note.complaint == complaint and not note.is_public and not note.public_message
    again = client.post(f"{API}/servicerequestupdates.{fmt}", comment)  # a retry after a lost answer
    assert again.status_code == 200 and parse(again, fmt, "service_request_updates") == [answer]
    assert complaint.events.filter(action="comment").count() == 1
    # The desk sees it on the report, with the unfetched link; the person behind it is kept apart.
    html = verified_login(desk).get(reverse("complaints_inbox:detail", args=[complaint.pk])).content.decode()
    assert "Lubangnya muncul lagi." in html and "fms.example/photo/c/4242.0.full.jpeg" in html and "OPEN" in html
    assert "Siti" not in note.internal_note and "siti.aminah" not in note.internal_note
    # Those who may see the reporter's contacts (the desk, the unit handling it) see who wrote it, to reach them.
    assert "Siti Aminah · siti.aminah@contoh.id · 0812 3456 7890" in html
    stored = ForwardedComment.objects.get()
    assert (stored.name, stored.email, stored.phone, stored.external_id) == (
        "Siti Aminah", "siti.aminah@contoh.id", "0812 3456 7890", "4242")
    # Nothing of it is public until the desk answers: not in updates, not in requests, not on the tracking page.
    assert poll_now() == []
    public = (client.get(f"{API}/requests/{code}.{fmt}").content + client.get(
        f"{API}/servicerequestupdates.{fmt}").content).decode()
    for secret in ("Lubangnya muncul lagi", "fms.example", "Siti", "siti.aminah", SECRET_NOTE, "Budi", "warga@contoh"):
        assert secret not in public
    # Erased with the report's personal data, as a reporter's would be.
    services.erase_personal_data(complaint, reason="request")
    stored.refresh_from_db()
    assert (stored.name, stored.email, stored.phone, stored.media_url) == ("", "", "", "")


def test_the_openapi_description_documents_the_feeds_and_statuses(client):
    spec = client.get(f"{API}/openapi.json").json()
    updates = spec["paths"]["/servicerequestupdates.{format}"]
    assert {p["name"] for p in updates["get"]["parameters"]} >= {"start_date", "end_date"}
    form = updates["post"]["requestBody"]["content"]["application/x-www-form-urlencoded"]["schema"]
    assert set(form["required"]) == {"api_key", "service_request_id", "description"}
    assert {"status", "media_url", "updated_datetime", "first_name", "last_name", "email"} <= set(form["properties"])
    listing = {p["name"] for p in spec["paths"]["/requests.{format}"]["get"]["parameters"]}
    assert {"updated_after", "updated_before"} <= listing
    schemas = spec["components"]["schemas"]
    assert schemas["ServiceRequest"]["properties"]["extended_status"]["enum"] == statuses.VOCABULARY
    assert set(schemas["ServiceRequestUpdate"]["required"]) >= {"update_id", "service_request_id", "status",
                                                                 "updated_datetime", "description"}


def test_a_stale_copy_saved_by_an_officer_does_not_hide_a_public_change_from_pollers(client):
    """The last public change is stored on the report (an indexed column the filters read): a full save
    of a copy loaded before the change must not put it back, an internal note must not move it."""
    desk = desk_officer()
    now = timezone.now()
    report = complaint_in(S.VERIFIED, desk=desk, now=now - timedelta(days=3))
    stale = Complaint.objects.get(pk=report.pk)
    workflow.apply(report, "dispatch", desk, unit=unit("dpupr"), now=now - timedelta(minutes=1))
    stale.escalation_level = 2
    stale.save()  # an officer's form, loaded before the dispatch
    workflow.add_note(report, desk, SECRET_NOTE)
    recent = client.get(f"{API}/requests.json", {"updated_after": w3c(now - timedelta(minutes=5))}).json()
    assert [r["service_request_id"] for r in recent] == [report.tracking_code]
    assert recent[0]["updated_datetime"] == w3c(now - timedelta(minutes=1))


def test_a_renamed_agency_is_named_at_once_in_lists(client):
    report = complaint_in(S.DISPATCHED, unit="dpupr")
    before = client.get(f"{API}/requests/{report.tracking_code}.json").json()[0]["agency_responsible"]
    agency = unit("dpupr")
    agency.name_ind = agency.name_en = "Dinas Pekerjaan Umum (nama baru)"
    agency.save()
    after = client.get(f"{API}/requests/{report.tracking_code}.json").json()[0]["agency_responsible"]
    assert before != after == "Dinas Pekerjaan Umum (nama baru)"
