"""The jubir's daily work end to end, in Chromium with an Indonesian locale, through the admin's own
screens; each journey counts the clicks and screens a person needs (printed, for the closing note).

1. A kelurahan jubir writes a news item with an image (uploaded from the chooser, alt text in both
   languages) in both languages and submits it; the kecamatan reviewer requests changes with a comment;
   the jubir sees the comment on the edit screen, fixes and resubmits; the reviewer publishes; the
   public page shows the image with its alt text in /id/ and /en/.
2. A Disparbud jubir adds an attraction open six days a week with one row of hours, and an event;
   a Disparbud reviewer publishes both.
"""

import io
import random
import re
import time
from urllib.parse import urlparse

import pytest
from PIL import Image as PILImage

from .admin_session import PASSWORD, SECRETS, admin_login, totp_code

pytestmark = pytest.mark.browser

JUBIR = "rina.hidayat"  # Kelurahan Paledang
REVIEWER = "indah.maulana"  # Kecamatan Bogor Tengah, reviews Paledang's pages
DISPARBUD_JUBIR = "indah.pratama"
DISPARBUD_REVIEWER = "budi.anggraini"


class Tally:
    """Counts what a person does: clicks (a file picked counts as one) and screens (each page
    loaded and each dialog opened)."""

    def __init__(self):
        self.clicks = 0
        self.screens = 0

    def watch(self, page):
        # A new document, not a history change (autosave rewrites the address without a new screen).
        page.on("load", lambda _page: self._screen())
        return page

    def _screen(self):
        self.screens += 1

    def click(self, locator, navigates=False):
        self.clicks += 1
        if navigates:
            with locator.page.expect_navigation():
                locator.click()
        else:
            locator.click()

    def dialog(self, locator):
        locator.wait_for()
        self.screens += 1


def png_bytes():
    # A new picture every run: the same file again would be offered as a duplicate.
    buffer = io.BytesIO()
    PILImage.new("RGB", (320, 200), tuple(random.randrange(256) for _ in range(3))).save(buffer, "PNG")
    return buffer.getvalue()


def login(browser, live_site, username, tally):
    """Log in with the password (and the two-step code for reviewers), counted like a person does it."""
    context, page = admin_login(browser, live_site, username)  # first login: enrol, outside the count
    context.close()
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="id-ID")
    page = tally.watch(context.new_page())
    page.set_default_timeout(20000)
    page.goto(f"{live_site}/admin/login/")
    page.fill('input[name="username"]', username)
    page.fill('input[name="password"]', PASSWORD)
    tally.click(page.locator('button[type="submit"]').first, navigates=True)
    if "/admin/2fa/verify/" in page.url:
        # A code is good once: the enrolment just used this one, so wait for the app's next code.
        time.sleep(31 - time.time() % 30)
        form = page.locator("form.two-factor-form").first
        form.locator('input[name="token"]').fill(totp_code(SECRETS[username]))
        tally.click(form.locator('button[type="submit"]').first, navigates=True)
    assert urlparse(page.url).path == "/admin/", page.url
    return context, page


def said(page):
    """The messages the admin shows after an action. They fade in a moment after the page loads
    (hidden until then, so reading at once can find nothing): wait until one is visible."""
    messages = page.locator(".messages li")
    try:
        messages.first.wait_for(state="visible", timeout=5000)
    except Exception:  # no message at all: say so with an empty string
        return ""
    return " ".join(messages.all_inner_texts())


def more_actions(page, tally):
    tally.click(page.locator("footer .w-dropdown-button").get_by_role("button", name=re.compile("Tindakan lain")))


def fill_rich_text(page, tally, field_id, text):
    """Add a paragraph block to the StreamField `field_id` and type into it."""
    field = page.locator(f'[data-contentpath="{field_id}"]')
    tally.click(field.locator("button[title], .c-sf-add-button").first)
    chooser = page.locator(".w-combobox, [role='listbox']").first
    tally.click(chooser.get_by_role("option", name=re.compile("Paragraf")).first)
    editor = field.locator('[contenteditable="true"]').last
    tally.click(editor)
    editor.type(text)


