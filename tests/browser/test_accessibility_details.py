"""What a screen-reader user, a keyboard user, a Windows contrast-theme user and a 320 px phone meet, checked in
Chromium; the map pins on a server that serves static files as production does (after collectstatic)."""

import json
import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


def new_page(browser, locale="en-GB", **options):
    context = browser.new_context(viewport=options.pop("viewport", PHONE), locale=locale, **options)
    page = context.new_page()
    page.set_default_timeout(15000)
    return page


def failed_requests(page):
    failed = []
    page.on("response", lambda r: failed.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    page.on("requestfailed", lambda r: failed.append(f"failed {r.url}"))
    return failed


def pin_loaded(page, selector=".leaflet-marker-icon"):
    pin = page.locator(selector).first
    pin.wait_for(state="attached")
    page.wait_for_function("(el) => el.complete", arg=pin.element_handle())
    return page.evaluate("(el) => el.naturalWidth", pin.element_handle())


# Map pins after collectstatic ------------------------------------------------------------------------------

@pytest.mark.parametrize("path", ["/en/tourism/bogor-botanic-gardens/", "/id/wisata/kebun-raya-bogor/"])
def test_attraction_pin_loads_from_hashed_static_files(browser, production_static_site, path):
    page = new_page(browser)
    failed = failed_requests(page)
    page.goto(f"{production_static_site}{path}")
    assert re.search(r"/static/vendor/leaflet/leaflet\.[0-9a-f]{12}\.js", page.content())  # production names
    assert pin_loaded(page) > 0
    assert pin_loaded(page, ".leaflet-marker-shadow") > 0
    page.wait_for_load_state("networkidle")
    assert failed == []
    pin = page.locator(".leaflet-marker-icon")
    # The pin does nothing: not a Tab stop, not announced as a button. The map itself has a name.
    assert pin.get_attribute("tabindex") is None and pin.get_attribute("role") is None
    assert page.locator("#attraction-map").get_attribute("aria-label")
    # Leaflet's controls speak the page's language (the titles come from the page's catalog).
    box = page.locator("#attraction-map")
    zoom_in = page.locator(".leaflet-control-zoom-in")
    assert zoom_in.get_attribute("title") == box.get_attribute("data-zoom-in")
    assert zoom_in.get_attribute("aria-label") == box.get_attribute("data-zoom-in")
    if path.startswith("/en/"):
        assert zoom_in.get_attribute("title") == "Zoom in"
    assert page.locator('.leaflet-control-attribution a[href="https://leafletjs.com"]').get_attribute("lang") == "en"


def test_citizens_pin_loads_from_hashed_static_files(browser, production_static_site):
    page = new_page(browser)
    failed = failed_requests(page)
    page.goto(f"{production_static_site}/id/pengaduan/")
    page.locator("#complaint-map").click(position={"x": 120, "y": 80})
    assert pin_loaded(page) > 0
    page.wait_for_load_state("networkidle")
    assert failed == []


# Errors tied to their fields, focus -----------------------------------------------------------------------

@pytest.mark.parametrize("lang,path,send", [("en", "/en/complaints/", "Send report"),
                                            ("id", "/id/pengaduan/", "Kirim laporan")])
def test_errors_are_in_the_accessibility_tree_and_summary_links_reach_the_control(browser, live_site, lang, path, send):
    page = new_page(browser)
    page.goto(f"{live_site}{path}")
    page.locator('textarea[name="description"]').fill("Banjir")
    page.locator('input[name="email"]').fill("bukan-alamat")
    with page.expect_navigation():
        page.get_by_role("button", name=send).click()
    assert page.evaluate("document.activeElement.id") == "error-summary"
    # Every aria-describedby on the page resolves to an element that exists.
    missing = page.evaluate("""() => [...document.querySelectorAll('[aria-describedby]')].flatMap(
        el => el.getAttribute('aria-describedby').split(/\\s+/).filter(id => !document.getElementById(id)))""")
    assert missing == []

    def error_of(name):  # the field's first error
        return page.locator(f"#id_{name}_error li").first.inner_text().strip()

    description = page.locator('textarea[name="description"]')
    expect(description).to_have_accessible_description(re.compile(re.escape(error_of("description"))))
    expect(page.locator('input[name="email"]')).to_have_accessible_description(re.compile(re.escape(error_of("email"))))
    expect(page.locator('input[name="consent"]')).to_have_accessible_description(error_of("consent"))
    expect(page.locator("fieldset.choices")).to_have_accessible_description(error_of("category"))
    anonymous = page.locator('input[name="anonymous"]')
    expect(anonymous).to_have_accessible_description(page.locator("#id_anonymous_helptext").inner_text().strip())
    assert page.locator("#id_anonymous_helptext").inner_text().strip()

    # A summary link lands on the control itself: typing goes into the field.
    page.locator("#error-summary a").filter(has_text=error_of("description")).click()
    assert page.evaluate("document.activeElement.name") == "description"
    page.locator("#error-summary a").filter(has_text=error_of("category")).click()
    assert page.evaluate("document.activeElement.name") == "category"


@pytest.mark.parametrize("path", ["/en/complaints/track/", "/id/pengaduan/lacak/"])
def test_tracking_form_error_is_summarised_focused_and_tied_to_the_field(browser, live_site, path):
    page = new_page(browser)
    # Sent empty (Chromium itself stops an empty required field; older browsers and assistive tools do not).
    page.goto(f"{live_site}{path}?code=")
    assert page.evaluate("document.activeElement.id") == "error-summary"
    code = page.locator('input[name="code"]')
    expect(code).to_have_accessible_description(re.compile(re.escape(page.locator("#id_code_error").inner_text().strip())))
    page.locator("#error-summary a").first.click()
    assert page.evaluate("document.activeElement.name") == "code"


# A kind of problem and a place no other browser test reports, so that this report is offered to no other test.
SIMILAR = {"category": "Street lighting", "lat": "-6.571500", "lon": "106.780200"}


def fill_street_light_report(page, live_site):
    page.goto(f"{live_site}/en/complaints/")
    page.get_by_label(SIMILAR["category"]).check()
    page.get_by_label("Describe the problem").fill("The street light at the corner has been dark for a week.")
    page.get_by_label("Latitude").fill(SIMILAR["lat"])
    page.get_by_label("Longitude").fill(SIMILAR["lon"])
    page.get_by_label("Report anonymously").check()
    page.get_by_label("I have read the privacy notice").check()


# An open, screened report made on the server (the browser tests' own reports count against the hourly limit per address).
OPEN_REPORT = (
    "from decimal import Decimal; from django.contrib.auth import get_user_model; from complaints import places, workflow; "
    "from complaints.models import Category; from tests.factories import ComplaintFactory; "
    "c = ComplaintFactory(category=Category.objects.get(name_en=%r), latitude=Decimal(%r), longitude=Decimal(%r), "
    "kelurahan=None, address='', email='', name='', description='The street light at the corner has been dark.'); "
    "places.fill_kelurahan(c); c.save(); workflow.apply(c, 'verify', get_user_model().objects.get(username='desk')); "
    "print(c.tracking_code)")


def test_similar_reports_step_takes_focus(browser, live_site, live_manage):
    code = live_manage("shell", "-c", OPEN_REPORT % (SIMILAR["category"], SIMILAR["lat"], SIMILAR["lon"])).split()[-1]

    page = new_page(browser)
    # The lookup while typing did not answer (a slow network): the server shows the step after "Send report".
    page.route(re.compile(r".*/similar/.*"), lambda route: route.abort())
    fill_street_light_report(page, live_site)
    with page.expect_navigation():
        page.get_by_role("button", name="Send report").click()
    notice = page.locator("#similar-notice")
    assert notice.is_visible()
    assert page.evaluate("document.activeElement.id") == "similar-notice"
    assert code in page.locator("#similar-reports").inner_text()


@pytest.mark.parametrize("path", ["/en/complaints/", "/id/pengaduan/"])
def test_use_my_location_says_what_happened(browser, live_site, path):
    page = new_page(browser, permissions=["geolocation"], geolocation={"latitude": -6.5971, "longitude": 106.806})
    page.goto(f"{live_site}{path}")
    form = page.locator("#complaint-form")
    status = page.locator('[data-role="location-status"]')
    page.locator('[data-action="locate"]').click()
    expect(status).not_to_have_text("")
    assert "✓" not in status.inner_text()
    expect(status).to_contain_text(form.get_attribute("data-located"))
    assert status.get_attribute("role") == "status"  # a live region present before its text changes
    assert page.locator('input[name="latitude"]').input_value() == "-6.597100"

    denied = new_page(browser)  # no permission: the browser refuses
    denied.goto(f"{live_site}{path}")
    denied.locator('[data-action="locate"]').click()
    failed = denied.locator("#complaint-form").get_attribute("data-location-failed").split("{reason}")[0]
    expect(denied.locator('[data-role="location-status"]')).to_contain_text(failed)
    assert "✗" not in denied.locator('[data-role="location-status"]').inner_text()


# Windows contrast themes ----------------------------------------------------------------------------------

@pytest.mark.parametrize("path", ["/en/complaints/", "/id/pengaduan/"])
def test_buttons_keep_their_edges_in_contrast_themes(browser, live_site, path):
    page = new_page(browser)
    page.emulate_media(forced_colors="active")
    page.goto(f"{live_site}{path}")
    for button in (page.locator("button.button-report"), page.locator(".search-form button")):
        style = button.evaluate("(el) => { const s = getComputedStyle(el); return [s.borderTopStyle, s.borderTopWidth]; }")
        assert style[0] != "none" and float(style[1].rstrip("px")) >= 1, style


# No sideways scrolling at 320 px ---------------------------------------------------------------------------

URLS = """
import json
from django.utils import translation
from complaints.models import Complaint
from home.models import HomePage, NewsIndexPage, NewsPage, ServicePage, UnitPage
from tourism.models import AttractionPage, EventPage, TourismIndexPage
complaint = Complaint.objects.filter(due_at__isnull=False, merged_into=None, confidential=False).first()
units = sorted(UnitPage.objects.live().select_related("unit"),
               key=lambda p: -len(getattr(p.unit, "website", "") or ""))[:3]
out = {}
for lang in ("id", "en"):
    with translation.override(lang):
        pages = [HomePage.objects.live().first(), TourismIndexPage.objects.live().first(),
                 NewsIndexPage.objects.live().first(), NewsPage.objects.live().first(),
                 EventPage.objects.live().first(), ServicePage.objects.live().first()]
        pages += list(AttractionPage.objects.live()) + units
        out[lang] = [p.specific.get_url() for p in pages]
print(json.dumps({"pages": out, "code": complaint.tracking_code}))
"""


@pytest.fixture(scope="module")
def every_page_type(live_manage):
    found = json.loads(live_manage("shell", "-c", URLS).strip().splitlines()[-1])
    code = found["code"]
    return {
        "id": found["pages"]["id"] + ["/id/pengaduan/", f"/id/pengaduan/lacak/{code}/", "/id/pengaduan/statistik/",
                                      "/id/cari/?q=museum"],
        "en": found["pages"]["en"] + ["/en/complaints/", f"/en/complaints/track/{code}/", "/en/complaints/statistics/",
                                      "/en/search/?q=museum"],
    }


@pytest.mark.parametrize("lang", ["id", "en"])
def test_no_sideways_scrolling_at_320_px(browser, live_site, every_page_type, lang):
    page = new_page(browser, locale="id-ID" if lang == "id" else "en-GB", viewport={"width": 320, "height": 640})
    page.set_default_timeout(60000)
    too_wide = []
    for path in every_page_type[lang]:
        assert path.startswith(f"/{lang}/"), path
        response = page.goto(f"{live_site}{path}")
        assert response.status < 400, path
        page.wait_for_load_state("load")
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > 320:
            too_wide.append((path, width))
    assert too_wide == []
