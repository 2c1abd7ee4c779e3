"""The admin in Indonesian: walk the screens of an editor's, a reviewer's, a translator's and a
complaint officer's daily work in Chromium with an Indonesian locale, and list every English string
left outside user content (see english.py for how a string is judged).

The list is printed; the test fails while it is not empty, naming each string and its screen.
"""

import json

import pytest

from .admin_session import admin_login
from .english import english_on

pytestmark = pytest.mark.browser

EDITOR = "rina.hidayat"  # jubir of Kelurahan Paledang
REVIEWER = "indah.maulana"  # reviewer of Kecamatan Bogor Tengah
TRANSLATOR = "hendra.rahmawati"
DISPARBUD_JUBIR = "indah.pratama"
DISPARBUD_REVIEWER = "budi.anggraini"
DESK = "desk"

FACTS = """
import json
from django.contrib.auth import get_user_model
from wagtail.models import Page
from cms.models import OrganisationUnit
from home.models import NewsPage, UnitPage
from tourism.models import TourismIndexPage
section = UnitPage.objects.get(unit__code="kel-paledang")
news = NewsPage.objects.live().first()
image = __import__("wagtail.images", fromlist=["get_image_model"]).get_image_model().objects.first()
print(json.dumps({"section": section.pk, "news": news.pk, "news_parent": news.get_parent().pk,
                  "image": image.pk if image else None, "tourism": TourismIndexPage.objects.get().pk}))
"""


class Walk:
    def __init__(self, live_site):
        self.live_site = live_site
        self.found = {}

    def check(self, page, screen):
        page.wait_for_load_state("networkidle")
        for kind, text in english_on(page):
            if (kind, text) not in self.found:
                print(f"{screen}: {kind} {text!r}")
            self.found.setdefault((kind, text), screen)

    def visit(self, page, path, screen):
        response = page.goto(f"{self.live_site}{path}")
        assert response.status < 400, (screen, path, response.status)
        self.check(page, screen)

    def report(self):
        return [f"{kind:7} {text!r}  ({screen})" for (kind, text), screen in sorted(self.found.items())]


@pytest.fixture(scope="module")
def facts(live_manage):
    return json.loads(live_manage("shell", "-c", FACTS).strip().splitlines()[-1])


