"""Open311 as real clients use it: no report folded into another person's, positions at any precision,
XML 1.0 safe answers, the key in the query string, HEAD, oversize bodies, one error per problem, and
id lookups limited, capped and screened like lists. JSON and XML."""

from decimal import Decimal
from urllib.parse import urlencode
from xml.etree import ElementTree as ET

import pytest
from django.conf import settings
from django.test import override_settings

from complaints.models import Complaint, Supporter
from tests.factories import ApiClientFactory, officer

from .test_open311 import API, S, make, post

try:  # a second strict parser where it is installed
    from lxml import etree as lxml_etree
except ImportError:  # pragma: no cover
    lxml_etree = None

pytestmark = pytest.mark.django_db
CANNED = "Sampah menumpuk di pinggir jalan, mohon diangkut."
HERE = ("-6.5971", "106.7990")
THERE = ("-6.6470", "106.8100")  # about 5.6 km away


@pytest.fixture
def api_key():
    ApiClientFactory(name="Chatbot Warga", key=settings.OPEN311_DEMO_KEY)
    return settings.OPEN311_DEMO_KEY


def strict_xml(content):
    """Parsed as every XML client would: a character XML 1.0 forbids is a fatal error."""
    if lxml_etree is not None:
        lxml_etree.fromstring(content, lxml_etree.XMLParser(recover=False))
    return ET.fromstring(content)


def sent(client, key, place, **fields):
    return post(client, key, service_code="sampah", description=CANNED, lat=place[0], long=place[1], **fields)


# 1. Never fold two people's reports --------------------------------------------------------------