def test_news_with_an_image_through_the_review_round_trip(browser, live_site, live_manage):
    tally = Tally()

    # The jubir writes the item from her dashboard.
    jubir_context, page = login(browser, live_site, JUBIR, tally)
    tally.click(page.get_by_role("link", name="Tulis berita"), navigates=True)
    page.fill("#id_title_ind", "Kerja bakti membersihkan saluran air di Paledang")
    page.fill("#id_title_en", "Paledang residents clean the drains together")
    page.fill("#id_intro_ind", "Warga dan kelurahan membersihkan saluran sebelum musim hujan.")
    page.fill("#id_intro_en", "Residents and the kelurahan cleared the drains before the rainy season.")
    fill_rich_text(page, tally, "body_ind", "Sebanyak 60 warga ikut kerja bakti pada hari Minggu.")
    fill_rich_text(page, tally, "body_en", "Sixty residents took part on Sunday.")

    # The image, uploaded from inside the chooser, with its alt text in both languages.
    tally.click(page.locator("#id_image-chooser button[data-chooser-action-choose]:visible"))
    modal = page.locator(".modal-dialog")
    tally.dialog(modal)
    tally.click(modal.locator("#tab-label-upload"))
    form = modal.locator("form[data-chooser-modal-creation-form]")
    tally.clicks += 1  # picking the file
    form.locator('input[name="image-chooser-upload-file"]').set_input_files(
        {"name": "kerja-bakti.png", "mimeType": "image/png", "buffer": png_bytes()})
    form.locator('input[name="image-chooser-upload-title"]').fill("Kerja bakti Paledang")
    form.locator('input[name="image-chooser-upload-alt_text_ind"]').fill("Warga membersihkan saluran air dengan cangkul")
    form.locator('input[name="image-chooser-upload-alt_text_en"]').fill("Residents clearing a drain with hoes")
    tally.click(form.locator('button[type="submit"]'))
    modal.wait_for(state="hidden")

    # Submit for review (the workflow's own button in the footer menu).
    more_actions(page, tally)
    tally.click(page.locator('button[name="action-submit"]'), navigates=True)
    assert "dikirim untuk" in said(page).lower(), said(page)
    page_id = live_manage("shell", "-c", PAGE_ID % "Kerja bakti membersihkan saluran air di Paledang").split()[-1]
    submit_counts = (tally.clicks, tally.screens)

    # The kecamatan reviewer finds it on the dashboard and sends it back with a comment.
    reviewer_context, review = login(browser, live_site, REVIEWER, tally)
    tally.click(review.locator(f'a[href*="/admin/pages/{page_id}/edit/"]').first, navigates=True)
    more_actions(review, tally)
    tally.click(review.locator('button[data-workflow-action-name="reject"]'))
    dialog = review.locator(".modal-dialog")
    tally.dialog(dialog)
    dialog.locator("textarea").fill("Mohon sebutkan tanggal kerja bakti di paragraf pertama.")
    tally.click(dialog.locator('button[type="submit"]'), navigates=True)
    assert "Dikembalikan ke penulis dengan komentar" in said(review)

    # The jubir sees the comment on the edit screen (from her dashboard), fixes and resubmits.
    tally.click(page.get_by_role("link", name=re.compile("Dasbor")).first, navigates=True)
    tally.click(page.locator(f'[id^=\"pages-returned-to-you\"] a[href*="/admin/pages/{page_id}/edit/"]'), navigates=True)
    assert "Mohon sebutkan tanggal kerja bakti di paragraf pertama." in page.locator("main").inner_text()
    editor = page.locator('[data-contentpath="body_ind"] [contenteditable="true"]').first
    tally.click(editor)
    editor.press("End")
    editor.type(" Kerja bakti diadakan pada Minggu, 29 November.")
    more_actions(page, tally)
    tally.click(page.locator('button[name="action-submit"]'), navigates=True)
    assert "Mohon sebutkan" not in page.locator("main").inner_text()

    # The reviewer approves: published.
    tally.click(review.get_by_role("link", name=re.compile("Dasbor")).first, navigates=True)
    tally.click(review.locator(f'a[href*="/admin/pages/{page_id}/edit/"]').first, navigates=True)
    more_actions(review, tally)
    tally.click(review.locator('button[data-workflow-action-name="approve"]').first, navigates=True)
    assert "Disetujui dan diterbitkan" in said(review)
    reviewer_context.close()
    jubir_context.close()

    print(f"\nWrite a news item with an image and submit it: {submit_counts[0]} clicks, {submit_counts[1]} screens")
    print(f"Whole review round trip (write, return, fix, publish): {tally.clicks} clicks, {tally.screens} screens")

    # Visitors: the live page shows the image with its alt text in each language.
    visitor = browser.new_context(viewport={"width": 390, "height": 844}, locale="en-GB")
    public = visitor.new_page()
    for lang, alt in (("id", "Warga membersihkan saluran air dengan cangkul"),
                      ("en", "Residents clearing a drain with hoes")):
        url = live_manage("shell", "-c", URL_OF % (lang, page_id)).strip().splitlines()[-1]
        assert public.goto(f"{live_site}{url}").status == 200
        assert public.locator(f'main img[alt="{alt}"]').count() >= 1, (lang, url)
    visitor.close()


