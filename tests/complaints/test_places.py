"""A report's place: the kelurahan found from its point, the desk told when the two disagree, Kabupaten
Bogor's points suggested to Pemkab Bogor, points nowhere near refused, and the one place Open311
publishes (kelurahan and kecamatan, the first photo as the site serves it)."""

import io
import re
import uuid
from urllib.parse import urlsplit
from xml.etree import ElementTree as ET

import pytest
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext
from PIL import Image

from cms.models import OrganisationUnit
from complaints import places
from complaints.models import Category, Complaint, ComplaintPhoto
from tests.factories import ApiClientFactory, officer

from .conftest import jpeg

pytestmark = pytest.mark.django_db
API = "/api/open311/v2"

# Points checked against the boundary data's README (and a map).
KEBUN_RAYA = ("-6.5976", "106.7996")  # main gate: Paledang, Bogor Tengah
BALAI_KOTA = ("-6.5945", "106.7946")  # Pabaton, 1.1 m from Paledang's boundary
CIBINONG = ("-6.4817", "106.8540")  # Kabupaten Bogor
DEPOK = ("-6.4025", "106.7942")  # neither, about 12 km from the city
NULL_ISLAND = ("0", "0")
LONDON = ("51.5074", "-0.1278")


@pytest.mark.parametrize("point, kelurahan, kecamatan", [
    (KEBUN_RAYA, "Paledang", "Bogor Tengah"),
    (BALAI_KOTA, "Pabaton", "Bogor Tengah"),
    (("-6.5954", "106.7906"), "Cibogor", "Bogor Tengah"),  # Stasiun Bogor
    (("-6.6023", "106.8066"), "Tegallega", "Bogor Tengah"),  # Terminal Baranangsiang
])
def test_a_point_in_the_city_gives_its_kelurahan_and_kecamatan(point, kelurahan, kecamatan):
    place = places.locate(*point)
    assert (place.area, place.kelurahan, place.kecamatan) == (places.Area.CITY, kelurahan, kecamatan)
    # Every polygon is one of the city's kelurahan units.
    assert OrganisationUnit.objects.get(kind="kelurahan", region_code=place.kelurahan_code).short_name == kelurahan


@pytest.mark.parametrize("point, area", [
    (CIBINONG, places.Area.KABUPATEN), (("-6.5560", "106.7250"), places.Area.KABUPATEN),  # Dramaga
    (DEPOK, places.Area.NEAR), (NULL_ISLAND, places.Area.FAR), (LONDON, places.Area.FAR),
    (("-6.2000", "106.8166"), places.Area.FAR),  # Jakarta, 35 km away
])
def test_a_point_outside_the_city(point, area):
    place = places.locate(*point)
    assert place.area is area and place.kelurahan == ""


@pytest.fixture
def api_key():
    ApiClientFactory(name="Aplikasi Warga", key=settings.OPEN311_DEMO_KEY)
    return settings.OPEN311_DEMO_KEY


def open311_post(client, key, point, fmt="json", **fields):
    data = {"api_key": key, "service_code": "saluran-mampet", "lat": point[0], "long": point[1],
            "description": "Got mampet di depan pasar, air meluap ke jalan.", **fields}
    return client.post(f"{API}/requests.{fmt}", data)


def place_note(desk, complaint):
    """The detail page's warning about the report's place (in the admin's language), or None."""
    html = desk.get(f"/admin/complaints/inbox/{complaint.pk}/").content.decode()
    match = re.search(r'<div class="help-block help-warning" id="place-note"><p>(.*?)</p></div>', html, re.S)
    return match.group(1) if match else None


def test_every_channel_takes_the_kelurahan_from_the_point(client, form_data, api_key, verified_login):
    web = client.post("/en/complaints/", form_data(kelurahan="", latitude=KEBUN_RAYA[0], longitude=KEBUN_RAYA[1]))
    assert web.status_code == 302
    assert Complaint.objects.get(channel="web").kelurahan.code == "kel-paledang"

    created = open311_post(client, api_key, KEBUN_RAYA)
    assert created.status_code == 201, created.content
    code = created.json()[0]["service_request_id"]
    assert Complaint.objects.get(tracking_code=code).kelurahan.code == "kel-paledang"
    [row] = client.get(f"{API}/requests/{code}.json", {"api_key": api_key}).json()  # not yet screened: its sender
    assert row["address"] == "Paledang, Bogor Tengah" and (row["lat"], row["long"]) == (-6.598, 106.8)

    desk = verified_login(officer("desk"))
    response = desk.post("/admin/complaints/inbox/new/", {
        "channel": "instagram", "category": Category.objects.get(code="jalan-rusak").pk,
        "description": "Jalan berlubang besar di depan kantor, sudah dua motor jatuh.", "kelurahan": "",
        "address": "", "latitude": BALAI_KOTA[0], "longitude": BALAI_KOTA[1], "contact_handle": "@warga",
        "language": "id", "submission_id": str(uuid.uuid4())})
    assert response.status_code == 302
    assert Complaint.objects.get(channel="instagram").kelurahan.code == "kel-pabaton"


