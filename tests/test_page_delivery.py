"""How pages reach a cheap phone: compressed public HTML (and never a page with a secret: BREACH),
cache headers on the media the site serves, the tourism listing's first image fetched first, Leaflet's CSS
only where there is a map; and the landmarks and headings a screen-reader user moves by."""

import gzip
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import RequestFactory
from wagtail.images import get_image_model

from cms.compression import serve_media
from tests.factories import jpeg_bytes

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_site")]
GZIP = {"HTTP_ACCEPT_ENCODING": "gzip, deflate, br"}


@pytest.mark.parametrize("url", ["/id/", "/en/tourism/", "/id/berita/"])
def test_public_pages_are_compressed(client, url):
    response = client.get(url, **GZIP)
    assert response.status_code == 200
    assert response["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response["Vary"]
    assert b"<html" in gzip.decompress(response.content)


def test_pages_with_a_secret_are_not_compressed(client, admin_user):
    # A CSRF token beside what a visitor typed is what BREACH reads through the compressed length.
    form = client.get("/id/pengaduan/", **GZIP)
    assert form.status_code == 200 and "csrfmiddlewaretoken" in form.content.decode()
    assert not form.has_header("Content-Encoding")
    sent = client.post("/en/complaints/", {"description": "x"}, **GZIP)
    assert not sent.has_header("Content-Encoding")
    client.force_login(admin_user)
    assert not client.get("/id/", **GZIP).has_header("Content-Encoding")


def test_media_served_by_the_site_have_cache_headers(tmp_path, settings):
    image = get_image_model()(title="Cache test")
    image.file = SimpleUploadedFile("cache-test.jpg", jpeg_bytes((80, 60)), content_type="image/jpeg")
    image.save()
    rendition = image.get_rendition("fill-40x30")
    request = RequestFactory().get(rendition.url)
    response = serve_media(request, rendition.file.name, document_root=settings.MEDIA_ROOT)
    control = response["Cache-Control"]
    assert "immutable" in control and "public" in control
    assert int(re.search(r"max-age=(\d+)", control).group(1)) >= 30 * 24 * 3600
    original = serve_media(request, image.file.name, document_root=settings.MEDIA_ROOT)
    assert "max-age=" in original["Cache-Control"] and "immutable" not in original["Cache-Control"]


@pytest.mark.parametrize("url", ["/id/wisata/", "/en/tourism/"])
def test_tourism_listing_fetches_its_first_image_first(client, url):
    html = client.get(url).content.decode()
    cards = re.findall(r'<article class="card">(.*?)</article>', html, re.S)
    images = [re.search(r"<img[^>]*>", card).group(0) for card in cards if "<img" in card]
    assert len(images) >= 4
    assert 'loading="lazy"' not in images[0] and 'fetchpriority="high"' in images[0]
    assert 'loading="lazy"' not in images[1]
    assert 'loading="lazy"' in images[-1]


@pytest.mark.parametrize("url", ["/id/", "/en/tourism/", "/id/berita/", "/en/complaints/track/", "/en/search/?q=museum"])
def test_leaflet_only_on_pages_with_a_map(client, url):
    html = client.get(url).content.decode()
    assert "leaflet" not in html.lower()


@pytest.mark.parametrize("url", ["/en/search/?q=museum", "/id/cari/?q=museum"])
def test_search_page_has_one_labelled_search_landmark(client, url):
    response = client.get(url, follow=True)
    html = response.content.decode()
    landmarks = re.findall(r"<form[^>]*role=\"search\"[^>]*>", html)
    assert len(landmarks) == 1, landmarks
    assert "aria-label=" in landmarks[0]


@pytest.mark.parametrize("url", ["/id/berita/", "/en/news/"])
def test_news_cards_follow_the_page_heading(client, url):
    html = client.get(url).content.decode()
    levels = [int(n) for n in re.findall(r"<h([1-6])[\s>]", html.split('id="main"', 1)[1])]
    assert levels[0] == 1 and levels[1] == 2, levels
    assert all(b - a <= 1 for a, b in zip(levels, levels[1:], strict=False)), levels
