"""Bilingual details a visitor notices (issue 16): untranslated pages on /en/, the language switcher's
names, a 404's alternates, English for browsers that ask for neither language, thin unit pages."""

import re

import pytest
from django.test import override_settings

from cms.models import OrganisationUnit
from home.models import StandardPage, UnitIndexPage, UnitPage
from tests.factories import NewsPageFactory, about_page, site_tree

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def tree(db):
    tree = site_tree()
    about_page()
    return tree


def publish(parent, page):
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


@pytest.fixture
def untranslated(tree):
    """A page written only in Indonesian."""
    return publish(tree.home, StandardPage(
        title_ind="Jadwal posyandu balita", slug_ind="jadwal-posyandu", intro_ind="Posyandu buka setiap Selasa pagi.",
        body_ind=[{"type": "paragraph", "value": "<p>Bawa buku KIA dan kartu imunisasi.</p>"}]))


def switcher(html):
    return re.search(r'<nav class="lang-switch".*?</nav>', html, re.S).group(0)


def hreflang(html):
    return dict(re.findall(r'<link rel="alternate" hreflang="([\w-]+)" href="([^"]+)">', html))


def test_indonesian_text_on_an_english_page_is_marked_indonesian(client, untranslated):
    html = client.get("/en/jadwal-posyandu/").content.decode()
    assert '<h1 lang="id">Jadwal posyandu balita</h1>' in html
    assert '<p class="lead" lang="id">Posyandu buka setiap Selasa pagi.</p>' in html
    assert re.search(r'<div lang="id">\s*<p>Bawa buku KIA', html) or \
        re.search(r'<div lang="id">.*Bawa buku KIA', html, re.S)
    # The interface around it stays English, and a translated page carries no such marks.
    assert '<html lang="en">' in html
    assert 'lang="id">' not in client.get("/en/about-bogor/").content.decode().split("<main")[1]
    # The Indonesian page needs none either: its language is the document's.
    assert '<h1>Jadwal posyandu balita</h1>' in client.get("/id/jadwal-posyandu/").content.decode()


def test_an_untranslated_page_is_not_offered_as_english(client, untranslated):
    english = client.get("/en/jadwal-posyandu/").content.decode()
    assert hreflang(english) == {"id": "http://localhost/id/jadwal-posyandu/",
                                 "x-default": "http://localhost/id/jadwal-posyandu/"}
    assert '<meta name="robots" content="noindex">' in english
    indonesian = client.get("/id/jadwal-posyandu/").content.decode()
    assert "hreflang=\"en\"" not in indonesian.split("</head>")[0]
    assert '<meta name="robots" content="noindex">' not in indonesian
    # The reader may still switch to it: the switcher links both languages.
    assert 'href="/en/jadwal-posyandu/" hreflang="en"' in switcher(indonesian)
    xml = client.get("/sitemap.xml").content.decode()
    assert "<loc>http://localhost/id/jadwal-posyandu/</loc>" in xml
    assert "/en/jadwal-posyandu/" not in xml
    # A translated page keeps both.
    assert "<loc>http://localhost/en/about-bogor/</loc>" in xml


def test_english_listings_and_search_say_a_page_is_in_indonesian(client, tree):
    NewsPageFactory(parent=tree.news, title_ind="Kerja bakti di Sempur", slug_ind="kerja-bakti-sempur",
                    title_en="", slug_en="", intro_ind="Warga membersihkan saluran air.")
    NewsPageFactory(parent=tree.news, title_ind="Pasar murah", title_en="Cheap market", slug_ind="pasar-murah",
                    slug_en="cheap-market", intro_ind="Pasar murah di balai kota.", intro_en="A cheap market at city hall.",
                    body_ind=[{"type": "paragraph", "value": "<p>Isi.</p>"}],
                    body_en=[{"type": "paragraph", "value": "<p>Text.</p>"}])
    listing = client.get("/en/news/").content.decode()
    assert re.search(r'lang="id">Kerja bakti di Sempur</a> <span class="in-language">\(in Indonesian\)</span>', listing)
    assert not re.search(r"Cheap market</a> <span", listing)
    assert "(in Indonesian)" not in client.get("/id/berita/").content.decode()
    results = client.get("/en/search/?q=sempur").content.decode()
    assert re.search(r'lang="id">Kerja bakti di Sempur</a> <span class="in-language">\(in Indonesian\)</span>', results)


def test_the_switcher_names_each_language_in_itself(client):
    for url in ("/id/", "/en/"):
        nav = switcher(client.get(url).content.decode())
        assert re.search(r'lang="en"[^>]*>.*?<span class="visually-hidden">English</span></a>', nav), url
        assert re.search(r'lang="id"[^>]*>.*?<span class="visually-hidden">Bahasa Indonesia</span></a>', nav), url
        assert "Bahasa Inggris" not in nav and "Indonesian" not in nav