def test_the_desk_sees_when_the_chosen_kelurahan_and_the_point_disagree(client, form_data, verified_login):
    tegallega = OrganisationUnit.objects.get(code="kel-tegallega")
    response = client.post("/en/complaints/", form_data(kelurahan=tegallega.pk, latitude=KEBUN_RAYA[0],
                                                        longitude=KEBUN_RAYA[1]))
    assert response.status_code == 302  # the citizen is not refused
    mismatch = Complaint.objects.get()
    assert mismatch.kelurahan == tegallega  # what the citizen chose stays; the desk decides
    # On the shared edge (Balai Kota is 1.1 m inside Pabaton): Paledang agrees as far as the data can tell.
    client.post("/en/complaints/", form_data(kelurahan=OrganisationUnit.objects.get(code="kel-paledang").pk,
                                             latitude=BALAI_KOTA[0], longitude=BALAI_KOTA[1]))
    edge = Complaint.objects.exclude(pk=mismatch.pk).get()

    desk = verified_login(officer("desk"))
    note = place_note(desk, mismatch)
    assert "Paledang (Bogor Tengah)" in note and "Tegallega" in note
    assert place_note(desk, edge) is None
    # Corrected by the desk, the warning goes.
    Complaint.objects.filter(pk=mismatch.pk).update(kelurahan=OrganisationUnit.objects.get(code="kel-paledang"))
    assert place_note(desk, mismatch) is None


def test_a_point_in_kabupaten_bogor_is_accepted_and_suggested_to_pemkab(client, api_key, verified_login):
    created = open311_post(client, api_key, CIBINONG)
    assert created.status_code == 201, created.content
    complaint = Complaint.objects.get(tracking_code=created.json()[0]["service_request_id"])
    assert complaint.kelurahan is None
    assert complaint.authority_rule.responsible_body.code == "pemkab-bogor"
    [row] = client.get(f"{API}/requests/{complaint.tracking_code}.json", {"api_key": api_key}).json()
    assert row["address"] == "Kabupaten Bogor"

    desk = verified_login(officer("desk"))
    html = desk.get(f"/admin/complaints/inbox/{complaint.pk}/").content.decode()
    # The authority warning names the rule, and the outside body is preselected for "not the city's authority".
    assert "(Wilayah Kabupaten Bogor)" in html
    assert f'<option value="{OrganisationUnit.objects.get(code="pemkab-bogor").pk}" selected>' in html
    assert "Kabupaten Bogor" in place_note(desk, complaint)


def test_a_point_near_but_outside_is_accepted_and_shown_to_the_desk(client, form_data, verified_login):
    assert client.post("/en/complaints/", form_data(kelurahan="", latitude=DEPOK[0], longitude=DEPOK[1])).status_code == 302
    complaint = Complaint.objects.get()
    assert complaint.kelurahan is None and complaint.authority_rule is None
    assert re.search(r"\b12[.,]4\b", place_note(verified_login(officer("desk")), complaint))  # km from the city


@pytest.mark.parametrize("point", [NULL_ISLAND, LONDON])
def test_a_point_nowhere_near_is_refused_in_the_api(client, api_key, point):
    response = open311_post(client, api_key, point)
    assert response.status_code == 400
    with translation.override(settings.LANGUAGE_CODE):  # Open311 answers in the site's language
        far = "lat: " + gettext("This position is far from Kota Bogor, so the city cannot act on it. Check the latitude "
                                "and longitude (Kota Bogor lies around -6.6 and 106.8), or leave them empty and tell "
                                "us the place.")
    assert [e["description"] for e in response.json()] == [far]
    xml = open311_post(client, api_key, point, fmt="xml", description="Sampah menumpuk di depan pasar tiga hari.")
    assert xml.status_code == 400
    [error] = ET.fromstring(xml.content).findall("error")
    assert error.findtext("code") == "400" and error.findtext("description") == far
    assert not Complaint.objects.exists()


