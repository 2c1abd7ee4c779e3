"""Events (listing, archive, .ics, JSON-LD) and public-service pages (standard parts, grouping, JSON-LD)."""

import datetime
import json
import re

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from icalendar import Calendar

from cms.models import OrganisationUnit
from home.models import ServiceIndexPage, ServicePage
from tourism.models import AttractionPage, EventIndexPage, EventPage

# Still on the demo site (not yet built with tests/factories.py).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_site")]


def jsonld(html):
    return [json.loads(b) for b in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)]


def add_event(slug, start, end=None, **fields):
    index = EventIndexPage.objects.get()
    event = EventPage(title_ind=f"Acara {slug}", title_en=f"Event {slug}", slug_ind=slug, slug_en=slug,
                      start=start, end=end, **fields)
    index.add_child(instance=event)
    event.save_revision().publish()
    return event


def test_upcoming_listing_soonest_first_with_running_events_and_an_archive(client):
    now = timezone.now()
    add_event("later", now + datetime.timedelta(days=3))
    add_event("sooner", now + datetime.timedelta(days=1))
    add_event("running", now - datetime.timedelta(days=1), now + datetime.timedelta(days=1))
    add_event("finished", now - datetime.timedelta(days=5), now - datetime.timedelta(days=4))
    html = client.get("/en/tourism/events/").content.decode()
    assert html.index("Event running") < html.index("Event sooner") < html.index("Event later")
    assert "Event finished" not in html
    assert "Sempur Park Concert" not in html  # the demo's past event
    past = client.get("/en/tourism/events/?period=past").content.decode()
    assert "Event finished" in past and "Sempur Park Concert" in past and "Event sooner" not in past
    assert 'href="/en/tourism/events/?period=past" aria-current="page"' in past
    indonesian = client.get("/id/wisata/acara/").content.decode()
    assert "Acara sooner" in indonesian and "Mendatang" in indonesian


def test_event_page_shows_when_where_price_organiser_and_calendar_link(client):
    html = client.get("/en/tourism/events/orchid-show/").content.decode()
    assert "Botanic Gardens Orchid Show" in html
    assert 'href="/en/tourism/bogor-botanic-gardens/">Bogor Botanic Gardens</a>' in html
    assert "IDR 15,500" in html and "included in the garden ticket" in html
    assert "National Research and Innovation Agency (BRIN)" in html
    assert 'href="/en/tourism/events/orchid-show/ics/"' in html
    assert EventPage.objects.get(slug_ind="pameran-anggrek").facts_note not in html  # for editors only
    html_id = client.get("/id/wisata/acara/pameran-anggrek/").content.decode()
    assert "Rp 15.500" in html_id and "Tambahkan ke kalender" in html_id


