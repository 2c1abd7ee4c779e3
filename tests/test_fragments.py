"""Pages rendered without the page cache reuse fragments and listing data, and still show every change at once.

The page cache is off here (PAGE_CACHE_SECONDS=0): each request renders, as the first one after a publish does.
"""

import datetime

import pytest
from django.utils import timezone

from cms.models import OrganisationUnit
from home.models import HomePage, UnitPage
from tourism.models import AttractionPage, EventPage, TicketPrice

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def no_page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 0


def _html(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    assert "X-Page-Cache" not in response
    return response.content.decode()


def _featured():
    return HomePage.objects.get().featured_pages.first().page.specific


def test_a_published_title_shows_on_every_card_and_the_page_at_once(client, demo_site):
    attraction = _featured()
    for url in ("/en/", "/en/tourism/", attraction.localized_url("en")):
        _html(client, url)  # fragments and listings kept
    attraction.title_en = "Bogor Botanic Gardens, 1817"
    attraction.save_revision().publish()
    for url in ("/en/", "/en/tourism/", attraction.localized_url("en")):
        assert "Bogor Botanic Gardens, 1817" in _html(client, url), url


def test_a_new_ticket_price_and_a_renamed_managing_unit_show_on_the_attraction(client, demo_site):
    attraction = AttractionPage.objects.live().filter(managing_unit__isnull=False).first()
    url = attraction.localized_url("en")
    _html(client, url)
    TicketPrice.objects.filter(page=attraction).delete()
    attraction.tickets.add(TicketPrice(visitor="foreign", age="adult", days="all", price=123000))
    attraction.save_revision().publish()
    assert "IDR 123,000" in _html(client, url)

    unit = attraction.managing_unit
    unit.name_en = "Bogor Heritage Office"
    unit.save()
    assert "Bogor Heritage Office" in _html(client, url)


def test_a_new_alt_text_reaches_the_cached_pictures(client, demo_site):
    attraction = _featured()
    before = _html(client, "/en/tourism/")
    image = attraction.image
    image.alt_text_en = "Gunting Lake at dawn"
    image.save()
    assert "Gunting Lake at dawn" not in before
    assert 'alt="Gunting Lake at dawn"' in _html(client, "/en/tourism/")
    assert 'alt="Gunting Lake at dawn"' in _html(client, "/en/")


def test_a_renamed_ancestor_shows_in_the_breadcrumbs_below(client, demo_site):
    kelurahan = UnitPage.objects.live().filter(unit__kind=OrganisationUnit.Kind.KELURAHAN).first()
    url = kelurahan.localized_url("en")
    _html(client, url)
    kecamatan = kelurahan.get_parent().specific
    kecamatan.title_en = "Central Bogor District"
    kecamatan.save_revision().publish()
    html = _html(client, url)
    assert "Central Bogor District" in html.split('class="breadcrumbs')[1].split("</nav>")[0]
    assert '"name": "Central Bogor District"' in html  # the breadcrumb JSON-LD


def test_an_event_that_ends_leaves_the_upcoming_list_without_a_publish(client, demo_site, monkeypatch):
    event = EventPage.objects.live().filter(start__gt=timezone.now()).order_by("start").first()
    assert event.title_en in _html(client, "/en/tourism/events/")
    assert event.title_en in _html(client, "/en/tourism/")
    later = (event.end or event.start) + datetime.timedelta(days=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    assert event.title_en not in _html(client, "/en/tourism/events/")
    assert event.title_en not in _html(client, "/en/tourism/").split('id="events-h"')[1]


def test_a_renamed_leaf_page_is_routed_afresh(client, demo_site):
    attraction = AttractionPage.objects.live().exclude(pk=_featured().pk).first()
    old = attraction.localized_url("en")
    _html(client, old)  # its route remembered
    attraction.slug_en = "a-new-address"
    attraction.save_revision().publish()
    assert client.get(old).status_code in (301, 302, 404)
    assert attraction.title_en in _html(client, "/en/tourism/a-new-address/")


def test_a_preview_shows_the_draft_not_the_kept_fragments(client, demo_site):
    attraction = _featured()
    _html(client, "/en/tourism/")
    _html(client, attraction.localized_url("en"))
    attraction.title_en = "Draft title of the gardens"
    attraction.tickets.add(TicketPrice(visitor="foreign", age="adult", days="all", price=456000))
    attraction.save_revision()  # a draft, not published
    preview = attraction.get_latest_revision_as_object().make_preview_request(preview_mode="en")
    assert "Draft title of the gardens" in preview.content.decode()
    assert "IDR 456,000" in preview.content.decode()
    assert "Draft title of the gardens" not in _html(client, attraction.localized_url("en"))


def test_a_renamed_upcoming_event_shows_in_the_tourism_page_teaser(client, demo_site):
    event = EventPage.objects.live().filter(start__gt=timezone.now()).order_by("start").first()
    assert event.title_en in _html(client, "/en/tourism/").split('id="events-h"')[1]
    event.title_en = "Cap Go Meh street parade, new route"
    event.save_revision().publish()
    for url in ("/en/tourism/", "/en/tourism/events/"):
        assert "Cap Go Meh street parade, new route" in _html(client, url), url
