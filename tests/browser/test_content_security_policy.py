"""The site works under its Content-Security-Policy: visitors, the complaint form and editors in the admin.

Every browser test fails on a policy violation (conftest.py's _no_csp_violations); these walk the pages the
policy could break (maps, the form's pin and location, the admin's editor, chooser and preview) and check that
the watch itself sees a violation when one happens."""

import re

import pytest

from .admin_session import admin_login
from .conftest import CSP_VIOLATIONS
from .test_complaint import photo_file

pytestmark = pytest.mark.browser

ATTRACTION = """
from django.utils import translation
from tourism.models import AttractionPage
page = AttractionPage.objects.get(slug_ind="kebun-raya-bogor")
with translation.override("en"):
    print(page.pk, page.url)
"""


def console_errors(page):
    errors = []
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    page.on("pageerror", lambda e: errors.append(str(e)))
    return errors


def test_the_watch_sees_a_violation(page, live_site):
    response = page.goto(f"{live_site}/en/")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    page.evaluate("""() => { const s = document.createElement("script"); s.textContent = "window.ran = 1";
                             document.body.append(s); }""")
    page.wait_for_function("() => true")  # let the report come back
    page.wait_for_timeout(200)
    assert page.evaluate("window.ran") is None
    assert "script-src-elem" in [v.get("directive") for v in CSP_VIOLATIONS]
    CSP_VIOLATIONS.clear()


def test_visitor_maps_and_complaint_form_under_the_policy(page, live_site, live_manage, tmp_path):
    errors = console_errors(page)
    page.context.grant_permissions(["geolocation"], origin=live_site)
    page.context.set_geolocation({"latitude": -6.5950, "longitude": 106.8000})

    response = page.goto(f"{live_site}/en/")
    assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
    assert "geolocation=(self)" in response.headers["permissions-policy"]

    # An attraction's map: tiles and the pin load.
    _pk, url = live_manage("shell", "-c", ATTRACTION).split()[-2:]
    page.goto(f"{live_site}{url}")
    page.locator("#attraction-map .leaflet-tile-loaded").first.wait_for()
    page.locator("#attraction-map .leaflet-marker-icon").wait_for()

    # The figures, drawn without style attributes.
    page.goto(f"{live_site}/en/complaints/statistics/")
    page.locator("svg.bar rect").first.wait_for(state="attached")

    # The complaint form: the pin on the map, then "Use my location", then send.
    page.goto(f"{live_site}/en/complaints/")
    page.get_by_label("Blocked drain").check()
    page.get_by_label("Describe the problem").fill("The drain beside the school overflows every afternoon it rains.")
    page.get_by_label("Address or landmark").fill("Jl. Paledang, beside the primary school")
    page.locator("#complaint-map .leaflet-tile-loaded").first.wait_for()
    page.locator("#complaint-map").click()
    page.locator("#complaint-map .leaflet-marker-icon").wait_for()
    pinned = page.locator('input[name="latitude"]').input_value()
    assert pinned
    page.get_by_label("Photos (up to 3)").set_input_files(str(photo_file(tmp_path)))
    page.wait_for_function(
        "() => { const i = document.querySelector('.photo-previews img'); return i && i.complete && i.naturalWidth > 0; }")
    page.locator('[data-action="locate"]').click()
    page.wait_for_function("() => document.querySelector('input[name=latitude]').value.startsWith('-6.595')")
    page.get_by_label("Report anonymously").check()
    page.get_by_label("I have read the privacy notice").check()
    page.get_by_role("button", name="Send report").click()
    page.wait_for_url(re.compile(r".*/en/complaints/submitted/[A-Z0-9]{10}/$"))
    assert errors == []


def test_editor_edits_chooses_an_image_previews_and_publishes_under_the_admin_policy(browser, live_site, live_manage):
    context, page = admin_login(browser, live_site, "admin")
    errors = console_errors(page)
    pk, url = live_manage("shell", "-c", ATTRACTION).split()[-2:]
    response = page.goto(f"{live_site}/admin/pages/{pk}/edit/")
    csp = response.headers["content-security-policy"]
    assert "script-src 'self' 'unsafe-inline'" in csp and "unsafe-eval" not in csp

    # The opening hours' inline panel (Wagtail's inline script) adds a row.
    page.locator("#id_hours-ADD").click()
    page.locator("#id_hours-0-opens, [id$='-opens']").last.wait_for()
    page.locator("[id^='id_hours-'][id$='-DELETE-button'], #id_hours-0-DELETE-button").last.click()

    # The image chooser (on its tab): open it, pick the first image.
    panel = page.locator('[role="tabpanel"]:has(#id_image-chooser)')
    if panel.count():
        page.locator(f'[role="tab"][aria-controls="{panel.get_attribute("id")}"]').click()
    chooser = page.locator("#id_image-chooser")
    chooser.scroll_into_view_if_needed()
    if chooser.locator(".chosen [aria-label]").first.is_visible():  # already chosen: "choose another" is in its menu
        chooser.locator(".chosen [aria-label]").first.click()
        chooser.locator(".chosen [data-chooser-action-choose]").click()
    else:
        chooser.locator("button[data-chooser-action-choose]:visible").first.click()
    modal = page.locator(".modal-dialog")
    modal.locator("a[data-chooser-modal-choice]").first.click()
    modal.wait_for(state="hidden")

    # The preview panel frames the admin's own preview of the page.
    page.locator('[data-side-panel-toggle="preview"]').first.click()
    preview = page.frame_locator("iframe[id='w-preview-iframe'], .preview-panel iframe").first
    preview.locator("#attraction-map .leaflet-tile-loaded").first.wait_for()

    # Publish (from the footer's menu).
    page.locator("footer .w-dropdown-button, footer [data-w-dropdown-target='toggle']").last.click()
    with page.expect_navigation():
        page.locator('button[name="action-publish"]').click()
    assert "/edit/" not in page.url
    page.locator(".messages .success").first.wait_for()

    # The editor sees the public page with Wagtail's user bar (and its accessibility checker), under the strict policy.
    page.goto(f"{live_site}{url}")
    page.locator("wagtail-userbar, [data-wagtail-userbar]").first.wait_for(state="attached")
    page.wait_for_timeout(1500)  # the checker runs a moment after load
    assert errors == []
    context.close()
