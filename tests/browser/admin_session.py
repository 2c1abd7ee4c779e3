"""Log people into the admin the way they do it: password, then the two-step code where required."""

import base64
import os
import time

PASSWORD = os.environ.get("DEMO_PASSWORD", "bogor-demo")
SECRETS = {}  # username -> the authenticator key enrolled in this test run


def totp_code(secret):
    from django_otp.oath import totp

    key = base64.b32decode(secret.replace(" ", "") + "=" * (-len(secret.replace(" ", "")) % 8))
    return f"{totp(key):06d}"


def admin_login(browser, live_site, username, *, viewport=(1280, 900), on_screen=None):
    """A new Indonesian-locale browser context logged in as `username`; returns (context, page).

    `on_screen(page, name)` is called on each login screen (password, two-step setup or code,
    recovery codes), e.g. to check its language."""
    on_screen = on_screen or (lambda page, name: None)
    context = browser.new_context(viewport={"width": viewport[0], "height": viewport[1]}, locale="id-ID")
    page = context.new_page()
    page.set_default_timeout(15000)
    page.goto(f"{live_site}/admin/login/")
    on_screen(page, "login")
    page.fill('input[name="username"]', username)
    page.fill('input[name="password"]', PASSWORD)
    with page.expect_navigation():
        page.locator('button[type="submit"]').first.click()
    if "/admin/2fa/setup/" in page.url:
        # Officers and publishers enrol an authenticator at their first login; compute its codes as
        # the app would, from the key shown beside the QR code.
        SECRETS[username] = page.locator("#totp-secret").first.inner_text().strip().replace(" ", "")
    for _attempt in range(3):
        if "/admin/2fa/" not in page.url:
            break
        on_screen(page, "two-step login")
        form = page.locator("form.two-factor-form").first
        form.locator('input[name="token"]').fill(totp_code(SECRETS[username]))
        with page.expect_navigation():
            form.locator('button[type="submit"]').first.click()
        saved = page.locator("form.recovery-saved-form")
        if saved.count():  # the recovery codes, shown once after enrolling
            on_screen(page, "recovery codes")
            saved.locator('input[name="saved"]').check()
            with page.expect_navigation():
                saved.locator('button[type="submit"]').click()
        if "/admin/2fa/" in page.url:  # a code is good once: wait for the next one
            time.sleep(31 - time.time() % 30)
    assert "/admin/2fa/" not in page.url and "/admin/login/" not in page.url, page.url
    return context, page
