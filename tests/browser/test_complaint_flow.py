"""The whole path of a pothole report: citizen, complaint desk, Dinas PUPR, citizen again."""

import re

import pytest

from .admin_session import admin_login

pytestmark = pytest.mark.browser


def login(browser, live_site, username):
    context, page = admin_login(browser, live_site, username)
    page.wait_for_url(re.compile(r".*/admin/$"))
    return context, page


def status_on_tracking_page(page, url):
    page.goto(url)
    return page.locator("#complaint-status").inner_text().strip()


def test_pothole_from_report_to_resolution(browser, page, live_site):
    # The citizen reports a pothole, anonymously (so the desk screens it).
    page.goto(f"{live_site}/en/complaints/")
    page.get_by_label("Road damage or pothole").check()
    page.get_by_label("Describe the problem").fill("Deep pothole in the middle of the road; two motorbikes fell this week.")
    page.get_by_label("Address or landmark").fill("Jl. Pandu Raya, near the bakery")
    page.get_by_label("Report anonymously").check()
    page.get_by_label("I have read the privacy notice").check()
    page.get_by_role("button", name="Send report").click()
    page.wait_for_url(re.compile(r".*/submitted/[A-Z0-9]{10}/$"))
    code = page.locator("#tracking-code").inner_text().strip()
    track = f"{live_site}/en/complaints/track/{code}/"
    assert status_on_tracking_page(page, track) == "Received"

    # The desk verifies it and sends it to Dinas PUPR, the unit the rules suggest.
    desk_context, desk = login(browser, live_site, "desk")
    desk.goto(f"{live_site}/admin/complaints/inbox/?q={code}")
    with desk.expect_navigation():
        desk.get_by_role("link", name=code).click()
    assert "Dinas Pekerjaan Umum" in desk.content()  # the suggestion
    with desk.expect_navigation():
        desk.locator('button[name="action"][value="verify"]').click()
    with desk.expect_navigation():
        desk.locator('button[name="action"][value="dispatch"]').click()
    assert "Dinas Pekerjaan Umum dan Penataan Ruang" in desk.locator("#complaint-facts").inner_text()
    desk_context.close()
    assert status_on_tracking_page(page, track) == "Sent to the responsible unit"
    assert "Public Works and Spatial Planning Agency" in page.content()

    # The PUPR liaison answers, then resolves.
    pupr_context, pupr = login(browser, live_site, "pupr")
    pupr.goto(f"{live_site}/admin/complaints/inbox/")
    with pupr.expect_navigation():
        pupr.get_by_role("link", name=code).click()
    pupr.fill("#id_public_message", "Our crew will patch it on Thursday night.")
    with pupr.expect_navigation():
        pupr.locator('button[name="action"][value="respond"]').click()
    assert status_on_tracking_page(page, track) == "In progress"
    assert "Our crew will patch it on Thursday night." in page.content()

    pupr.goto(f"{live_site}/admin/complaints/inbox/?q={code}")
    with pupr.expect_navigation():
        pupr.get_by_role("link", name=code).click()
    pupr.fill("#id_public_message", "The pothole has been patched.")
    with pupr.expect_navigation():
        pupr.locator('button[name="action"][value="resolve"]').click()
    pupr_context.close()
    assert status_on_tracking_page(page, track) == "Resolved"
    timeline = page.locator(".timeline").inner_text()
    for step in ("Received", "Verified", "Sent to the responsible unit", "In progress", "Resolved",
                 "The pothole has been patched."):
        assert step in timeline


def test_dishub_cannot_open_a_pupr_report(browser, live_site):
    context, page = login(browser, live_site, "pupr")
    page.goto(f"{live_site}/admin/complaints/inbox/")
    first = page.locator("table.listing tbody a").first
    href = first.get_attribute("href")
    context.close()
    context, page = login(browser, live_site, "dishub")
    response = page.goto(f"{live_site}{href}")
    assert response.status in (403, 404)
    context.close()
