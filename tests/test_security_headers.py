"""Content-Security-Policy and Permissions-Policy: what a browser is told to refuse, page by page.

The browser tests (tests/browser/conftest.py) check that nothing the site itself needs is refused."""

import re
from decimal import Decimal

import pytest

from cms.security_headers import tile_source
from tests.factories import AttractionPageFactory, ComplaintFactory, officer, site_tree

pytestmark = pytest.mark.django_db


def directives(response):
    header = response["Content-Security-Policy"]
    return {name: values for name, *values in (part.split() for part in header.split(";") if part.strip())}


@pytest.fixture
def tree(db):
    tree = site_tree()
    AttractionPageFactory(parent=tree.tourism, title_ind="Kebun Raya Bogor", title_en="Bogor Botanic Gardens",
                          slug_ind="kebun-raya-bogor", slug_en="bogor-botanic-gardens", kind="garden",
                          latitude=Decimal("-6.597600"), longitude=Decimal("106.799600"))
    ComplaintFactory()  # so the figures draw their bars
    return tree


PUBLIC_URLS = ["/id/", "/en/", "/en/tourism/bogor-botanic-gardens/", "/en/complaints/", "/id/pengaduan/statistik/",
               "/en/complaints/track/", "/en/search/?q=bogor"]


@pytest.mark.parametrize("url", PUBLIC_URLS)
def test_public_pages_send_the_strict_policy(client, tree, url):
    response = client.get(url)
    assert response.status_code == 200
    csp = directives(response)
    assert csp["default-src"] == ["'self'"]
    assert csp["script-src"] == ["'self'"] and csp["style-src"] == ["'self'"]
    assert csp["connect-src"] == ["'self'"]
    assert csp["img-src"][:3] == ["'self'", "data:", "blob:"]  # blob: the form's photo previews
    assert csp["frame-ancestors"] == ["'none'"] and csp["form-action"] == ["'self'"]
    assert csp["base-uri"] == ["'self'"] and csp["object-src"] == ["'none'"]
    assert response["Permissions-Policy"].startswith("geolocation=(self), camera=(), microphone=()")


@pytest.mark.parametrize("url", PUBLIC_URLS)
def test_public_pages_need_no_inline_script_or_style(client, tree, url):
    """What the strict policy would refuse: inline scripts, event-handler attributes and style attributes.

    JSON and JSON-LD in <script type="application/...json"> are data, which CSP lets through."""
    html = client.get(url).content.decode()
    if "statistik" in url:
        assert 'class="bar"' in html
    for tag in re.findall(r"<script\b[^>]*>", html):
        assert " src=" in tag or re.search(r'type="application/(ld\+)?json"', tag), tag
    assert not re.search(r"<[^>]+\sstyle=", html), re.search(r"<[^>]+\sstyle=[^>]*>", html).group(0)
    assert not re.search(r"<[^>]+\son[a-z]+=", html)


def test_a_cached_page_keeps_its_policy(client, tree):
    assert client.get("/en/").headers["X-Page-Cache"] == "MISS"
    again = client.get("/en/")
    assert again.headers["X-Page-Cache"] == "HIT"
    assert directives(again)["script-src"] == ["'self'"]


def test_map_tiles_come_from_the_configured_server(client, tree, settings):
    settings.MAP_TILE_URL = "https://{s}.tiles.example.id/osm/{z}/{x}/{y}.png"
    csp = directives(client.get("/en/tourism/bogor-botanic-gardens/"))
    assert "https://*.tiles.example.id" in csp["img-src"]
    assert "https://*.tiles.example.id" not in csp.get("connect-src", [])
    settings.MAP_TILE_URL = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
    assert "https://tile.openstreetmap.org" in directives(client.get("/en/complaints/"))["img-src"]


def test_tile_source():
    assert tile_source("/static/img/tile.png") is None  # the site's own: 'self' covers it
    assert tile_source("https://tile.openstreetmap.org/{z}/{x}/{y}.png") == "https://tile.openstreetmap.org"
    assert tile_source("https://{s}.basemaps.example/{z}/{x}/{y}.png") == "https://*.basemaps.example"


def test_admin_sends_its_own_policy(client, tree, verified_login):
    login = client.get("/admin/login/")
    assert directives(login)["frame-ancestors"] == ["'self'"]
    admin = verified_login(officer("admin"))
    for url in ("/admin/", f"/admin/pages/{tree.home.pk}/edit/", "/admin/images/"):
        response = admin.get(url)
        assert response.status_code == 200, url
        csp = directives(response)
        # Wagtail's own inline scripts and style attributes; still no eval, no plug-ins, no foreign scripts.
        assert csp["script-src"] == ["'self'", "'unsafe-inline'"], url
        assert csp["style-src"] == ["'self'", "'unsafe-inline'"]
        assert csp["connect-src"] == ["'self'"] and csp["object-src"] == ["'none'"]
        assert csp["frame-ancestors"] == ["'self'"] and csp["form-action"] == ["'self'"]
        assert "releases.wagtail.org" not in response.content.decode()


def test_a_preview_has_the_visitors_policy_but_the_admin_may_frame_it(tree):
    """Wagtail's preview panel frames the page rendered by a made-up request for its public URL."""
    csp = directives(tree.home.make_preview_request(preview_mode="en"))
    assert csp["script-src"] == ["'self'"] and csp["style-src"] == ["'self'"]
    assert csp["frame-ancestors"] == ["'self'"]