PAGE_ID = """
from wagtail.models import Page
print(Page.objects.filter(title_ind=%r).latest("pk").pk)
"""

URL_OF = """
from django.utils import translation
from wagtail.models import Page
with translation.override(%r):
    print(Page.objects.get(pk=%s).specific.url)
"""


TOURISM = """
from tourism.models import EventIndexPage, TourismIndexPage
print(TourismIndexPage.objects.get().pk, EventIndexPage.objects.get().pk)
"""


def submit_for_review(page, tally):
    more_actions(page, tally)
    tally.click(page.locator('button[name="action-submit"]'), navigates=True)
    assert "dikirim untuk" in said(page).lower(), said(page)


def test_disparbud_adds_an_attraction_and_an_event_and_their_reviewer_publishes(browser, live_site, live_manage):
    tally = Tally()
    tourism, events = live_manage("shell", "-c", TOURISM).split()[-2:]

    # The tourism office's jubir: an attraction open Tuesday to Sunday, entered as ONE row of hours.
    context, page = login(browser, live_site, DISPARBUD_JUBIR, tally)
    page.goto(f"{live_site}/admin/pages/add/tourism/attractionpage/{tourism}/")
    page.fill("#id_title_ind", "Museum Batik Bogor")
    page.fill("#id_title_en", "Bogor Batik Museum")
    page.fill("#id_summary_ind", "Koleksi batik khas Bogor dan lokakarya membatik.")
    tally.click(page.locator("#id_hours-ADD"))
    page.select_option("#id_hours-0-weekday", label="Selasa")
    page.select_option("#id_hours-0-last_weekday", label="Minggu")
    page.fill("#id_hours-0-opens", "08:00")
    page.fill("#id_hours-0-closes", "16:00")
    submit_for_review(page, tally)

    # And an event.
    page.goto(f"{live_site}/admin/pages/add/tourism/eventpage/{events}/")
    page.fill("#id_title_ind", "Lokakarya Membatik untuk Keluarga")
    page.fill("#id_title_en", "Batik Workshop for Families")
    page.fill("#id_start", "2031-06-14 09:00")
    page.fill("#id_end", "2031-06-14 12:00")
    page.fill("#id_venue_name_ind", "Museum Batik Bogor")
    page.fill("#id_price", "10000")
    submit_for_review(page, tally)
    context.close()

    # Disparbud's reviewer (not Diskominfo) finds both waiting and publishes them.
    context, review = login(browser, live_site, DISPARBUD_REVIEWER, tally)
    for title in ("Museum Batik Bogor", "Lokakarya Membatik untuk Keluarga"):
        page_id = live_manage("shell", "-c", PAGE_ID % title).split()[-1]
        tally.click(review.locator(f'[id^="awaiting-review"] a[href*="/admin/pages/{page_id}/edit/"]').first,
                    navigates=True)
        more_actions(review, tally)
        tally.click(review.locator('button[data-workflow-action-name="approve"]').first, navigates=True)
        assert "Disetujui dan diterbitkan" in said(review), said(review)
        review.goto(f"{live_site}/admin/")
    context.close()

    # Visitors read six open days and a closed Monday, and the event with its price.
    visitor = browser.new_context(viewport={"width": 390, "height": 844}, locale="en-GB")
    public = visitor.new_page()
    url = live_manage("shell", "-c", URL_OF % ("en", live_manage("shell", "-c", PAGE_ID % "Museum Batik Bogor")
                                             .split()[-1])).strip().splitlines()[-1]
    assert public.goto(f"{live_site}{url}").status == 200
    hours = public.locator("main").inner_text()
    assert hours.count("08:00") >= 6 and "Monday" in hours, hours
    assert public.goto(f"{live_site}/en/tourism/events/").status == 200
    assert "Batik Workshop for Families" in public.locator("main").inner_text()
    visitor.close()
