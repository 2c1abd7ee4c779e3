import re

import pytest
from django.test import override_settings

from home.models import NewsPage, StandardPage
from tests.factories import AttractionPageFactory, about_page, news_item, site_tree

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def site(db):
    """The pages of PAGES below, each with both languages."""
    tree = site_tree()
    about_page()
    AttractionPageFactory(parent=tree.tourism, title_ind="Kebun Raya Bogor", title_en="Bogor Botanic Gardens",
                          slug_ind="kebun-raya-bogor", slug_en="bogor-botanic-gardens", kind="garden",
                          summary_ind="Kebun raya seluas 87 hektare.", summary_en="An 87-hectare botanic garden.")
    for slug in ("pengangkutan-sampah-libur-panjang", "festival-cap-go-meh"):
        news_item(slug)
    return tree

PAGES = [
    ("/id/", "/en/"),
    ("/id/tentang-bogor/", "/en/about-bogor/"),
    ("/id/wisata/", "/en/tourism/"),
    ("/id/wisata/kebun-raya-bogor/", "/en/tourism/bogor-botanic-gardens/"),
    ("/id/layanan/", "/en/services/"),
    ("/id/pengaduan/", "/en/complaints/"),
    ("/id/berita/", "/en/news/"),
    ("/id/berita/pengangkutan-sampah-libur-panjang/", "/en/news/rubbish-collection-over-the-long-weekend/"),
]


@pytest.mark.parametrize(
    "accept, expected",
    [
        ("en-GB,en;q=0.9", "/en/"),
        ("id-ID,id;q=0.9,en;q=0.8", "/id/"),
        # A browser that asks for neither language gets English, the site's international language;
        # Indonesian stays the default without a header and for readers of Malay, Javanese, Sundanese.
        ("fr-FR,fr;q=0.9", "/en/"),
        ("zh-CN,zh;q=0.9", "/en/"),
        ("ja", "/en/"),
        ("fr,id;q=0.5", "/id/"),
        ("ms-MY,ms;q=0.9", "/id/"),
        ("jv", "/id/"),
        ("su", "/id/"),
        ("", "/id/"),
        ("de,en;q=0.5", "/en/"),
    ],
)
def test_root_redirects_by_accept_language(client, accept, expected):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE=accept)
    assert response.status_code == 302
    assert response["Location"] == expected
    assert "Accept-Language" in response["Vary"]


@pytest.mark.parametrize("id_url, en_url", PAGES)
def test_each_page_has_both_languages_lang_attribute_and_hreflang(client, id_url, en_url):
    for url, lang in ((id_url, "id"), (en_url, "en")):
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert f'<html lang="{lang}">' in html
        links = dict(re.findall(r'<link rel="alternate" hreflang="([\w-]+)" href="([^"]+)">', html))
        assert links == {
            "id": f"http://localhost{id_url}",
            "en": f"http://localhost{en_url}",
            "x-default": f"http://localhost{id_url}",
        }


@pytest.mark.parametrize("id_url, en_url", PAGES)
def test_language_switcher_leads_to_the_same_page(client, id_url, en_url):
    html = client.get(en_url).content.decode()
    switch = re.search(r'<nav class="lang-switch".*?</nav>', html, re.S).group(0)
    assert f'href="{id_url}" hreflang="id"' in switch
    html = client.get(id_url).content.decode()
    switch = re.search(r'<nav class="lang-switch".*?</nav>', html, re.S).group(0)
    assert f'href="{en_url}" hreflang="en"' in switch


def test_untranslated_page_shows_indonesian_text_with_notice(client, home):
    page = StandardPage(title_ind="Jadwal posyandu", slug_ind="jadwal-posyandu",
                        intro_ind="Posyandu buka setiap Selasa.",
                        body_ind=[{"type": "paragraph", "value": "<p>Bawa buku KIA.</p>"}])
    home.add_child(instance=page)
    page.save_revision().publish()
    response = client.get("/en/jadwal-posyandu/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Bawa buku KIA." in html and "Jadwal posyandu" in html
    assert 'id="translation-notice"' in html
    assert "has not been translated into English" in html
    # The Indonesian page itself carries no notice, nor does a translated English page.
    assert 'id="translation-notice"' not in client.get("/id/jadwal-posyandu/").content.decode()
    assert 'id="translation-notice"' not in client.get("/en/about-bogor/").content.decode()


def test_english_title_without_english_body_still_gets_notice(client):
    news = NewsPage.objects.get(slug_ind="festival-cap-go-meh")
    news.body_en = []
    news.save_revision().publish()
    html = client.get("/en/news/cap-go-meh-street-festival/").content.decode()
    assert 'id="translation-notice"' in html
    assert "Festival ini menjadi simbol keberagaman" in html


def test_interface_strings_follow_the_language(client):
    assert "Langsung ke konten utama" in client.get("/id/").content.decode()
    assert "Skip to main content" in client.get("/en/").content.decode()
    assert client.get("/id/cari/?q=bogor").status_code == 200
    assert client.get("/en/search/?q=bogor").status_code == 200


@override_settings(DEBUG=False)
def test_404_in_the_language_of_the_url(client):
    response = client.get("/id/tidak-ada/")
    assert response.status_code == 404
    assert "Halaman tidak ditemukan" in response.content.decode()
    response = client.get("/en/no-such-page/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()
    assert '<html lang="en">' in response.content.decode()


def test_routing_asks_the_database_for_one_child_by_slug(client):
    """wagtail-modeltranslation's route() loads every sibling; ours filters on the localized slug."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from cms.pagecache.cache import purge

    purge()
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/en/news/rubbish-collection-over-the-long-weekend/").status_code == 200
    child_lookups = [q["sql"] for q in queries if '"slug_en" =' in q["sql"]]
    assert len(child_lookups) == 2  # /news/ then the article: one filtered query per level
    assert all("LIMIT 1" in sql for sql in child_lookups)
