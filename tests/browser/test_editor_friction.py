"""The page editor in a real browser: price and time boxes wide enough, the unit chooser searchable."""

import re

import pytest

from .test_complaint_flow import login

pytestmark = pytest.mark.browser

TEXT_FITS = """(el) => {
    const style = getComputedStyle(el);
    const ctx = document.createElement("canvas").getContext("2d");
    ctx.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
    const text = ctx.measureText(el.value).width;
    const room = el.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    return {text, room};
}"""


@pytest.fixture
def editor(browser, live_site):
    context, page = login(browser, live_site, "admin")
    yield page
    context.close()


def _edit_attraction(page, live_site, query="PETA"):
    page.goto(f"{live_site}/admin/pages/search/?q={query}")
    href = page.locator("a[href*='/edit/']").first.get_attribute("href")
    assert re.search(r"/admin/pages/\d+/edit/", href), href
    page.goto(f"{live_site}{href}")


def test_price_and_time_boxes_fit_their_values(editor, live_site):
    _edit_attraction(editor, live_site)
    price = editor.locator('input[name="tickets-0-price"]')
    price.scroll_into_view_if_needed()
    for value in ("10000", "1500000"):
        price.fill(value)
        size = price.evaluate(TEXT_FITS)
        assert size["room"] >= size["text"], (value, size)
    opens = editor.locator('input[name="hours-0-opens"]')
    opens.fill("08:00")
    size = opens.evaluate(TEXT_FITS)
    assert size["room"] >= size["text"], size
    # The new "to (optional)" day sits in the same row.
    assert editor.locator('select[name="hours-0-last_weekday"]').is_visible()


def test_unit_chooser_searches_and_filters(editor, live_site):
    _edit_attraction(editor, live_site)
    chooser = editor.locator("#id_managing_unit-chooser")
    chooser.scroll_into_view_if_needed()
    # The unit is already chosen: "choose another" sits in the actions menu; open the menu and use it.
    chooser.locator(".chosen [aria-label]").first.click()
    chooser.locator(".chosen [data-chooser-action-choose]").click()
    modal = editor.locator(".modal-content")
    search = modal.locator("#id_q")
    search.wait_for()
    modal.locator('select[name="kind"]').select_option("kelurahan")
    search.fill("tanah sareal")
    # Results refresh as one types: the kelurahan of Kecamatan Tanah Sareal, and no agency.
    results = modal.locator("#search-results")
    editor.wait_for_function("() => document.querySelector('#search-results').innerText.includes('Kebon Pedes')")
    text = results.inner_text()
    assert "Kebon Pedes" in text and "Diskominfo" not in text and "Batu Tulis" not in text
    modal.locator("a[data-chooser-modal-choice]", has_text="Kebon Pedes").click()
    editor.wait_for_function(
        "() => document.querySelector('#id_managing_unit-chooser [data-chooser-title]').innerText.includes('Kebon Pedes')")
