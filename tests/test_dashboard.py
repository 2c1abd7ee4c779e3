"""The jubir's dashboard leads straight to their unit's section and to writing a news item there."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import translation

from home.models import NewsIndexPage, UnitPage
from tests.factories import member, officer, site_tree


@pytest.fixture(autouse=True)
def site(db):
    """The page tree and a kelurahan's jubir (editor), with the section the roster would give them."""
    tree = site_tree()
    member("kel-paledang", "editor", username="rina.hidayat", email="rina.hidayat@kotabogor.go.id")
    return tree


def test_kelurahan_jubir_writes_news_from_the_dashboard(client, db):
    jubir = get_user_model().objects.get(email="rina.hidayat@kotabogor.go.id")  # Kelurahan Paledang
    section = UnitPage.objects.get(unit__code="kel-paledang")
    news = NewsIndexPage.objects.child_of(section).get()
    client.force_login(jubir)
    with translation.override("en"):
        response = client.get(reverse("wagtailadmin_home"))
    html = response.content.decode()
    assert reverse("wagtailadmin_pages:add", args=("home", "newspage", news.pk)) in html
    assert reverse("wagtailadmin_explore", args=(section.pk,)) in html
    # The link leads to a form the jubir may use.
    assert client.get(reverse("wagtailadmin_pages:add", args=("home", "newspage", news.pk))).status_code == 200


def test_no_section_panel_for_someone_without_a_unit(client, db, verified_login):
    admin = officer("admin")
    client = verified_login(admin)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert 'id="your-section"' not in html


def test_the_admin_speaks_indonesian_to_an_english_browser_until_the_person_chooses(client, db):
    from wagtail.users.models import UserProfile

    jubir = get_user_model().objects.get(email="rina.hidayat@kotabogor.go.id")
    english_browser = {"HTTP_ACCEPT_LANGUAGE": "en-US,en;q=0.9"}
    login_page = client.get("/admin/login/", **english_browser).content.decode()
    assert '<html lang="id"' in login_page
    client.force_login(jubir)
    assert "Tulis berita" in client.get(reverse("wagtailadmin_home"), **english_browser).content.decode()
    profile = UserProfile.get_for_user(jubir)
    profile.preferred_language = "en"
    profile.save()
    assert "Write a news item" in client.get(reverse("wagtailadmin_home"), **english_browser).content.decode()
    # The public site still follows the browser for `/`.
    assert client.get("/", **english_browser)["Location"].startswith("/en/")
