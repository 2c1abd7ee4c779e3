import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from home.models import NewsIndexPage, NewsPage, ServiceIndexPage, ServicePage
from tourism.models import AttractionPage, EventIndexPage, EventPage, TourismIndexPage

# Still on the demo site (not yet built with tests/factories.py).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_site")]

MAX_QUERIES = 15


@pytest.fixture
def many_items(db):
    """Enough children that a query per item would blow the budget."""
    news_index = NewsIndexPage.objects.get(depth=3)  # the city's (kecamatan and kelurahan have their own)
    tourism = TourismIndexPage.objects.get()
    from wagtail.images import get_image_model

    image = get_image_model().objects.first()
    events = EventIndexPage.objects.get()
    services = ServiceIndexPage.objects.get()
    from cms.models import OrganisationUnit

    unit = OrganisationUnit.objects.get(code="disdukcapil")
    for i in range(15):
        news = NewsPage(title_ind=f"Berita {i}", title_en=f"News {i}", slug_ind=f"berita-{i}", slug_en=f"news-{i}",
                        date=datetime.date(2026, 1, 1) + datetime.timedelta(days=i), image=image, intro_ind="Ringkas.")
        news_index.add_child(instance=news)
        news.save_revision().publish()
        attraction = AttractionPage(title_ind=f"Taman {i}", title_en=f"Park {i}", slug_ind=f"taman-{i}",
                                    slug_en=f"park-{i}", image=image, summary_ind="Taman kota.")
        tourism.add_child(instance=attraction)
        attraction.save_revision().publish()
        event = EventPage(title_ind=f"Acara {i}", title_en=f"Event {i}", slug_ind=f"acara-{i}", slug_en=f"event-{i}",
                          start=timezone.now() + datetime.timedelta(days=i - 7), image=image, venue=attraction,
                          summary_ind="Acara kota.")
        events.add_child(instance=event)
        event.save_revision().publish()
        service = ServicePage(title_ind=f"Layanan {i}", title_en=f"Service {i}", slug_ind=f"layanan-{i}",
                              slug_en=f"service-{i}", topic=ServicePage.Topic.values[i % 8], responsible_unit=unit,
                              summary_ind="Layanan kota.")
        services.add_child(instance=service)
        service.save_revision().publish()


URLS = [
    "/id/", "/en/", "/id/tentang-bogor/", "/en/about-bogor/", "/id/berita/", "/en/news/",
    "/en/news/car-free-day-jalan-sudirman/", "/id/wisata/", "/en/tourism/",
    "/en/tourism/bogor-botanic-gardens/", "/id/layanan/", "/en/complaints/", "/en/search/?q=bogor",
    "/en/tourism/events/", "/id/wisata/acara/?period=past", "/en/tourism/events/orchid-show/",
    "/id/wisata/acara/pameran-anggrek/", "/en/tourism/events/orchid-show/ics/",
    "/en/services/", "/id/layanan/?by=unit", "/en/services/birth-certificate/", "/id/layanan/ktp-elektronik/",
]


@pytest.mark.parametrize("url", URLS)
def test_public_pages_stay_within_query_budget(client, many_items, url):
    client.get(url)  # renditions are created on first view; measure the steady state
    from cms.pagecache.cache import purge

    purge()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    assert response.get("X-Page-Cache") != "HIT"  # the complaint page is never cached at all
    assert len(queries) <= MAX_QUERIES, f"{url}: {len(queries)} queries"


def test_home_page_shows_hero_featured_news_services_and_report_link(client):
    html = client.get("/en/").content.decode()
    assert "Welcome to Bogor" in html
    assert "Bogor Botanic Gardens" in html  # a featured attraction
    assert "Latest news" in html and "Car Free Day returns" in html
    assert 'href="/en/services/"' in html
    assert re.search(r'<a class="button button-report" href="/en/complaints/">Report a problem</a>', html)
    assert ".webp" in html or ".avif" in html  # responsive renditions


def test_news_page_shows_date_unit_and_tags(client):
    news = NewsPage.objects.get(slug_ind="perbaikan-jalan-pajajaran")
    news.tags.add("jalan")
    news.save_revision().publish()
    html = client.get("/id/berita/perbaikan-jalan-pajajaran/").content.decode()
    assert "Dinas Pekerjaan Umum dan Penataan Ruang" in html
    assert 'class="tag">jalan<' in html
    assert f'datetime="{news.date:%Y-%m-%d}"' in html


def test_meta_description_and_open_graph(client):
    html = client.get("/en/tourism/bogor-botanic-gardens/").content.decode()
    assert '<meta name="description" content="An 87-hectare botanic garden' in html
    assert '<meta property="og:title" content="Bogor Botanic Gardens">' in html
    assert re.search(r'<meta property="og:image" content="http://localhost/media/images/[^"]+\.jpg">', html)


def test_sitemap_lists_both_languages_with_alternates(client):
    xml = client.get("/sitemap.xml").content.decode()
    assert "<loc>http://localhost/id/wisata/</loc>" in xml
    assert "<loc>http://localhost/en/tourism/</loc>" in xml
    assert '<xhtml:link rel="alternate" hreflang="en" href="http://localhost/en/tourism/"' in xml
    assert '<xhtml:link rel="alternate" hreflang="x-default" href="http://localhost/id/wisata/"' in xml


def test_robots_txt_points_to_sitemap_and_hides_admin(client):
    text = client.get("/robots.txt").content.decode()
    assert "Disallow: /admin/" in text
    assert "Sitemap: http://localhost/sitemap.xml" in text


def test_robots_txt_hides_tracking_pages_in_every_language_from_the_page_tree(client):
    text = client.get("/robots.txt").content.decode()
    assert "Disallow: /id/pengaduan/lacak/" in text and "Disallow: /en/complaints/track/" in text
    from complaints.models import ComplaintFormPage

    page = ComplaintFormPage.objects.get()
    page.slug_en = "reports"
    page.save_revision().publish()
    text = client.get("/robots.txt").content.decode()
    assert "Disallow: /en/reports/track/" in text and "Disallow: /id/pengaduan/lacak/" in text


def test_footer_links_to_the_report_page_chosen_on_the_home_page(client):
    from home.models import HomePage

    def footer(path):
        return client.get(path).content.decode().split('<footer class="site-footer">')[1]

    assert '<a href="/en/complaints/">Report a problem</a>' in footer("/en/tourism/")
    assert '<a href="/id/pengaduan/">' in footer("/id/wisata/")
    home = HomePage.objects.get()
    home.report_page = None
    home.save_revision().publish()
    assert "/en/complaints/" not in footer("/en/tourism/")


def test_healthz_answers_when_the_database_does(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_healthz_is_liveness_and_readyz_reports_a_dead_database(client, monkeypatch):
    """A dead database is no reason to restart the process (/healthz); it takes the server out of the pool (/readyz)."""
    from django.db import OperationalError
    from django.db.backends.utils import CursorWrapper

    def broken(self, sql, params=None):
        raise OperationalError("database is down")

    monkeypatch.setattr(CursorWrapper, "execute", broken)
    assert client.get("/healthz").status_code == 200
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["failing"] == ["database", "email"]  # the outbox is read from the database too


def test_home_page_weight_under_100_kb(client):
    """HTML plus the site's own CSS and JS, images apart."""
    from django.contrib.staticfiles import finders

    html = client.get("/en/").content
    total = len(html)
    for ref in re.findall(r'(?:href|src)="/static/([^"]+\.(?:css|js))"', html.decode()):
        with open(finders.find(ref), "rb") as fh:
            total += len(fh.read())
    assert total < 100 * 1024, total
