import pytest

from .axe import serious_violations

pytestmark = pytest.mark.browser


def test_language_switcher_round_trip(page, live_site):
    page.goto(f"{live_site}/en/")
    assert page.locator("html").get_attribute("lang") == "en"
    page.goto(f"{live_site}/en/tourism/bogor-botanic-gardens/")
    assert page.locator("h1").inner_text() == "Bogor Botanic Gardens"

    page.locator('.lang-switch a[data-lang="id"]').click()
    page.wait_for_url(f"{live_site}/id/wisata/kebun-raya-bogor/")
    assert page.locator("html").get_attribute("lang") == "id"
    assert page.locator("h1").inner_text() == "Kebun Raya Bogor"

    page.locator('.lang-switch a[data-lang="en"]').click()
    page.wait_for_url(f"{live_site}/en/tourism/bogor-botanic-gardens/")
    assert page.locator("h1").inner_text() == "Bogor Botanic Gardens"


def test_home_switcher_and_root_redirect_follow_the_browser_language(page, live_site):
    page.goto(f"{live_site}/")  # the context asks for en-GB
    assert page.url == f"{live_site}/en/"
    page.locator('.lang-switch a[data-lang="id"]').click()
    page.wait_for_url(f"{live_site}/id/")
    assert "Selamat datang di Kota Bogor" in page.locator("h1").inner_text()


def test_skip_link_is_first_and_moves_focus_to_main(page, live_site):
    page.goto(f"{live_site}/en/about-bogor/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Skip to main content"
    assert page.locator(".skip-link").is_visible()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


@pytest.mark.parametrize("path", ["/en/", "/id/", "/en/about-bogor/", "/en/tourism/", "/en/tourism/bogor-botanic-gardens/",
                                  "/id/wilayah/", "/id/berita/", "/en/search/?q=bogor"])
def test_no_serious_accessibility_violations(page, live_site, path):
    page.goto(f"{live_site}{path}")
    assert serious_violations(page) == []
