"""Issue 16 (items 3, 5 and 6) on content pages: glossary terms explained where they first appear,
in the page's language, from a glossary editors keep; health centres in English word order; a cost
stated once; one date format per language."""

import datetime
import json
import re

import pytest
from django.test import Client

from cms.demo_utils import paragraphs
from cms.machine_translation.models import GlossaryTerm
from home.sections import section_for
from tests.factories import (
    EventPageFactory,
    ServicePageFactory,
    StandardPageFactory,
    member,
    site_tree,
    unit,
)

pytestmark = pytest.mark.django_db


def content(page_html):
    return page_html.split('<main id="main"', 1)[1].split("</main>", 1)[0]


def angkot_page():
    return StandardPageFactory(
        parent=site_tree().home, title_ind="Naik angkot", title_en="By angkot", slug_ind="angkot", slug_en="angkot",
        body_ind=[{"type": "heading", "value": {"text": "Rute angkot", "level": "h2"}},
                  paragraphs("Angkot berwarna hijau. Naik angkot dari <a href=\"/id/\">angkot stasiun</a>.\n\n"
                             "Bayar angkot setelah turun. Angkot sering ngetem di sini.")],
        body_en=[{"type": "heading", "value": {"text": "Angkot routes", "level": "h2"}},
                 paragraphs("The angkot is green. Take an angkot from the station.\n\n"
                             "Pay the angkot driver. They often ngetem here.")])


def test_a_glossary_term_is_explained_once_in_the_pages_language(client):
    # "angkot" is in the glossary from the start (kept by the machine); editors explain it.
    GlossaryTerm.objects.update_or_create(term="angkot", defaults={
        "explanation_ind": "angkutan kota, minibus umum", "explanation_en": "city minibus on a fixed route"})
    angkot_page()
    english = content(client.get("/en/angkot/").content.decode())
    assert english.count("<abbr") == 1
    assert '<abbr title="city minibus on a fixed route">angkot</abbr> is green' in english
    assert re.search(r"<h2[^>]*>Angkot routes</h2>", english)  # never inside a heading
    indonesian = content(client.get("/id/angkot/").content.decode())
    assert indonesian.count("<abbr") == 1
    assert '<abbr title="angkutan kota, minibus umum">Angkot</abbr> berwarna hijau' in indonesian
    assert "city minibus" not in indonesian


def test_an_acronym_is_explained_whole_word_and_not_inside_links_or_attributes(client):
    GlossaryTerm.objects.update_or_create(term="PKM", defaults={
        "explanation_ind": "Puskesmas", "explanation_en": "community health centre"})
    StandardPageFactory(parent=site_tree().home, title_ind="Layanan", title_en="Services here", slug_ind="layanan-pkm",
                        slug_en="services-pkm",
                        body_en=[paragraphs('See <a href="/en/" title="PKM">PKM list</a>. The PKMs and pkm; '
                                            "then PKM Merdeka and PKM Bogor Timur.")])
    english = content(client.get("/en/services-pkm/").content.decode())
    assert english.count("<abbr") == 1
    assert '<a href="/en/" title="PKM">PKM list</a>' in english
    assert 'then <abbr title="community health centre">PKM</abbr> Merdeka and PKM Bogor Timur' in english


def test_an_editor_adds_a_term_and_visitors_then_see_it_explained(verified_login):
    angkot_page()
    visitor = Client()
    assert "<abbr" not in content(visitor.get("/en/angkot/").content.decode())  # and now cached
    translator = member("diskominfo", "translator", username="penerjemah")
    editor = verified_login(translator)
    form = editor.get("/admin/snippets/cms/glossaryterm/add/")
    assert form.status_code == 200
    response = editor.post("/admin/snippets/cms/glossaryterm/add/", {
        "term": "ngetem", "translation": "", "explanation_ind": "berhenti lama menunggu penumpang",
        "explanation_en": "waiting at the roadside for passengers", "note": ""})
    assert response.status_code == 302
    english = content(visitor.get("/en/angkot/").content.decode())
    assert 'They often <abbr title="waiting at the roadside for passengers">ngetem</abbr> here.' in english
    indonesian = content(visitor.get("/id/angkot/").content.decode())
    assert 'sering <abbr title="berhenti lama menunggu penumpang">ngetem</abbr> di sini' in indonesian


def test_seed_terms_cover_what_visitors_meet():
    from cms.machine_translation import demo

    demo.seed({})
    demo.seed({})  # idempotent
    for term in ("angkot", "WIB", "SIMBG", "Disdukcapil", "DPMPTSP", "PKM"):
        item = GlossaryTerm.objects.get(term=term)
        assert item.explanation_ind and item.explanation_en


def test_health_centres_in_english_word_order(client):
    site_tree()
    health_centre = unit("pkm-bogor-timur")
    assert health_centre.name_en == "Bogor Timur Health Centre"
    assert health_centre.name_ind == "Puskesmas Bogor Timur"
    page = section_for(health_centre)
    html = client.get(page.localized_url("en")).content.decode()
    assert "Bogor Timur Health Centre" in html and "Health Centre Bogor Timur" not in html