@pytest.mark.parametrize("url", ["/id/pengaduan/", "/en/complaints/"])
@pytest.mark.parametrize("point", [NULL_ISLAND, LONDON])
def test_a_point_nowhere_near_is_refused_in_the_web_form(client, form_data, url, point):
    response = client.post(url, form_data(latitude=point[0], longitude=point[1], address="Dekat masjid Al-Ikhlas"))
    assert response.status_code == 400
    html = response.content.decode()
    if url.startswith("/en/"):
        assert "This position is far from Kota Bogor, so the city cannot act on it." in html
    assert "Dekat masjid Al-Ikhlas" in html  # nothing typed is lost
    assert not Complaint.objects.exists()


def test_open311_publishes_the_place_and_the_photo_the_city_keeps_in_json_and_xml(client, form_data, api_key):
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"
    exif[0x8825] = {1: "S", 2: (6.0, 35.0, 51.0), 3: "E", 4: (106.0, 47.0, 58.0)}
    photo = jpeg(exif=exif.tobytes())
    sent = client.post("/en/complaints/", form_data(kelurahan="", address="Jl. Ir. H. Juanda no. 7, rumah Pak Budi",
                                                    latitude="-6.597512", longitude="106.799634", photos=[photo]))
    assert sent.status_code == 302
    public = Complaint.objects.get()
    secret = open311_post(client, api_key, KEBUN_RAYA)  # made confidential by the desk
    secret = Complaint.objects.get(tracking_code=secret.json()[0]["service_request_id"])
    secret.confidential = True
    secret.save()
    ComplaintPhoto(complaint=secret).file.save("p.jpg", jpeg(), save=True)
    Complaint.objects.update(status=Complaint.Status.VERIFIED)  # lists show what the desk has screened
    stored = public.photos.get()

    rows = client.get(f"{API}/requests.json").json()
    assert [r["service_request_id"] for r in rows] == [public.tracking_code]  # never the confidential one
    [row] = rows
    assert row["address"] == "Paledang, Bogor Tengah"
    url = urlsplit(row["media_url"])  # absolute, on this site's own photo route
    assert url.scheme == "http" and url.netloc and url.path == f"/id/pengaduan/foto/{stored.public_id}/"
    xml = ET.fromstring(client.get(f"{API}/requests.xml").content)
    [request] = xml.findall("request")
    assert request.findtext("address") == row["address"] and request.findtext("media_url") == row["media_url"]
    for body in (client.get(f"{API}/requests.json").content, client.get(f"{API}/requests.xml").content):
        assert b"Juanda" not in body and b"Pak Budi" not in body and b"6.597512" not in body
        assert secret.tracking_code.encode() not in body and str(secret.photos.get().public_id).encode() not in body
    assert client.get(f"{API}/requests/{secret.tracking_code}.json").status_code == 404

    # The URL serves the photo the city keeps, re-encoded: no EXIF, no position.
    image = client.get(row["media_url"])
    assert image.status_code == 200 and image["Content-Type"] == "image/jpeg"
    data = b"".join(image.streaming_content) if image.streaming else image.content
    with Image.open(io.BytesIO(data)) as served:
        assert len(served.getexif()) == 0 and b"PhoneMaker" not in data


def test_a_link_sent_by_a_client_is_never_published(client, api_key):
    created = open311_post(client, api_key, KEBUN_RAYA, media_url="https://example.org/foto.jpg")
    code = created.json()[0]["service_request_id"]
    [row] = client.get(f"{API}/requests/{code}.json", {"api_key": api_key}).json()
    assert row["media_url"] is None
    assert b"example.org" not in client.get(f"{API}/requests/{code}.xml", {"api_key": api_key}).content


def test_cost_of_a_lookup_stays_small():
    """Guards the prefilters: a lookup in the city takes tens of microseconds (the README has figures)."""
    import timeit

    places.locate(*KEBUN_RAYA)  # loaded once per process
    timer = timeit.Timer(lambda: places.locate(*KEBUN_RAYA))
    number, seconds = timer.autorange()
    assert seconds / number < 0.002  # generous for a shared test machine; measured ~25 µs
