"""A jubir who clicks "Submit for review" while the first autosave of a new page is still on its way
gets one page, not two.

Wagtail's autosave creates the page on its first save and only then points the form at the edit
view; a submit in that moment used to post to the create view again, leaving a second copy with a
"-2" slug (seen in CI when a jubir-like test clicked quickly). The autosave's answer is held back
here, after the server has already created the page, to make that moment last.
"""

import re
import secrets

import pytest

from .admin_session import admin_login

pytestmark = pytest.mark.browser

JUBIR = "fajar.hermawan"  # an editor: no two-step code needed

COUNT = """
from wagtail.models import Page
pages = Page.objects.filter(title_ind=%r)
print(pages.count(), sorted(p.workflow_in_progress for p in pages))
"""


def test_submit_during_the_first_autosave_makes_one_page(browser, live_site, live_manage):
    title = f"Posyandu keliling minggu ini {secrets.token_hex(3)}"
    context, page = admin_login(browser, live_site, JUBIR)
    with page.expect_navigation():
        page.get_by_role("link", name="Tulis berita").click()
    assert "/admin/pages/add/" in page.url

    held = []

    def hold_autosave(route):
        request = route.request
        if request.method == "POST" and "application/json" in (request.headers.get("accept") or ""):
            held.append((route, route.fetch()))  # the server has created the page; the browser waits
        else:
            route.continue_()

    page.route(re.compile(r".*/admin/pages/add/.*"), hold_autosave)

    page.wait_for_timeout(2500)  # the editor notes the blank form 2 s after loading; edits count after that
    page.fill("#id_title_ind", title)
    page.fill("#id_title_en", f"Mobile health post this week {title[-6:]}")
    page.fill("#id_intro_ind", "Posyandu keliling datang ke RW 05.")
    page.wait_for_function("() => document.getElementById('w-autosave-indicator')"
                           ".getAttribute('data-w-autosave-state-value') === 'saving'")
    page.wait_for_timeout(1500)  # past the autosave's own delay: its request is out
    assert len(held) == 1, "the first autosave did not go out"

    page.locator("footer .w-dropdown-button").get_by_role("button", name=re.compile("Tindakan lain")).click()
    page.locator('button[name="action-submit"]').click()
    page.wait_for_timeout(1000)
    assert "/admin/pages/add/" in page.url, "the submit did not wait for the autosave"

    route, response = held.pop()
    with page.expect_navigation():
        route.fulfill(response=response)
    page.unroute(re.compile(r".*/admin/pages/add/.*"))

    assert re.search(r"/admin/pages/\d+/edit/", page.url), page.url
    messages = page.locator(".messages li")
    messages.first.wait_for(state="visible")
    assert "dikirim untuk" in " ".join(messages.all_inner_texts()).lower()
    assert "sudah dipakai" not in " ".join(messages.all_inner_texts())
    count, in_review = live_manage("shell", "-c", COUNT % title).strip().splitlines()[-1].split(" ", 1)
    assert count == "1", f"{count} pages made from one form"
    assert in_review == "[True]"
    context.close()