def test_ics_download_is_a_valid_calendar_in_the_page_language(client):
    event = EventPage.objects.get(slug_ind="pameran-anggrek")
    response = client.get("/en/tourism/events/orchid-show/ics/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert response["Content-Disposition"] == 'attachment; filename="orchid-show.ics"'
    raw = response.content
    assert raw.startswith(b"BEGIN:VCALENDAR\r\n") and raw.rstrip().endswith(b"END:VCALENDAR")
    assert all(len(line) <= 75 for line in raw.split(b"\r\n"))  # RFC 5545 line folding
    calendar = Calendar.from_ical(raw)
    assert str(calendar["VERSION"]) == "2.0" and calendar["PRODID"]
    [vevent] = calendar.walk("VEVENT")
    assert vevent["SUMMARY"] == "Botanic Gardens Orchid Show"
    assert vevent.decoded("DTSTART") == event.start
    assert vevent.decoded("DTEND") == event.end
    assert vevent["UID"] == f"event-{event.pk}@localhost"
    assert "Jl. Ir. H. Juanda No. 13" in vevent["LOCATION"]
    assert vevent["URL"] == "http://localhost/en/tourism/events/orchid-show/"
    assert vevent["GEO"].latitude == pytest.approx(-6.5976)
    assert "ORGANIZER" not in vevent  # it would need a mailto: address, and none is published
    assert "National Research and Innovation Agency (BRIN)" in vevent["DESCRIPTION"]
    indonesian = Calendar.from_ical(client.get("/id/wisata/acara/pameran-anggrek/ics/").content)
    assert indonesian.walk("VEVENT")[0]["SUMMARY"] == "Pameran Anggrek Kebun Raya"
    assert indonesian.walk("VEVENT")[0]["UID"] == vevent["UID"]  # the same event in either language


def test_event_json_ld(client):
    blocks = jsonld(client.get("/en/tourism/events/palace-for-the-people/").content.decode())
    event = next(b for b in blocks if b["@type"] == "Event")
    assert event["name"] == "Palace for the People open days"
    assert datetime.datetime.fromisoformat(event["startDate"]) == EventPage.objects.get(slug_ind="istana-untuk-rakyat").start
    assert event["location"]["@type"] == "Place" and event["location"]["name"] == "Bogor Presidential Palace"
    assert event["location"]["address"]["streetAddress"].startswith("Jl. Ir. H. Juanda No. 1")
    assert "geo" in event["location"]
    assert event["offers"]["price"] == 0 and event["offers"]["priceCurrency"] == "IDR"
    assert event["isAccessibleForFree"] is True
    crumbs = next(b for b in blocks if b["@type"] == "BreadcrumbList")
    assert [i["name"] for i in crumbs["itemListElement"]][-3:] == ["Tourism", "Events", "Palace for the People open days"]


def test_event_with_an_address_instead_of_a_venue(client):
    add_event("balai-kota", timezone.now() + datetime.timedelta(days=2), venue_name_ind="Balai Kota Bogor",
              venue_name_en="Bogor City Hall", address_ind="Jl. Ir. H. Juanda No. 10", price=25000)
    html = client.get("/en/tourism/events/balai-kota/").content.decode()
    assert "Bogor City Hall" in html and "IDR 25,000" in html
    event = next(b for b in jsonld(html) if b["@type"] == "Event")
    assert event["location"]["name"] == "Bogor City Hall" and "geo" not in event["location"]
    assert event["isAccessibleForFree"] is False


def test_an_event_cannot_end_before_it_starts():
    now = timezone.now()
    event = EventPage(title="x", slug="x", start=now, end=now - datetime.timedelta(hours=1))
    with pytest.raises(ValidationError) as error:
        event.clean()
    assert "end" in error.value.message_dict


def test_tourism_index_links_to_the_next_events(client):
    html = client.get("/en/tourism/").content.decode()
    assert "What's on" in html and 'href="/en/tourism/events/orchid-show/"' in html
    assert 'href="/en/tourism/events/sempur-park-concert/"' not in html


DEMO_ATTRACTIONS = {
    "kebun-raya-bogor": "bogor-botanic-gardens", "museum-zoologi": "zoology-museum", "museum-tanah": "soil-museum",
    "museum-perjuangan-bogor": "bogor-struggle-museum", "museum-peta": "peta-museum",
    "prasasti-batutulis": "batutulis-inscription", "istana-kepresidenan-bogor": "bogor-presidential-palace",
    "taman-sempur": "sempur-park", "kuliner-suryakencana": "suryakencana-food-street",
}


@pytest.mark.parametrize("slug_id,slug_en", DEMO_ATTRACTIONS.items())
def test_demo_attractions_exist_in_both_languages(client, slug_id, slug_en):
    page = AttractionPage.objects.get(slug_ind=slug_id)
    english = client.get(f"/en/tourism/{slug_en}/").content.decode()
    assert page.title_en in english and "translation" not in english.lower().split("<main")[1][:200]
    assert page.title_ind in client.get(f"/id/wisata/{slug_id}/").content.decode()
    assert page.hours_note  # where the hours and prices come from, or that they are demo values
    assert page.hours_note not in english


# --- public services ----------------------------------------------------------------------------------


def test_service_page_publishes_every_part_of_the_service_standard(client):
    html = client.get("/en/services/electronic-id-card/").content.decode()
    for text in ("What you need", "Family card", "Steps", "Photo, fingerprints", "Time to complete",
                 "1 working day after recording", "Cost", "Free of charge", "You receive", "Electronic ID card",
                 "Where", "Bogor Public Service Mall", "When", "Saturday", "Responsible unit",
                 "Population and Civil Registry Agency", "Legal basis", "Law No. 24 of 2013"):
        assert text in html, text
    assert re.search(r'<a class="button button-report" href="/en/complaints/">Make a complaint</a>', html)
    assert ServicePage.objects.get(slug_ind="ktp-elektronik").facts_note not in html  # for editors only
    html_id = client.get("/id/layanan/ktp-elektronik/").content.decode()
    for text in ("Persyaratan", "Kartu Keluarga", "Gratis", "Dinas Kependudukan dan Pencatatan Sipil",
                 "Dasar hukum", 'href="/id/pengaduan/"'):
        assert text in html_id, text


def test_service_with_a_fee_and_online_application(client):
    html = client.get("/en/services/new-water-connection/").content.decode()
    assert "IDR 1,500,000" in html and "depends on distance" in html
    assert 'href="https://www.tirtapakuan.co.id">Apply online</a>' in html


def test_services_grouped_by_topic_and_by_unit_without_javascript(client):
    html = client.get("/en/services/").content.decode()
    headings = re.findall(r'<h2 id="group-\d+">(.*?)</h2>', html)
    assert headings[:3] == ["ID cards and civil registration", "Permits and business", "Work and jobs"]
    civil = html.split("ID cards and civil registration")[1].split("<h2")[0]
    assert "Electronic ID card (e-KTP)" in civil and "Birth certificate" in civil and "Building approval" not in civil
    by_unit = client.get("/en/services/?by=unit").content.decode()
    headings = re.findall(r'<h2 id="group-\d+">(.*?)</h2>', by_unit)
    assert "Investment and One-Stop Services Agency" in headings and "Tirta Pakuan Water Company" in headings
    one_stop = by_unit.split("Investment and One-Stop Services Agency")[1].split("<h2")[0]
    assert "Building approval (PBG)" in one_stop and "Business licence" in one_stop and "Birth certificate" not in one_stop
    indonesian = client.get("/id/layanan/").content.decode()
    assert "KTP Elektronik (e-KTP)" in indonesian and "Menurut topik" in indonesian


def test_service_json_ld(client):
    blocks = jsonld(client.get("/en/services/birth-certificate/").content.decode())
    service = next(b for b in blocks if b["@type"] == "GovernmentService")
    assert service["name"] == "Birth certificate"
    assert service["provider"]["@type"] == "GovernmentOrganization"
    assert service["provider"]["name"] == "Population and Civil Registry Agency"
    assert service["areaServed"]["name"] == "Kota Bogor"
    assert service["offers"]["price"] == 0 and service["offers"]["priceCurrency"] == "IDR"
    assert service["availableChannel"]["serviceLocation"]["name"].startswith("Bogor Public Service Mall")
    assert "Law No. 24 of 2013" in service["termsOfService"]
    crumbs = next(b for b in blocks if b["@type"] == "BreadcrumbList")
    assert [i["name"] for i in crumbs["itemListElement"]][-2:] == ["Public services", "Birth certificate"]
    indonesian = jsonld(client.get("/id/layanan/akta-kelahiran/").content.decode())
    assert next(b for b in indonesian if b["@type"] == "GovernmentService")["name"] == "Akta Kelahiran"


def test_services_are_found_by_search_in_each_language(client):
    assert "Job-seeker card (AK1)" in client.get("/en/search/?q=job-seeker").content.decode()
    assert "Kartu Pencari Kerja (AK1)" in client.get("/id/cari/?q=pencari+kerja").content.decode()


def test_six_demo_services_with_their_responsible_units():
    services = {s.slug_ind: s.responsible_unit.code for s in ServicePage.objects.select_related("responsible_unit")}
    assert services == {
        "ktp-elektronik": "disdukcapil", "akta-kelahiran": "disdukcapil", "persetujuan-bangunan-gedung": "dpmptsp",
        "nomor-induk-berusaha": "dpmptsp", "kartu-pencari-kerja-ak1": "disnaker", "sambungan-baru-air-minum": "tirta-pakuan",
    }
    assert all(s.facts_note for s in ServicePage.objects.all())
    assert ServiceIndexPage.objects.get().get_children().type(ServicePage).count() == 6
    assert OrganisationUnit.objects.filter(code__in=["kementan", "disjarahad"]).count() == 2


# --- editing in the admin ------------------------------------------------------------------------------


@pytest.fixture
def admin_client(verified_login, django_user_model):
    return verified_login(django_user_model.objects.get(username="admin"))


def _event_form(**overrides):
    from wagtail.test.utils.form_data import nested_form_data, streamfield

    data = {
        "title_ind": "Festival Kopi", "title_en": "Coffee Festival",
        "slug_ind": "festival-kopi", "slug_en": "coffee-festival",
        "start": "2030-05-01 09:00", "end": "2030-05-01 17:00", "summary_ind": "Kopi dari kebun sekitar Bogor.",
        "summary_en": "Coffee from farms around Bogor.", "body_ind": streamfield([]), "body_en": streamfield([]),
        "venue_name_ind": "Balai Kota Bogor", "venue_name_en": "Bogor City Hall", "price": "0",
    }
    data.update(overrides)
    return nested_form_data(data)


def test_an_editor_adds_an_event_with_both_languages_in_the_admin(admin_client):
    index = EventIndexPage.objects.get()
    url = f"/admin/pages/add/tourism/eventpage/{index.pk}/"
    form = admin_client.get(url).content.decode()
    for name in ("start", "end", "venue", "venue_name_ind", "venue_name_en", "price", "organiser", "facts_note"):
        assert f'name="{name}"' in form, name
    response = admin_client.post(url, _event_form(**{"action-publish": "publish"}))
    assert response.status_code == 302, response.content.decode()[:2000]
    event = EventPage.objects.get(slug_ind="festival-kopi")
    assert event.live and event.title_en == "Coffee Festival"
    assert "Coffee from farms" in admin_client.get("/en/tourism/events/coffee-festival/").content.decode()


def test_an_event_ending_before_it_starts_is_refused_and_the_form_is_kept(admin_client):
    index = EventIndexPage.objects.get()
    response = admin_client.post(f"/admin/pages/add/tourism/eventpage/{index.pk}/",
                                 _event_form(end="2030-04-30 17:00"))
    html = response.content.decode()
    assert response.status_code == 200 and not EventPage.objects.filter(slug_ind="festival-kopi").exists()
    assert "Acara tidak boleh selesai sebelum dimulai." in html or "The event cannot end before it starts." in html
    assert 'value="Festival Kopi"' in html  # nothing typed is lost


def test_service_page_edit_form_has_every_standard_part_in_both_languages(admin_client):
    page = ServicePage.objects.get(slug_ind="ktp-elektronik")
    html = admin_client.get(f"/admin/pages/{page.pk}/edit/").content.decode()
    for field in ("requirements", "procedure", "duration", "cost_note", "product", "location", "service_hours",
                  "legal_basis"):
        for lang in ("ind", "en"):
            assert f'name="{field}_{lang}"' in html, f"{field}_{lang}"
    for name in ("topic", "fee", "responsible_unit", "online_url", "facts_note"):
        assert f'name="{name}"' in html, name


def test_language_switch_keeps_the_listing_filters(client):
    html = client.get("/en/tourism/events/?period=past").content.decode()
    assert 'href="/id/wisata/acara/?period=past" hreflang="id"' in html
    assert '<link rel="alternate" hreflang="id" href="http://localhost/id/wisata/acara/"' in html  # canonical stays
    museums = client.get("/id/wisata/?kind=museum&amp;x=<b>").content.decode()
    assert "<b>" not in museums.split('class="lang-switch"')[1][:600]  # the query is escaped, not markup
    assert 'href="/en/tourism/" hreflang="en"' in client.get("/id/wisata/").content.decode()


def test_the_archive_pages_through_past_events_without_losing_its_filter(client):
    now = timezone.now()
    for i in range(EventIndexPage.PAST_PER_PAGE):
        add_event(f"lalu-{i}", now - datetime.timedelta(days=40 + i))
    html = client.get("/en/tourism/events/?period=past").content.decode()
    assert 'href="?period=past&amp;page=2" rel="next"' in html
    second = client.get("/en/tourism/events/?period=past&page=2").content.decode()
    assert "Page 2 of 2" in second and 'href="?period=past&amp;page=1" rel="prev"' in second
