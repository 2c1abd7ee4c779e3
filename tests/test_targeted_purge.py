"""A publish purges the cached pages that show the published page, and leaves every other page cached."""

import gzip

import pytest

from cms.models import OrganisationUnit
from home.models import HomePage, NewsPage, UnitPage
from tourism.models import AttractionPage, EventPage, TourismIndexPage

pytestmark = pytest.mark.django_db


def _url(page, lang="en"):
    return page.localized_url(lang)


def _prime(client, *urls):
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert client.get(url)["X-Page-Cache"] == "HIT", url


def _cached(client, url):
    return client.get(url)["X-Page-Cache"] == "HIT"


def _publish(page, **fields):
    for name, value in fields.items():
        setattr(page, name, value)
    page.save_revision().publish()


def _kelurahan():
    return (UnitPage.objects.live().filter(unit__kind=OrganisationUnit.Kind.KELURAHAN)
            .order_by("path").first())


def test_publishing_a_kelurahan_profile_leaves_the_attraction_pages_cached(client, demo_site):
    kelurahan = _kelurahan()
    kecamatan = kelurahan.get_parent().specific
    attractions = [_url(a, lang) for a in AttractionPage.objects.live().order_by("path")[:4] for lang in ("en", "id")]
    others = [*attractions, "/en/tourism/", "/id/wisata/", "/en/", "/id/", "/en/news/"]
    _prime(client, _url(kelurahan), _url(kelurahan, "id"), _url(kecamatan), *others)

    _publish(kelurahan, intro_en="The sub-district office now opens on Saturday mornings.")

    for url in others:
        assert _cached(client, url), f"{url} was purged by an unrelated publish"
    fresh = client.get(_url(kelurahan))
    assert fresh["X-Page-Cache"] == "MISS"
    assert "now opens on Saturday mornings" in fresh.content.decode()
    assert client.get(_url(kelurahan, "id"))["X-Page-Cache"] == "MISS"
    assert client.get(_url(kecamatan))["X-Page-Cache"] == "MISS"  # lists its kelurahan


def test_a_news_item_purges_its_listing_and_the_home_page_only(client, demo_site):
    news = NewsPage.objects.live().filter(depth=4).order_by("-date").first()
    other_news = NewsPage.objects.live().exclude(pk=news.pk).first()
    attraction = AttractionPage.objects.live().first()
    _prime(client, "/en/", "/en/news/", _url(news), _url(other_news), _url(attraction), "/en/tourism/")

    _publish(news, title_en="Car-free day moves to Jalan Pajajaran")

    assert _cached(client, _url(other_news)) and _cached(client, _url(attraction)) and _cached(client, "/en/tourism/")
    for url in ("/en/", "/en/news/"):
        response = client.get(url)
        assert response["X-Page-Cache"] == "MISS", url
        assert "Car-free day moves to Jalan Pajajaran" in response.content.decode(), url


def test_an_attraction_purges_the_pages_that_refer_to_it(client, demo_site):
    home = HomePage.objects.get()
    featured = home.featured_pages.first().page.specific
    event = EventPage.objects.live().filter(venue__isnull=False).select_related("venue").first()
    venue = event.venue
    unrelated = AttractionPage.objects.live().exclude(pk__in=[featured.pk, venue.pk]).first()
    _prime(client, "/en/", _url(event), _url(unrelated), "/en/tourism/events/")

    _publish(featured, title_en="Bogor Botanic Gardens (Kebun Raya)")
    response = client.get("/en/")
    assert response["X-Page-Cache"] == "MISS"  # it is featured there (the reference index says so)
    assert "Bogor Botanic Gardens (Kebun Raya)" in response.content.decode()

    _prime(client, "/en/", _url(event))
    _publish(venue, address_en="Jl. Ir. H. Juanda No. 13") if hasattr(venue, "address_en") else _publish(
        venue, address="Jl. Ir. H. Juanda No. 13")
    assert client.get(_url(event))["X-Page-Cache"] == "MISS"  # held there: shows its address
    assert _cached(client, _url(unrelated)) and _cached(client, "/en/tourism/events/")


def test_a_new_title_reaches_the_breadcrumbs_below(client, demo_site):
    kelurahan = _kelurahan()
    kecamatan = kelurahan.get_parent().specific
    attraction = AttractionPage.objects.live().first()
    _prime(client, _url(kelurahan), _url(attraction))

    _publish(kecamatan, title_en="West Bogor District")

    response = client.get(_url(kelurahan))
    assert response["X-Page-Cache"] == "MISS"
    assert "West Bogor District" in response.content.decode()
    assert _cached(client, _url(attraction))


def test_renaming_a_page_of_the_main_menu_purges_every_page(client, demo_site):
    tourism = TourismIndexPage.objects.get()
    news = NewsPage.objects.live().first()
    _prime(client, _url(news), "/en/services/")

    _publish(tourism, title_en="Visit Bogor")

    for url in (_url(news), "/en/services/"):
        response = client.get(url)
        assert response["X-Page-Cache"] == "MISS", url
        assert ">Visit Bogor</a>" in response.content.decode(), url  # the menu on every page


def test_unpublishing_purges_listings_and_search_but_not_the_rest(client, demo_site):
    attraction = AttractionPage.objects.live().exclude(
        pk__in=HomePage.objects.get().featured_pages.values("page")).order_by("path").last()
    other = AttractionPage.objects.live().exclude(pk=attraction.pk).first()
    search = f"/en/search/?q={attraction.title_en.split()[0]}"
    _prime(client, "/en/tourism/", _url(other), search, "/en/")

    attraction.unpublish()

    assert attraction.title_en not in client.get("/en/tourism/").content.decode()
    assert client.get(search)["X-Page-Cache"] == "MISS"
    assert _cached(client, _url(other)) and _cached(client, "/en/")


def test_a_unit_change_still_purges_everything(client, demo_site):
    attraction = AttractionPage.objects.live().first()
    _prime(client, _url(attraction), "/en/news/")
    unit = OrganisationUnit.objects.filter(kind=OrganisationUnit.Kind.KELURAHAN).first()
    unit.phone = "0251 8312345"
    unit.save()
    assert not _cached(client, _url(attraction)) and not _cached(client, "/en/news/")


def test_a_cached_page_is_served_compressed_to_those_who_accept_it(client, demo_site):
    plain = client.get("/en/tourism/")
    assert "Content-Encoding" not in plain
    hit = client.get("/en/tourism/", headers={"Accept-Encoding": "gzip, deflate, br"})
    assert hit["X-Page-Cache"] == "HIT" and hit["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in hit["Vary"] and "Cookie" in hit["Vary"]
    assert int(hit["Content-Length"]) == len(hit.content) < len(plain.content)
    assert gzip.decompress(hit.content) == plain.content
    # Without gzip, the same stored copy comes back as it was rendered.
    again = client.get("/en/tourism/")
    assert again["X-Page-Cache"] == "HIT" and "Content-Encoding" not in again
    assert again.content == plain.content
