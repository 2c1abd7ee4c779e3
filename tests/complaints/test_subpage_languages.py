"""The complaint page's sub-pages (statistics, tracking with and without a code, submitted) are pages of
their own in each language: canonical, hreflang and the language switcher name the same sub-page in the
other language, with the tracking code kept; the statistics are in the sitemap in both languages."""

import re

import pytest

from tests.factories import complaint_in, unit

pytestmark = pytest.mark.django_db


def head_links(html):
    alternates = dict(re.findall(r'<link rel="alternate" hreflang="([\w-]+)" href="([^"]+)">', html))
    canonical = re.findall(r'<link rel="canonical" href="([^"]+)">', html)
    return alternates, canonical


def switcher(html):
    nav = re.search(r'<nav class="lang-switch".*?</nav>', html, re.S).group(0)
    return dict((code, href) for href, code in re.findall(r'href="([^"]+)" hreflang="(\w+)"', nav))


def sub_pages(code):
    return [
        ("/id/pengaduan/statistik/", "/en/complaints/statistics/"),
        ("/id/pengaduan/lacak/", "/en/complaints/track/"),
        (f"/id/pengaduan/lacak/{code}/", f"/en/complaints/track/{code}/"),
        (f"/id/pengaduan/terkirim/{code}/", f"/en/complaints/submitted/{code}/"),
    ]


def test_sub_pages_name_themselves_in_each_language_with_the_code_kept(client):
    code = complaint_in("dispatched", unit=unit("dpupr")).tracking_code
    for id_url, en_url in sub_pages(code):
        for url in (id_url, en_url):
            response = client.get(url)
            assert response.status_code == 200, url
            html = response.content.decode()
            alternates, canonical = head_links(html)
            assert alternates == {"id": f"http://localhost{id_url}", "en": f"http://localhost{en_url}",
                                  "x-default": f"http://localhost{id_url}"}, url
            assert canonical == [f"http://localhost{url}"], url
            assert switcher(html) == {"id": id_url, "en": en_url}, url


def test_an_unknown_tracking_code_keeps_its_address_in_the_other_language(client):
    html = client.get("/en/complaints/track/ZZZZ9999ZZ/").content.decode()
    assert switcher(html)["id"] == "/id/pengaduan/lacak/ZZZZ9999ZZ/"


def test_statistics_are_in_the_sitemap_in_both_languages_with_alternates(client):
    xml = client.get("/sitemap.xml").content.decode()
    assert "<loc>http://localhost/id/pengaduan/statistik/</loc>" in xml
    assert "<loc>http://localhost/en/complaints/statistics/</loc>" in xml
    assert ('<xhtml:link rel="alternate" hreflang="en" href="http://localhost/en/complaints/statistics/"'
            in xml)
    # Tracking pages stay out: they are one citizen's report.
    assert "/lacak/" not in xml and "/track/" not in xml