def _service(slug, **fields):
    return ServicePageFactory(parent=site_tree().services, title_ind=f"Layanan {slug}", title_en=f"Service {slug}",
                              slug_ind=slug, slug_en=slug, **fields)


def _cost(client, url):
    html = client.get(url).content.decode()
    return re.search(r"<dt>(?:Cost|Biaya)</dt><dd>(.*?)</dd>", html).group(1), html


@pytest.mark.parametrize("fields, english, indonesian", [
    ({"fee": 0}, "Free of charge", "Gratis"),
    ({"fee": 0, "cost_note_ind": "gratis", "cost_note_en": "free"}, "Free of charge", "Gratis"),
    ({"fee": 0, "cost_note_ind": "gratis menurut Undang-Undang", "cost_note_en": "free by law"},
     "Free of charge (by law)", "Gratis (menurut Undang-Undang)"),
    ({"fee": 0, "cost_note_ind": "dengan janji temu", "cost_note_en": "by appointment"},
     "Free of charge (by appointment)", "Gratis (dengan janji temu)"),
    ({"fee": 0, "fee_varies": True, "cost_note_ind": "retribusi PBG menurut Peraturan Daerah",
      "cost_note_en": "a building-approval levy set by regional regulation"},
     "A building-approval levy set by regional regulation", "Retribusi PBG menurut Peraturan Daerah"),
    ({"fee": 1500000, "cost_note_ind": "tergantung jarak", "cost_note_en": "depends on distance"},
     "IDR 1,500,000 (depends on distance)", "Rp 1.500.000 (tergantung jarak)"),
])
def test_a_service_states_its_cost_once(client, fields, english, indonesian):
    page = _service("biaya", **fields)
    cost_en, html_en = _cost(client, "/en/services/biaya/")
    cost_id, _html = _cost(client, "/id/layanan/biaya/")
    assert (cost_en, cost_id) == (english, indonesian)
    offers = [d for d in map(json.loads, re.findall(r'<script type="application/ld\+json">(.*?)</script>', html_en,
                                                   re.S)) if d.get("@type") == "GovernmentService"][0]["offers"]
    if page.fee_varies:
        assert "price" not in offers and offers["description"] == fields["cost_note_en"]
    else:
        assert offers["price"] == page.fee


def test_the_service_list_says_a_varying_fee_varies(client):
    _service("pbg", fee=0, fee_varies=True, cost_note_ind="retribusi", cost_note_en="a levy")
    _service("ktp", fee=0)
    listing = client.get("/en/services/").content.decode()
    assert re.search(r"Service pbg</a>\s*<span class=\"meta\">Fee varies", listing)
    assert re.search(r"Service ktp</a>\s*<span class=\"meta\">Free", listing)


@pytest.mark.parametrize("note_ind, note_en, english, indonesian", [
    ("", "", "Free of charge", "Gratis"),
    ("gratis, wajib mendaftar", "free, booking required", "Free of charge (booking required)",
     "Gratis (wajib mendaftar)"),
])
def test_a_free_event_states_its_price_once(client, note_ind, note_en, english, indonesian):
    EventPageFactory(parent=site_tree().events, title_ind="Konser", title_en="Concert", slug_ind="konser",
                     slug_en="concert", price=0, price_note_ind=note_ind, price_note_en=note_en)
    en = client.get("/en/tourism/events/concert/").content.decode()
    id_ = client.get("/id/wisata/acara/konser/").content.decode()
    assert re.search(r"<dt>Price</dt><dd>(.*?)</dd>", en).group(1) == english
    assert re.search(r"<dt>Harga</dt><dd>(.*?)</dd>", id_).group(1) == indonesian


def test_event_dates_one_format_per_language(client):
    start = datetime.datetime(2030, 12, 10, 1, 0, tzinfo=datetime.UTC)  # 08.00 in Bogor, a Tuesday
    EventPageFactory(parent=site_tree().events, title_ind="Pameran", title_en="Show", slug_ind="pameran",
                     slug_en="show", start=start, end=start + datetime.timedelta(hours=2))
    en = re.sub(r"<[^>]+>", "", content(client.get("/en/tourism/events/show/").content.decode()))
    id_ = re.sub(r"<[^>]+>", "", content(client.get("/id/wisata/acara/pameran/").content.decode()))
    assert en.count("Tuesday 10 December 2030, 08:00–10:00 WIB (UTC+7)") == 1
    assert id_.count("Selasa, 10 Desember 2030, 08.00–10.00 WIB") == 1
    assert "08:00" not in id_ and "a.m." not in en and "Dec " not in en
    listing = re.sub(r"<[^>]+>", "", client.get("/en/tourism/events/").content.decode())
    assert "Tuesday 10 December 2030, 08:00–10:00 WIB (UTC+7)" in listing


def test_news_dates_read_in_full(client):
    from tests.factories import NewsPageFactory

    NewsPageFactory(parent=site_tree().news, title_ind="Kabar", title_en="Tidings", slug_ind="kabar",
                    slug_en="tidings", date=datetime.date(2026, 11, 28))
    assert "28 November 2026" in client.get("/en/news/tidings/").content.decode()
    assert "28 November 2026" in client.get("/id/berita/kabar/").content.decode()
