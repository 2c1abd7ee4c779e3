"""The jubir's dashboard leads straight to their unit's section and to writing a news item there."""

from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import translation

from home.models import NewsIndexPage, UnitPage


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
    admin = get_user_model().objects.get(username="admin")
    client = verified_login(admin)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert 'id="your-section"' not in html
