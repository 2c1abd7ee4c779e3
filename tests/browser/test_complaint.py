import re

import pytest
from PIL import Image

from .axe import serious_violations

pytestmark = pytest.mark.browser


def photo_file(tmp_path):
    path = tmp_path / "drain.jpg"
    image = Image.new("RGB", (1024, 768), (90, 120, 60))
    image.save(path, "JPEG")
    return path


def test_citizen_reports_in_english_with_a_photo_and_tracks_it(page, live_site, tmp_path):
    page.goto(f"{live_site}/en/complaints/")
    page.get_by_label("Blocked drain").check()
    page.get_by_label("Describe the problem").fill("The drain in front of the mosque is blocked and the street floods.")
    page.get_by_label("Kelurahan").select_option(label="Tegallega")
    page.get_by_label("Address or landmark").fill("Jl. Pajajaran, in front of Masjid Raya")
    page.get_by_label("Photos (up to 3)").set_input_files(str(photo_file(tmp_path)))
    assert page.locator(".photo-previews img").count() == 1  # the JavaScript preview
    page.get_by_label("E-mail").fill("visitor@example.org")
    page.get_by_label("I have read the privacy notice").check()
    page.get_by_role("button", name="Send report").click()

    page.wait_for_url(re.compile(r".*/en/complaints/submitted/[A-Z0-9]{10}/$"))
    code = page.locator("#tracking-code").inner_text().strip()
    assert re.fullmatch(r"[A-Z0-9]{10}", code)

    with page.expect_navigation():
        page.get_by_role("link", name="Follow your report").click()
    page.wait_for_url(f"{live_site}/en/complaints/track/{code}/")
    assert page.locator("#complaint-status").inner_text() == "Awaiting verification"
    assert page.locator(".photos img").count() == 1
    # The photo really loads (it is lazy-loaded: bring it into view and wait for it, not for a fixed time).
    page.locator(".photos img").scroll_into_view_if_needed()
    page.wait_for_function(
        "() => { const i = document.querySelector('.photos img'); return i.complete && i.naturalWidth > 0; }")
    assert "visitor@example.org" not in page.content()

    # Someone else looks the report up by its code, typed in lower case with a space.
    page.goto(f"{live_site}/en/complaints/track/")
    page.get_by_label("Tracking code").fill(code[:5].lower() + " " + code[5:].lower())
    page.get_by_role("button", name="Track").click()
    page.wait_for_url(f"{live_site}/en/complaints/track/{code}/")


def test_errors_keep_what_was_typed_in_indonesian(page, live_site):
    page.goto(f"{live_site}/id/pengaduan/")
    page.locator('textarea[name="description"]').fill("Banjir")
    page.locator('input[name="address"]').fill("Gang Mawar")
    with page.expect_navigation():
        page.get_by_role("button", name="Kirim laporan").click()
    assert page.locator("#error-summary").is_visible()
    assert page.evaluate("document.activeElement.id") == "error-summary"
    assert page.locator('textarea[name="description"]').input_value() == "Banjir"
    assert page.locator('input[name="address"]').input_value() == "Gang Mawar"
    assert "Tulis paling sedikit 10 karakter" in page.content()


@pytest.mark.parametrize(
    "path", ["/en/complaints/", "/id/pengaduan/", "/en/complaints/track/", "/id/pengaduan/lacak/ABCDEFGHJK/"])
def test_complaint_pages_have_no_serious_accessibility_violations(page, live_site, path):
    page.goto(f"{live_site}{path}")
    assert serious_violations(page) == []


def test_tracking_page_of_a_demo_report_has_no_serious_violations(page, live_site):
    page.goto(f"{live_site}/en/complaints/")
    page.get_by_label("Rubbish and cleanliness").check()
    page.get_by_label("Describe the problem").fill("Rubbish piled up next to the market for three days.")
    page.get_by_label("Address or landmark").fill("Pasar Bogor")
    page.get_by_label("Report anonymously").check()
    page.get_by_label("I have read the privacy notice").check()
    page.get_by_role("button", name="Send report").click()
    page.wait_for_url(re.compile(r".*/submitted/[A-Z0-9]{10}/$"))
    with page.expect_navigation():
        page.get_by_role("link", name="Follow your report").click()
    assert serious_violations(page) == []


def test_map_pin_fills_the_coordinates(page, live_site):
    page.goto(f"{live_site}/en/complaints/")
    box = page.locator("#complaint-map")
    assert box.is_visible()
    box.click(position={"x": 120, "y": 80})
    lat = float(page.locator('input[name="latitude"]').input_value())
    lng = float(page.locator('input[name="longitude"]').input_value())
    assert -6.7 < lat < -6.5 and 106.7 < lng < 106.9  # somewhere in Kota Bogor
    assert page.locator(".leaflet-marker-icon").count() == 1
