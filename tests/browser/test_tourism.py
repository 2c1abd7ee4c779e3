"""A visitor on a phone plans a museum visit; events and services pass axe-core."""

import re

import pytest

from .axe import serious_violations

pytestmark = pytest.mark.browser


def test_phone_visitor_filters_museums_and_reads_hours_and_prices(page, live_site):
    page.goto(f"{live_site}/en/tourism/")
    assert page.evaluate("document.documentElement.clientWidth") <= 390  # the phone-sized viewport
    page.get_by_label("Kind").select_option("museum")
    page.get_by_role("button", name="Show").click()
    page.wait_for_url(re.compile(r"/en/tourism/\?kind=museum"))
    cards = page.locator(".card-title a")
    titles = cards.all_inner_texts()
    assert "PETA Museum" in titles and "Bogor Zoology Museum" in titles and "Soil and Agriculture Museum" in titles
    assert "Bogor Botanic Gardens" not in titles and "Sempur Park" not in titles
    # Nothing on the page is wider than the phone.
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")

    page.get_by_role("link", name="PETA Museum").click()
    page.wait_for_url(f"{live_site}/en/tourism/peta-museum/")
    assert page.locator("h1").inner_text() == "PETA Museum"
    hours = page.locator("table.hours")
    assert hours.is_visible()
    assert hours.locator("tr", has_text="Monday").inner_text().split() == ["Monday", "08:00–14:00"]
    assert "Closed" in hours.locator("tr", has_text="Sunday").inner_text()
    assert re.search(r"(Open now · closes|Closed · opens)", page.locator(".status-line").first.inner_text())
    tickets = page.locator("table.tickets")
    tickets.scroll_into_view_if_needed()
    assert tickets.is_visible() and "IDR 10,000" in tickets.inner_text()
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")


def test_event_calendar_link_downloads_an_ics_file(page, live_site):
    page.goto(f"{live_site}/en/tourism/events/")
    page.get_by_role("link", name="Botanic Gardens Orchid Show").click()
    with page.expect_download() as download:
        page.get_by_role("link", name="Add to calendar (.ics)").click()
    assert download.value.suggested_filename == "orchid-show.ics"
    assert "BEGIN:VEVENT" in open(download.value.path(), encoding="utf-8").read()


@pytest.mark.parametrize("path", ["/en/tourism/?kind=museum", "/en/tourism/events/", "/en/tourism/events/orchid-show/",
                                  "/id/wisata/acara/?period=past", "/en/services/", "/en/services/electronic-id-card/",
                                  "/id/layanan/sambungan-baru-air-minum/", "/en/tourism/peta-museum/"])
def test_events_and_services_have_no_serious_accessibility_violations(page, live_site, path):
    page.goto(f"{live_site}{path}")
    assert serious_violations(page) == []
