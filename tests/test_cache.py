import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from home.models import NewsPage, StandardPage
from tests.factories import about_page, news_item, officer, site_tree

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def site(db):
    tree = site_tree()
    about_page()
    for slug in ("festival-cap-go-meh", "perbaikan-jalan-pajajaran", "layanan-adminduk-hari-sabtu"):
        news_item(slug)
    return tree


def test_second_anonymous_view_is_served_from_cache_without_queries(client):
    assert client.get("/en/about-bogor/")["X-Page-Cache"] == "MISS"
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/en/about-bogor/")
    assert response["X-Page-Cache"] == "HIT"
    assert len(queries) == 0
    assert "About Bogor" in response.content.decode()


def test_languages_are_cached_separately(client):
    client.get("/id/tentang-bogor/")
    response = client.get("/en/about-bogor/")
    assert response["X-Page-Cache"] == "MISS"
    assert '<html lang="en">' in response.content.decode()


def test_publishing_purges_the_cache(client):
    client.get("/en/about-bogor/")
    page = StandardPage.objects.get(slug_ind="tentang-bogor")
    page.intro_en = "Bogor sits between two volcanoes."
    page.save_revision().publish()
    response = client.get("/en/about-bogor/")
    assert response["X-Page-Cache"] == "MISS"
    assert "Bogor sits between two volcanoes." in response.content.decode()


def test_unpublishing_and_moving_purge_the_cache(client):
    news = NewsPage.objects.get(slug_ind="festival-cap-go-meh")
    assert "Cap Go Meh" in client.get("/en/news/").content.decode()
    news.unpublish()
    assert "Cap Go Meh" not in client.get("/en/news/").content.decode()

    about = StandardPage.objects.get(slug_ind="tentang-bogor")
    client.get("/en/about-bogor/")
    about.move(NewsPage.objects.get(slug_ind="perbaikan-jalan-pajajaran").get_parent(), pos="last-child")
    moved = client.get("/en/about-bogor/")
    assert moved.status_code == 301  # no stale cached copy: Wagtail's redirect to the new place
    assert moved["Location"] == "/en/news/about-bogor/"


def test_logged_in_editors_are_never_served_or_stored_from_cache(client, django_user_model):
    client.get("/en/about-bogor/")  # primes the cache for anonymous visitors
    user = officer("admin")
    client.force_login(user)
    response = client.get("/en/about-bogor/")
    assert "X-Page-Cache" not in response
    client.logout()


def test_search_results_follow_publishing(client):
    first = client.get("/en/search/?q=saturdays")
    assert "Civil registry services now open on Saturdays" in first.content.decode()
    NewsPage.objects.get(slug_ind="layanan-adminduk-hari-sabtu").unpublish()
    assert "Civil registry services now open on Saturdays" not in client.get("/en/search/?q=saturdays").content.decode()


def _entries():
    from django.core.cache import cache

    return len(cache._cache)  # the test settings' LocMemCache


def test_junk_query_strings_add_no_cache_entries(client):
    assert client.get("/en/about-bogor/")["X-Page-Cache"] == "MISS"
    for url in ("/en/news/", "/en/tourism/"):  # each page's own entry and stamp, which junk must not multiply
        client.get(url)
    before = _entries()
    for i in range(100):
        junk = [f"/en/about-bogor/?utm_source=x{i}", f"/en/about-bogor/?{i}=&a[]={i}", f"/en/news/?page=x{i}",
                f"/en/news/?page={i + 1}&page=2", f"/en/tourism/?kind=rocket{i}"][i % 5]
        response = client.get(junk)
        assert response.status_code == 200
    assert _entries() == before
    # Tracking tags and the like are ignored: the page without them is served from the cache.
    response = client.get("/en/about-bogor/?utm_source=newsletter&fbclid=abc")
    assert response["X-Page-Cache"] == "HIT"


def test_a_page_first_asked_for_with_junk_is_not_stored_with_it(client):
    response = client.get("/en/about-bogor/?ref=%3Cscript%3E")
    assert "X-Page-Cache" not in response  # rendered for this request only
    assert client.get("/en/about-bogor/")["X-Page-Cache"] == "MISS"


def test_declared_listing_filters_are_still_cached_apart(client):
    assert client.get("/en/news/?page=1")["X-Page-Cache"] == "MISS"
    assert client.get("/en/news/?page=1&utm_medium=email")["X-Page-Cache"] == "HIT"
    assert client.get("/en/news/")["X-Page-Cache"] == "MISS"  # another page of the listing
    assert client.get("/en/tourism/?kind=museum")["X-Page-Cache"] == "MISS"
    assert client.get("/en/tourism/")["X-Page-Cache"] == "MISS"


def test_a_made_up_session_cookie_gets_the_cached_page(client):
    assert client.get("/en/about-bogor/")["X-Page-Cache"] == "MISS"
    for value in ("garbage", "x" * 32, "0123456789abcdefghijklmnopqrstuv"):
        client.cookies["sessionid"] = value
        response = client.get("/en/about-bogor/")
        assert response["X-Page-Cache"] == "HIT"
        assert "About Bogor" in response.content.decode()


def test_logged_in_editors_get_private_uncached_responses(client):
    user = officer("admin")
    client.force_login(user)
    response = client.get("/en/about-bogor/")
    assert response.status_code == 200 and "X-Page-Cache" not in response
    control = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"private", "no-cache"} <= control
    client.logout()
    # What the editor saw was not stored for visitors.
    assert client.get("/en/about-bogor/")["X-Page-Cache"] == "MISS"
