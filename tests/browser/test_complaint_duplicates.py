"""A citizen finds the same problem already reported nearby and follows it instead."""

import re

import pytest

from .axe import serious_violations

pytestmark = pytest.mark.browser


def send_report(page, live_site, lat, lon):
    page.goto(f"{live_site}/en/complaints/")
    page.get_by_label("Blocked drain").check()
    page.get_by_label("Describe the problem").fill("The drain along the road is blocked and overflows when it rains.")
    page.get_by_label("Latitude").fill(lat)
    page.get_by_label("Longitude").fill(lon)
    page.get_by_label("Report anonymously").check()
    page.get_by_label("I have read the privacy notice").check()
    with page.expect_navigation():
        page.get_by_role("button", name=re.compile("Send report|send my report")).first.click()
    if "/submitted/" not in page.url:  # similar demo reports were offered first: this one is different
        with page.expect_navigation():
            page.get_by_role("button", name="My problem is different: send my report").click()
    page.wait_for_url(re.compile(r".*/en/complaints/submitted/[A-Z0-9]{10}/$"))
    return page.locator("#tracking-code").inner_text().strip()


# The desk screens (verifies) a report.
SCREEN = ("from django.contrib.auth import get_user_model; from complaints import workflow; "
          "from complaints.models import Complaint; desk = get_user_model().objects.get(username='desk'); "
          "workflow.apply(Complaint.objects.get(tracking_code='%s'), 'verify', desk)")


def test_citizen_sees_a_nearby_report_and_has_this_problem_too(browser, live_site, live_manage):
    reporter = browser.new_context(viewport={"width": 390, "height": 844}, locale="en-GB").new_page()
    code = send_report(reporter, live_site, "-6.612300", "106.771200")

    page = browser.new_context(viewport={"width": 390, "height": 844}, locale="en-GB").new_page()
    page.set_default_timeout(15000)
    page.goto(f"{live_site}/en/complaints/")
    page.get_by_label("Blocked drain").check()
    with page.expect_response(lambda response: "/similar/" in response.url) as answer:
        page.get_by_label("Latitude").fill("-6.613100")   # about 90 m further south
        page.get_by_label("Longitude").fill("106.771200")
        page.get_by_label("Longitude").press("Tab")
    # Not yet screened by the desk: neither the report nor its code is given to a stranger.
    assert code not in answer.value.text() and code not in page.locator("#similar-reports").inner_html()

    live_manage("shell", "-c", SCREEN % code)
    with page.expect_response(lambda response: "/similar/" in response.url):
        page.get_by_label("Longitude").fill("106.771300")  # a few metres east: the same ~100 m square
        page.get_by_label("Longitude").press("Tab")
    panel = page.locator("#similar-reports")
    panel.wait_for(state="visible")
    item = panel.locator("li", has_text=code)
    # A band between rounded points, never metres.
    assert "about 100–250 m away" in item.inner_text()
    assert not re.search(r"· \d+ m away", item.inner_text())
    assert page.locator('[data-role="similar-live"]').inner_text().startswith(("1 open", "2 open", "3 open",
                                                                              "4 open", "5 open"))
    assert serious_violations(page) == []

    page.get_by_label("E-mail").fill("neighbour@example.org")
    page.get_by_label("I have read the privacy notice").check()
    with page.expect_navigation():
        page.get_by_role("button", name=f"I have this problem too ({code})").click()
    assert page.get_by_role("heading", name="You have this problem too").is_visible()
    assert code in page.content()
    with page.expect_navigation():
        page.get_by_role("link", name="See the report").click()
    assert page.locator("#supporters").inner_text() == "1 more person has this problem too."
    assert "neighbour@example.org" not in page.content()


@pytest.mark.parametrize("path", ["/en/complaints/statistics/", "/id/pengaduan/statistik/"])
def test_figures_page_has_no_serious_accessibility_violations(page, live_site, path):
    page.goto(f"{live_site}{path}")
    assert page.locator("table.stats-table").count() >= 5
    assert serious_violations(page) == []