def test_same_canned_text_from_two_reporters_at_two_places_makes_two_reports(
        client, api_key, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = sent(client, api_key, HERE, email="ani@contoh.id")
        second = sent(client, api_key, THERE, email="budi@contoh.id")
    assert first.status_code == second.status_code == 201, (first.content, second.content)
    codes = {first.json()[0]["service_request_id"], second.json()[0]["service_request_id"]}
    assert len(codes) == 2 and Complaint.objects.filter(tracking_code__in=codes).count() == 2
    assert sorted(m.to[0] for m in mailoutbox) == ["ani@contoh.id", "budi@contoh.id"]  # each confirms their own
    # The true resend (same client, same reporter, a GPS reading a few metres off) is still the first report.
    again = sent(client, api_key, ("-6.59712", "106.79901"), email="ani@contoh.id")
    assert again.status_code == 200 and again.json()[0]["service_request_id"] == first.json()[0]["service_request_id"]
    assert Complaint.objects.count() == 2


def test_a_resend_needs_the_same_reporter_and_the_same_place(client, api_key):
    by_phone = sent(client, api_key, HERE, phone="0812 3456 7890").json()[0]["service_request_id"]
    assert sent(client, api_key, HERE, phone="+62 812-3456-7890").json()[0]["service_request_id"] == by_phone
    # The same person a kilometre on: another problem.
    assert sent(client, api_key, ("-6.6061", "106.7990"), phone="0812 3456 7890").status_code == 201
    # Anonymous senders are told apart by their device.
    kiosk = sent(client, api_key, HERE, device_id="kiosk-7").json()[0]["service_request_id"]
    assert sent(client, api_key, HERE, device_id="kiosk-7").json()[0]["service_request_id"] == kiosk
    assert sent(client, api_key, HERE, device_id="phone-9").status_code == 201
    # Nobody to recognise: every post is a report of its own.
    assert sent(client, api_key, HERE).status_code == sent(client, api_key, HERE).status_code == 201
    # Another client never gets this client's report back.
    other = ApiClientFactory(name="Aplikasi Lain", key="other-key")
    assert other and sent(client, "other-key", HERE, device_id="kiosk-7").status_code == 201
    assert Complaint.objects.count() == 7
    assert not Complaint.objects.exclude(client_key="").filter(client_key__contains="kiosk").exists()


def test_a_second_person_nearby_follows_the_screened_report_and_is_told(
        client, api_key, mailoutbox, django_capture_on_commit_callbacks):
    first = sent(client, api_key, HERE, email="ani@contoh.id").json()[0]["service_request_id"]
    # Not yet screened by the desk: its code is given to nobody else, so the second person gets a report.
    unscreened = sent(client, api_key, ("-6.5972", "106.7991"), email="citra@contoh.id")
    assert unscreened.status_code == 201 and unscreened.json()[0]["service_request_id"] != first
    Complaint.objects.filter(tracking_code=first).update(status=S.VERIFIED)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = sent(client, api_key, ("-6.5975", "106.7994"), email="budi@contoh.id", locale="en")  # ~60 m
    assert response.status_code == 200, response.content
    [answer] = response.json()
    assert answer["service_request_id"] == first
    assert first in answer["service_notice"] and "follows" in answer["service_notice"]
    assert Supporter.objects.get(email="budi@contoh.id").complaint.tracking_code == first
    assert [m.to for m in mailoutbox] == [["budi@contoh.id"]]  # the follower's confirmation
    assert not Complaint.objects.filter(email="budi@contoh.id").exists()
    # Far away, the same words are another problem.
    assert sent(client, api_key, THERE, email="dewi@contoh.id").status_code == 201


# 2. Positions as clients send them ---------------------------------------------------------------

@pytest.mark.parametrize("lat,long", [("-6.5971469", "106.7990001"), ("-6.597146899999999", "106.79900009999999")])
def test_gps_positions_at_any_precision_are_rounded_on_storage(client, api_key, lat, long):
    response = post(client, api_key, lat=lat, long=long)
    assert response.status_code == 201, response.content
    complaint = Complaint.objects.get(tracking_code=response.json()[0]["service_request_id"])
    assert (complaint.latitude, complaint.longitude) == (Decimal("-6.597147"), Decimal("106.799000"))
    off_the_globe = post(client, api_key, lat="-90.0000001", long=long, description="Lampu jalan mati di depan masjid.")
    assert off_the_globe.status_code == 400 and off_the_globe.json()[0]["description"].startswith("lat:")


@pytest.mark.parametrize("lat,long", [("-6.5971469", "106.7990001"), ("-6.597146899999999", "106.79900009999999")])
def test_the_web_form_without_javascript_takes_a_pasted_position(client, form_data, lat, long):
    response = client.post("/en/complaints/", form_data(kelurahan="", address="", latitude=lat, longitude=long))
    assert response.status_code == 302, response.content.decode()[:2000]
    complaint = Complaint.objects.get()
    assert (complaint.latitude, complaint.longitude) == (Decimal("-6.597147"), Decimal("106.799000"))


# 3. XML 1.0 safe output --------------------------------------------------------------------------

def test_every_control_character_in_an_officers_message_leaves_the_xml_parseable(client, verified_login):
    report = make(status=S.DISPATCHED)
    forbidden = "".join(chr(c) for c in range(1, 32) if chr(c) not in "\t\n\r") + "\ufffe\uffff"
    message = "Sudah ditambal" + forbidden + "\t\x7f selesai."
    liaison = verified_login(officer("pupr"))
    answer = liaison.post(f"/admin/complaints/inbox/{report.pk}/action/",
                          {"action": "resolve", "public_message": message})
    assert answer.status_code == 302
    assert report.events.filter(public_message__contains="\x0b").exists()  # stored as the officer typed it
    liaison.logout()
    for url in (f"{API}/requests.xml", f"{API}/requests/{report.tracking_code}.xml",
                f"{API}/requests.xml?service_request_id={report.tracking_code}"):
        response = client.get(url)
        assert response.status_code == 200
        root = strict_xml(response.content)
        [notes] = [r.findtext("status_notes") for r in root.findall("request")
                   if r.findtext("service_request_id") == report.tracking_code]
        assert notes.startswith("Sudah ditambal") and notes.endswith("selesai.")
        assert not set(forbidden) & set(notes)
    # JSON carries any character escaped: the message stays whole there.
    assert client.get(f"{API}/requests/{report.tracking_code}.json").json()[0]["status_notes"] == message.strip()


# 4. The small gaps -------------------------------------------------------------------------------

def test_api_key_in_the_query_string_and_public_reads_with_any_key(client, api_key):
    data = {"service_code": "sampah", "address_string": "Pasar Bogor", "description": CANNED}
    created = client.post(f"{API}/requests.json?api_key={api_key}", data)
    assert created.status_code == 201, created.content
    assert client.post(f"{API}/requests.json?api_key=wrong", data).status_code == 403
    report = make()
    for url in (f"{API}/services.json", f"{API}/requests.json", f"{API}/requests/{report.tracking_code}.xml"):
        answer = client.get(url, {"api_key": "not-a-key"})  # ignored: reading is public
        assert answer.status_code == 200, (url, answer.content)


def test_head_answers_every_get_resource(client, api_key):
    report = make()
    urls = [f"{API}/discovery.json", f"{API}/services.xml", f"{API}/services/sampah.json", f"{API}/requests.json",
            f"{API}/requests/{report.tracking_code}.xml", f"{API}/openapi.json",
            "/robots.txt", "/id/", "/en/", "/id/pengaduan/", "/en/complaints/"]
    for url in urls:
        head, get = client.head(url), client.get(url)
        assert head.status_code == get.status_code == 200, (url, head.status_code, get.status_code)
        assert head["Content-Type"] == get["Content-Type"] and not head.content, url
    assert client.head(f"{API}/requests/NOPE.json").status_code == 404
    refused = client.put(f"{API}/requests.json")
    assert refused.status_code == 405 and "HEAD" in refused["Allow"]


@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=2000)
@pytest.mark.parametrize("fmt,form", [("json", False), ("xml", False), ("json", True)])
def test_an_oversize_body_gets_an_open311_413(client, api_key, fmt, form):
    data = {"api_key": api_key, "service_code": "sampah", "address_string": "Pasar", "description": "x" * 3000}
    if form:  # urlencoded, as most clients send: refused by its declared length, unread
        response = client.post(f"{API}/requests.{fmt}", urlencode(data), content_type="application/x-www-form-urlencoded")
    else:  # multipart: Django's own limit while parsing
        response = client.post(f"{API}/requests.{fmt}", data)
    assert response.status_code == 413 and response["Content-Type"].startswith({"json": "application/json",
                                                                                  "xml": "text/xml"}[fmt])
    errors = response.json() if fmt == "json" else [
        {"code": int(e.findtext("code"))} for e in strict_xml(response.content).findall("error")]
    assert errors[0]["code"] == 413
    assert Complaint.objects.count() == 0


