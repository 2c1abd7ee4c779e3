"""Two-step login on a phone: scan the QR code, enrol, keep the recovery codes, log in with one."""

import base64
import io
import os
import time
from urllib.parse import parse_qs, unquote, urlsplit

import pytest

pytestmark = pytest.mark.browser
PASSWORD = os.environ.get("DEMO_PASSWORD", "bogor-demo")
USERNAME = "tfa.browser"


@pytest.fixture
def publisher(live_manage):
    """A superuser with no authenticator yet (the demo's own accounts may be enrolled by other tests)."""
    live_manage("shell", "-c", "from django.contrib.auth import get_user_model; "
                f"get_user_model().objects.create_superuser({USERNAME!r}, None, {PASSWORD!r})")
    yield USERNAME
    live_manage("shell", "-c", "from django.contrib.auth import get_user_model; "
                f"get_user_model().objects.filter(username={USERNAME!r}).delete()")


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="id-ID")
    page = context.new_page()
    page.set_default_timeout(15000)
    yield context, page
    context.close()


def log_in(page, live_site):
    page.goto(f"{live_site}/admin/login/")
    page.fill('input[name="username"]', USERNAME)
    page.fill('input[name="password"]', PASSWORD)
    with page.expect_navigation():
        page.locator('button[type="submit"]').first.click()


def log_out(context, page, live_site):
    page.goto(f"{live_site}/admin/")
    csrf = next(c["value"] for c in context.cookies() if c["name"] == "csrftoken")
    response = page.request.post(f"{live_site}/admin/logout/", form={"csrfmiddlewaretoken": csrf},
                                 headers={"Referer": f"{live_site}/admin/"})
    assert response.ok
    page.goto(f"{live_site}/admin/")
    assert "/admin/login/" in page.url


def totp_code(secret):
    from django_otp.oath import totp

    if time.time() % 30 > 26:  # too close to the next code: wait for it, as a person would
        time.sleep(31 - time.time() % 30)
    return f"{totp(base64.b32decode(secret)):06d}"


def test_enrol_by_scanning_then_log_in_with_a_recovery_code(phone, live_site, publisher):
    import zxingcpp
    from PIL import Image

    context, page = phone
    log_in(page, live_site)
    assert "/admin/2fa/setup/" in page.url

    # What a phone's camera sees: decode the QR code from a screenshot of it.
    qr = page.locator("#totp-qr")
    qr.scroll_into_view_if_needed()
    [barcode] = zxingcpp.read_barcodes(Image.open(io.BytesIO(qr.screenshot())))
    url = urlsplit(barcode.text)
    assert url.scheme == "otpauth" and unquote(url.path) == f"/Portal Kota Bogor:{USERNAME}"
    params = parse_qs(url.query)
    assert params["issuer"] == ["Portal Kota Bogor"]
    secret = params["secret"][0]
    # The key to type by hand is the same one, in groups of four.
    groups = page.locator("#totp-secret span").all_inner_texts()
    assert "".join(groups) == secret and {len(g) for g in groups} == {4}

    page.locator('form.two-factor-form input[name="token"]').fill(totp_code(secret))
    with page.expect_navigation():
        page.locator('form.two-factor-form button[type="submit"]').click()

    # The ten recovery codes, shown once, to print or save before going on.
    codes = [c.strip() for c in page.locator("#recovery-codes li").all_inner_texts()]
    assert len(codes) == 10 and len(set(codes)) == 10
    assert page.locator("#recovery-codes").is_visible()
    saved = page.locator("form.recovery-saved-form")
    saved.locator('button[type="submit"]').click()  # the tick box is required first
    assert page.locator("#recovery-codes").is_visible()
    saved.locator('input[name="saved"]').check()
    with page.expect_navigation():
        saved.locator('button[type="submit"]').click()
    assert page.url.endswith("/admin/")

    # Phone lost: the next login goes through with a recovery code.
    log_out(context, page, live_site)
    log_in(page, live_site)
    assert "/admin/2fa/verify/" in page.url
    page.locator("#use-recovery-code summary").click()
    page.locator('input[name="recovery_code"]').fill(codes[0])
    with page.expect_navigation():
        page.locator('form.recovery-form button[type="submit"]').click()
    assert page.url.endswith("/admin/")

    # The same code does not work twice.
    log_out(context, page, live_site)
    log_in(page, live_site)
    page.locator("#use-recovery-code summary").click()
    page.locator('input[name="recovery_code"]').fill(codes[0])
    with page.expect_navigation():
        page.locator('form.recovery-form button[type="submit"]').click()
    assert "/admin/2fa/verify/" in page.url
    assert page.locator("#use-recovery-code .error-message").is_visible()
    assert page.locator('input[name="recovery_code"]').input_value() == codes[0]
