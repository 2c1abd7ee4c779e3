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