@override_settings(DATA_UPLOAD_MAX_NUMBER_FIELDS=20)
def test_too_many_fields_get_an_open311_413(client, api_key):
    data = {"api_key": api_key, "service_code": "sampah", "address_string": "Pasar", "description": CANNED,
            **{f"x{n}": "1" for n in range(30)}}
    response = client.post(f"{API}/requests.json", data)
    assert response.status_code == 413 and response.json()[0]["code"] == 413


def test_one_error_per_problem(client, api_key, form_data):
    bad = post(client, api_key, lat="utara", long="106.8", address_string=None, locale="en")
    assert bad.status_code == 400
    assert [e["description"].split(":")[0] for e in bad.json()] == ["lat"]
    html = client.post("/en/complaints/", form_data(kelurahan="", address="", latitude="utara",
                                                    longitude="106.8")).content.decode()
    assert "Tell us where" not in html and "Give both latitude and longitude" not in html
    assert "Enter a number" in html


def test_a_malformed_phone_is_dropped_with_a_notice(client, api_key):
    response = post(client, api_key, email="ani@contoh.id", phone="12345", locale="en")
    assert response.status_code == 201, response.content
    [answer] = response.json()
    assert "phone" in answer["service_notice"] and answer["service_request_id"] in answer["service_notice"]
    complaint = Complaint.objects.get(tracking_code=answer["service_request_id"])
    assert complaint.phone == "" and complaint.email == "ani@contoh.id"
    only_phone = post(client, api_key, phone="12345", description="Lampu jalan mati di depan masjid.")
    assert only_phone.status_code == 201
    assert Complaint.objects.get(tracking_code=only_phone.json()[0]["service_request_id"]).anonymous


