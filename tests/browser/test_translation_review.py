"""A reviewer of English, in an Indonesian browser on a phone, corrects a machine translation side by
side and publishes it; visitors of the English page read it without the machine's notice."""

import re

import pytest
from django.utils import translation
from django.utils.text import capfirst

from home.models import NewsPage

from .test_complaint_flow import login

pytestmark = pytest.mark.browser
# Diskominfo's publishers hold the permission to review English, as translators do, and may also
# publish (a translator's English goes to the unit's reviewers instead: tests/translation/).
REVIEWER = "wawan.gunawan"
NEWS = "penanaman-pohon-ciliwung"  # its English counts as machine-made in the demo (cms/demo.py)


def label(model, name):
    with translation.override("id"):
        return capfirst(str(model._meta.get_field(name).verbose_name))


def test_a_reviewer_corrects_the_machine_english_side_by_side(browser, live_site):
    context, page = login(browser, live_site, REVIEWER)
    page.set_viewport_size({"width": 390, "height": 844})  # a phone
    page.goto(f"{live_site}/admin/english/")
    rows = page.locator("tr[data-page]")
    states = {rows.nth(i).get_attribute("data-state") for i in range(rows.count())}
    assert states and states <= {"machine", "outdated", "missing"}, states  # only pages that need work
    row = page.locator("tr[data-page]", has_text="Seribu pohon")
    assert row.get_attribute("data-state") == "machine"
    row.locator("td a").first.click()
    page.wait_for_url(re.compile(r".*/admin/english/\d+/review/$"))

    # Human labels in the admin's language (Indonesian here), never code names.
    headings = page.locator("section.mt-field h2").all_inner_texts()
    assert label(NewsPage, "title") in headings and label(NewsPage, "intro") in headings
    assert not any("_" in heading or heading in ("intro", "body") for heading in headings)
    intro = page.locator('section[data-field="intro"]')
    assert intro.get_attribute("data-status") == "machine"
    assert intro.locator(".mt-id").inner_text().strip().endswith("sepanjang bantaran Sungai Ciliwung.")
    english = intro.locator("textarea")
    assert english.input_value().startswith("Volunteers, students")
    # On a phone the English sits below the Indonesian, and nothing runs off the screen.
    assert english.bounding_box()["y"] > intro.locator(".mt-id").bounding_box()["y"]
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    # The body block by block: a paragraph's Indonesian text beside its English.
    body = page.locator('section[data-field="body"]')
    assert "Penanaman ini bekerja sama" in body.locator(".mt-id label").first.inner_text()
    assert body.locator("textarea").first.input_value().startswith("The planting was done")

    corrected = "Volunteers, pupils and residents planted a thousand young trees along the Ciliwung."
    english.fill(corrected)
    page.locator('button[name="action"][value="finish"]').click()
    page.wait_for_url(re.compile(r".*/admin/english/$"))
    assert page.locator("tr[data-page]", has_text="Seribu pohon").count() == 0  # no longer needs work

    visitor = browser.new_context(locale="en-GB").new_page()
    visitor.goto(f"{live_site}/en/news/tree-planting-along-the-ciliwung/")
    assert corrected in visitor.content()
    assert visitor.locator("#machine-translation-notice").count() == 0
    visitor.context.close()
    context.close()
