import pytest

from home.models import StandardPage
from tests.factories import news_item, site_tree

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def site(db):
    tree = site_tree()
    news_item("pengangkutan-sampah-libur-panjang")
    return tree


def test_english_visitor_finds_page_by_english_text(client):
    html = client.get("/en/search/?q=rubbish").content.decode()
    assert "Rubbish collection over the long weekend" in html
    assert 'href="/en/news/rubbish-collection-over-the-long-weekend/"' in html


def test_indonesian_visitor_finds_page_by_indonesian_text(client):
    html = client.get("/id/cari/?q=sampah").content.decode()
    assert "Jadwal pengangkutan sampah selama libur panjang" in html
    assert 'href="/id/berita/pengangkutan-sampah-libur-panjang/"' in html


def test_a_match_only_in_the_other_language_is_not_a_result(client):
    # "pengangkutan" appears only in the Indonesian text of a fully translated page.
    html = client.get("/en/search/?q=pengangkutan").content.decode()
    assert "Rubbish collection over the long weekend" not in html
    assert "0 results" in html


def test_untranslated_page_is_found_by_its_indonesian_text_in_english(client, home):
    page = StandardPage(title_ind="Jadwal posyandu balita", slug_ind="jadwal-posyandu-balita",
                        body_ind=[{"type": "paragraph", "value": "<p>Imunisasi gratis.</p>"}])
    home.add_child(instance=page)
    page.save_revision().publish()
    html = client.get("/en/search/?q=posyandu").content.decode()
    assert "Jadwal posyandu balita" in html


def test_empty_and_long_queries_are_safe(client):
    assert client.get("/en/search/").status_code == 200
    assert client.get("/en/search/?q=" + "x" * 5000).status_code == 200
    assert client.get("/en/search/?q=%3Cscript%3E").content.decode().count("<script>") == 0


def test_search_page_switcher_keeps_the_query(client):
    html = client.get("/en/search/?q=bogor").content.decode()
    assert 'href="/id/cari/?q=bogor" hreflang="id"' in html