def test_daily_screens_have_no_english_left(browser, live_site, facts):
    walk = Walk(live_site)

    # The kelurahan jubir: dashboard, explorer, editor (tabs, side panels, choosers, validation),
    # images and documents, snippets, account, search.
    context, page = admin_login(browser, live_site, EDITOR)
    walk.visit(page, "/admin/", "dashboard")
    walk.visit(page, f"/admin/pages/{facts['section']}/", "page explorer")
    walk.visit(page, f"/admin/pages/{facts['section']}/edit/", "page editor")
    for tab in page.locator('[role="tab"]').all():
        tab.click()
        walk.check(page, "page editor tabs")
    page.locator('[data-side-panel-toggle="status"]').first.click()
    walk.check(page, "status side panel")
    if page.locator('[data-side-panel-toggle="comments"]').count():
        page.locator('[data-side-panel-toggle="comments"]').first.click()
        walk.check(page, "comments")
    page.locator("footer .dropdown-toggle, [data-w-dropdown-target='toggle']").last.click()
    walk.check(page, "workflow actions")
    walk.visit(page, f"/admin/pages/add/home/newspage/{facts['news_parent']}/", "new page")
    page.locator("#id_image-chooser button[data-chooser-action-choose]:visible").click()
    page.locator(".modal-dialog").first.wait_for()
    walk.check(page, "image chooser")
    page.locator(".modal-dialog #tab-label-upload").click()
    walk.check(page, "image chooser upload")
    page.keyboard.press("Escape")
    page.locator('button[name="action-submit"], button[type="submit"]').first.click()
    page.wait_for_load_state()
    walk.check(page, "validation errors")
    walk.visit(page, f"/admin/pages/{facts['section']}/history/", "page history")
    walk.visit(page, "/admin/images/", "image library")
    walk.visit(page, "/admin/images/multiple/add/", "image upload")
    walk.visit(page, "/admin/documents/", "document library")
    walk.visit(page, "/admin/documents/multiple/add/", "document upload")
    walk.visit(page, "/admin/snippets/", "snippets")
    walk.visit(page, "/admin/account/", "account")
    walk.visit(page, "/admin/pages/search/?q=bogor", "search")
    context.close()

    # The tourism office's jubir: an attraction's editor with its hours, prices and the unit chooser.
    context, page = admin_login(browser, live_site, DISPARBUD_JUBIR)
    walk.visit(page, f"/admin/pages/add/tourism/attractionpage/{facts['tourism']}/", "attraction editor")
    for inline in ("hours", "exceptions", "tickets"):
        page.locator(f"#id_{inline}-ADD").click()
    walk.check(page, "attraction hours and prices")
    # The unit is proposed (the jubir's own): its actions menu, then "choose another".
    page.locator('#id_managing_unit-chooser [data-w-dropdown-target="toggle"]').click()
    walk.check(page, "chosen unit actions")
    page.locator("#id_managing_unit-chooser [data-chooser-action-choose]:visible").first.click()
    page.locator(".modal-dialog").first.wait_for()
    walk.check(page, "unit chooser")
    page.keyboard.press("Escape")
    context.close()

    # The tourism office's reviewer: a submission waiting, and the "request changes" dialog.
    context, page = admin_login(browser, live_site, DISPARBUD_REVIEWER, on_screen=walk.check)
    walk.visit(page, "/admin/", "reviewer dashboard")
    page.locator("[id^='awaiting-review'] a[href*='/edit/']").first.click()
    page.wait_for_load_state()
    walk.check(page, "page in review")
    page.locator("footer .w-dropdown-button button:has(.w-sr-only)").first.click()
    page.locator('button[data-workflow-action-name="reject"]').click()
    page.locator(".modal-dialog").first.wait_for()
    walk.check(page, "request changes dialog")
    context.close()

    # The kecamatan reviewer: the dashboard with work to review, and reports.
    context, page = admin_login(browser, live_site, REVIEWER, on_screen=walk.check)
    walk.visit(page, "/admin/", "reviewer dashboard")
    walk.visit(page, "/admin/reports/aging-pages/", "aging pages report")
    walk.visit(page, "/admin/reports/locked/", "locked pages report")
    walk.visit(page, f"/admin/pages/{facts['news']}/edit/", "reviewer page editor")
    context.close()

    # The translator: the English report and a page side by side.
    context, page = admin_login(browser, live_site, TRANSLATOR, on_screen=walk.check)
    walk.visit(page, "/admin/", "translator dashboard")
    walk.visit(page, "/admin/english/", "English translations report")
    first = page.locator("table a[href*='/review/']").first
    if first.count():
        first.click()
        page.wait_for_load_state()
        walk.check(page, "translation review")
    context.close()

    # The complaint desk: inbox, a report, figures.
    context, page = admin_login(browser, live_site, DESK, on_screen=walk.check)
    walk.visit(page, "/admin/complaints/inbox/", "complaint inbox")
    page.locator("table.listing tbody a").first.click()
    page.wait_for_load_state()
    walk.check(page, "complaint detail")
    walk.visit(page, "/admin/complaints/inbox/dashboard/", "complaint figures")
    walk.visit(page, "/admin/complaints/inbox/new/", "desk form")
    context.close()

    left = walk.report()
    print(f"\n{len(left)} English string(s) left on the admin's daily screens")
    print("\n".join(left))
    assert not left, "\n".join(left)


def test_the_check_finds_english_where_there_is_some(page):
    # The detectors themselves: an untranslated catalog message, English prose that never went through
    # gettext, and a language suffix are found; Indonesian text and hidden text are not.
    from .english import untranslated_messages

    untranslated = next(iter(untranslated_messages()), None)
    page.set_content(f"""<main>
      <h1>Ubah halaman</h1><p>Simpan perubahan Anda sebelum keluar.</p>
      <label>Title [ind]</label>
      <p>Please save your changes before you leave this page.</p>
      <p style="display:none">This hidden text is not read by anyone at all.</p>
      <button aria-label="Close the dialog and go back to the page">x</button>
      {f"<span>{untranslated}</span>" if untranslated else ""}
    </main>""")
    found = english_on(page)
    texts = {text for _kind, text in found}
    assert ("suffix", "Title [ind]") in found
    assert ("words", "Please save your changes before you leave this page.") in found
    assert "Close the dialog and go back to the page" in texts
    assert not any("Simpan" in t or "hidden" in t for t in texts)
    if untranslated:
        assert ("catalog", " ".join(untranslated.split())) in found or untranslated in texts