@pytest.mark.parametrize("debug", [False, True])
def test_a_404_leads_to_pages_that_exist_in_the_other_language(client, debug):
    with override_settings(DEBUG=debug):
        for missing, other, lang in (("/id/tentang-bogor/tidak-ada/", "/en/about-bogor/", "en"),
                                     ("/en/no-such-page/", "/id/", "id"),
                                     ("/id/tidak-ada/sama-sekali/", "/en/", "en")):
            response = client.get(missing)
            assert response.status_code == 404
            html = response.content.decode()
            # The site's own page, in the URL's language, even with DEBUG on.
            assert ("Halaman tidak ditemukan" if lang == "en" else "Page not found") in html
            assert f'href="{other}" hreflang="{lang}"' in switcher(html)
            links = hreflang(html)
            assert links[lang] == f"http://localhost{other}"
            for url in {*links.values()}:
                assert client.get(url.removeprefix("http://localhost")).status_code == 200, url


@pytest.fixture
def units(tree):
    index = publish(tree.home, UnitIndexPage(title_ind="Perangkat daerah", title_en="Agencies",
                                             slug_ind="perangkat-daerah", slug_en="agencies"))
    thin_unit = OrganisationUnit.objects.create(code="unit-uji-tipis", kind="kelurahan", name="Kelurahan Uji",
                                                email="kel.uji@kotabogor.go.id",
                                                parent=OrganisationUnit.objects.get(code="kec-bogor-tengah"))
    full_unit = OrganisationUnit.objects.get(code="dpupr")
    full_unit.address, full_unit.phone = "Jl. Pemuda No. 1", "0251 123456"
    full_unit.save()
    thin = publish(index, UnitPage(title_ind="Kelurahan Uji", title_en="Uji Sub-district", slug_ind="kelurahan-uji",
                                   slug_en="uji-sub-district", unit=thin_unit))
    full = publish(index, UnitPage(title_ind="Dinas PUPR", title_en="Public Works", slug_ind="dinas-pupr",
                                   slug_en="public-works", unit=full_unit, intro_ind="Jalan, jembatan, drainase.",
                                   intro_en="Roads, bridges and drains."))
    return thin, full


def test_thin_unit_pages_stay_out_of_the_sitemap_and_search_until_they_have_content(client, units):
    thin, full = units
    xml = client.get("/sitemap.xml").content.decode()
    assert "kelurahan-uji" not in xml and "uji-sub-district" not in xml
    assert "<loc>http://localhost/id/perangkat-daerah/dinas-pupr/</loc>" in xml
    assert "Kelurahan Uji" not in client.get("/id/cari/?q=uji").content.decode().split('class="search-results"')[1]
    thin.intro_ind = "Kantor kelurahan melayani surat pengantar."
    thin.save_revision().publish()
    assert "<loc>http://localhost/id/perangkat-daerah/kelurahan-uji/</loc>" in client.get("/sitemap.xml").content.decode()


def test_a_unit_page_says_what_the_unit_is_and_how_to_reach_it(client, units):
    html = client.get("/en/agencies/uji-sub-district/").content.decode()
    assert re.search(r'id="unit-role">[^<]*sub-district \(kelurahan\) of [^<]*Bogor Tengah', html)
    assert "kel.uji@kotabogor.go.id" in html and "Part of" in html
    html = client.get("/id/perangkat-daerah/kelurahan-uji/").content.decode()
    assert 'id="unit-role">' in html and "Bogor Tengah" in html


def test_service_json_ld_names_each_legal_basis_apart(client, tree):
    import json

    from tests.factories import ServicePageFactory

    ServicePageFactory(parent=tree.services, title_ind="Akta Kelahiran", title_en="Birth certificate",
                       slug_ind="akta-kelahiran", slug_en="birth-certificate", topic="population",
                       summary_ind="Pencatatan kelahiran.", summary_en="Registering a birth.",
                       legal_basis_ind="<ul><li>UU 23/2006</li><li>UU 24/2013</li></ul>",
                       legal_basis_en="<ul><li>Law No. 23 of 2006</li><li>Law No. 24 of 2013</li></ul>")
    html = client.get("/en/services/birth-certificate/").content.decode()
    blocks = [json.loads(b) for b in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)]
    service = next(b for b in blocks if b["@type"] == "GovernmentService")
    assert service["termsOfService"] == "Law No. 23 of 2006; Law No. 24 of 2013"