# 5. Id lookups: limited, capped, screened ---------------------------------------------------------

@override_settings(OPEN311_LOOKUPS_PER_10_MIN=3)
def test_id_lookups_are_rate_limited_per_address(client):
    report = make()
    assert client.get(f"{API}/requests/{report.tracking_code}.json").status_code == 200
    assert client.get(f"{API}/requests.json", {"service_request_id": report.tracking_code}).status_code == 200
    assert client.get(f"{API}/requests/NOPE.xml").status_code == 404  # a guess counts too
    assert client.get(f"{API}/requests.json").status_code == 200  # lists are not lookups by id
    limited = client.get(f"{API}/requests/{report.tracking_code}.json")
    assert limited.status_code == 429 and limited.json()[0]["code"] == 429
    xml = client.get(f"{API}/requests.xml", {"service_request_id": report.tracking_code})
    assert xml.status_code == 429 and strict_xml(xml.content).findtext("error/code") == "429"
    assert client.get(f"{API}/requests/{report.tracking_code}.json", REMOTE_ADDR="10.1.2.3").status_code == 200


@override_settings(OPEN311_LOOKUPS_PER_10_MIN=3, OPEN311_CLIENT_LOOKUPS_PER_10_MIN=5)
def test_a_keyed_client_following_its_reports_has_its_own_larger_allowance(client, api_key):
    """A FixMyStreet behind one address polls every report it sent by id: counted by its key, not
    the address it shares; the address's own allowance stays for everyone else."""
    report = make()
    url = f"{API}/requests/{report.tracking_code}.json"
    assert [client.get(url, {"api_key": api_key}).status_code for _ in range(6)] == [200] * 5 + [429]
    assert [client.get(url).status_code for _ in range(4)] == [200] * 3 + [429]


def test_id_lists_are_capped(client):
    report = make()
    fifty = [report.tracking_code] + [f"NOPE{n}" for n in range(49)]
    assert [r["service_request_id"] for r in client.get(f"{API}/requests.json",
                                                         {"service_request_id": ",".join(fifty)}).json()] \
        == [report.tracking_code]
    too_many = client.get(f"{API}/requests.json", {"service_request_id": ",".join([*fifty, "ONEMORE"])})
    assert too_many.status_code == 400 and "50" in too_many.json()[0]["description"]


def test_unscreened_reports_are_not_given_out_by_id(client, api_key):
    fresh = make(status=S.RECEIVED, unit_code=None)
    assert client.get(f"{API}/requests/{fresh.tracking_code}.json").status_code == 404
    assert client.get(f"{API}/requests.json", {"service_request_id": fresh.tracking_code}).json() == []
    # The client that sent a report follows it from the start; nobody else does.
    mine = post(client, api_key, description="Lampu jalan mati di depan masjid.").json()[0]["service_request_id"]
    assert client.get(f"{API}/requests/{mine}.json").status_code == 404
    assert client.get(f"{API}/requests/{mine}.json", {"api_key": api_key}).json()[0]["service_request_id"] == mine
    ids = client.get(f"{API}/requests.json", {"service_request_id": f"{mine},{fresh.tracking_code}", "api_key": api_key})
    assert [r["service_request_id"] for r in ids.json()] == [mine]
    ApiClientFactory(name="Aplikasi Lain", key="other-key")
    assert client.get(f"{API}/requests/{mine}.json", {"api_key": "other-key"}).status_code == 404
    Complaint.objects.filter(tracking_code=mine).update(status=S.VERIFIED)
    assert client.get(f"{API}/requests/{mine}.json").status_code == 200
