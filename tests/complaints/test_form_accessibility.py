"""The complaint and tracking forms as assistive technology reads them: every error and hint a control
points at (aria-describedby) exists, error-summary links land on the control, contact fields say what
they hold (WCAG 1.3.5 autocomplete, a phone keypad)."""

import re

import pytest

pytestmark = pytest.mark.django_db

FORM_PAGES = ["/id/pengaduan/", "/en/complaints/"]


def ids(html):
    return set(re.findall(r'\sid="([^"]+)"', html))


def described_by(html):
    return [ref for refs in re.findall(r'aria-describedby="([^"]+)"', html) for ref in refs.split()]


def control(html, name):
    return re.search(rf'<input[^>]*\bname="{name}"[^>]*>', html).group(0)


@pytest.mark.parametrize("url", FORM_PAGES)
def test_contact_fields_say_what_they_hold(client, url):
    html = client.get(url).content.decode()
    assert 'autocomplete="name"' in control(html, "name")
    assert 'autocomplete="email"' in control(html, "email") and 'type="email"' in control(html, "email")
    phone = control(html, "phone")
    assert 'type="tel"' in phone and 'autocomplete="tel"' in phone


@pytest.mark.parametrize("url", FORM_PAGES)
def test_every_description_target_exists_on_the_empty_form(client, url):
    html = client.get(url).content.decode()
    refs = described_by(html)
    assert "id_anonymous_helptext" in refs and "id_confidential_helptext" in refs
    assert not set(refs) - ids(html), set(refs) - ids(html)


@pytest.mark.parametrize("url", FORM_PAGES)
def test_errors_are_tied_to_their_controls_and_the_summary_links_to_them(client, url, form_data):
    response = client.post(url, form_data(category="", description="short", email="not-an-address", consent=None))
    html = response.content.decode()
    assert response.status_code == 400 or "error-summary" in html
    refs = described_by(html)
    missing = set(refs) - ids(html)
    assert not missing, missing
    for name in ("description", "email"):
        assert re.search(rf'<ul class="errors" id="id_{name}_error">', html), name
    assert "id_email_error" in control(html, "email")
    assert re.search(r'<textarea[^>]*aria-describedby="[^"]*id_description_error', html)
    # The radio group and the consent box carry their error lists too.
    assert re.search(r'<fieldset class="choices" aria-describedby="id_category_error"', html)
    assert re.search(r'<ul class="errors" id="id_category_error">', html)
    assert 'aria-describedby="id_consent_error"' in control(html, "consent")
    assert re.search(r'<ul class="errors" id="id_consent_error">', html)
    # Each summary link lands on a control (an input), not on the field's wrapper.
    summary = re.search(r'id="error-summary".*?</div>', html, re.S).group(0)
    targets = re.findall(r'href="#([^"]+)"', summary)
    assert set(targets) >= {"id_category_0", "id_description", "id_email", "id_consent"}, targets
    for target in targets:
        assert re.search(rf'<(input|textarea|select)[^>]*\bid="{target}"', html), target


@pytest.mark.parametrize("url", ["/id/pengaduan/lacak/", "/en/complaints/track/"])
def test_tracking_form_error_is_tied_to_the_code_field(client, url):
    html = client.get(url, {"code": ""}).content.decode()
    assert 'aria-describedby="id_code_helptext id_code_error"' in control(html, "code")
    assert 'id="id_code_error"' in html and 'id="id_code_helptext"' in html
    assert 'id="error-summary"' in html and 'href="#id_code"' in html
