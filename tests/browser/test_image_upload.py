"""A kelurahan jubir uploads a picture from inside the image chooser of a page editor (admin in Indonesian)."""

import io
import os
import re

import pytest
from PIL import Image as PILImage

pytestmark = pytest.mark.browser
PASSWORD = os.environ.get("DEMO_PASSWORD", "bogor-demo")


def png_bytes():
    buffer = io.BytesIO()
    PILImage.new("RGB", (64, 48), (40, 120, 70)).save(buffer, "PNG")
    return buffer.getvalue()


def test_kelurahan_jubir_uploads_from_the_chooser_with_alt_text(browser, live_site):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="id-ID")
    page = context.new_page()
    page.set_default_timeout(15000)
    try:
        page.goto(f"{live_site}/admin/login/")
        page.fill('input[name="username"]', "fajar.hermawan")  # editor of Kelurahan Batu Tulis: no 2FA
        page.fill('input[name="password"]', PASSWORD)
        with page.expect_navigation():
            page.locator('button[type="submit"]').first.click()
        assert page.url.endswith("/admin/"), page.url
        assert page.locator("html").get_attribute("lang") == "id"

        # The city news index, where every unit's jubir may propose news.
        api = f"{live_site}/admin/api/main/pages/"
        home = next(i["id"] for i in page.request.get(api).json()["items"] if i["meta"]["type"] == "home.HomePage")
        parent = next(i["id"] for i in page.request.get(f"{api}?child_of={home}").json()["items"]
                      if i["meta"]["type"] == "home.NewsIndexPage")
        page.goto(f"{live_site}/admin/pages/add/home/newspage/{parent}/")
        assert "/add/home/newspage/" in page.url

        page.locator('#id_image-chooser button[data-chooser-action-choose]:visible').click()
        modal = page.locator(".modal-dialog")
        upload_tab = modal.locator('#tab-label-upload')
        upload_tab.click()
        form = modal.locator("form[data-chooser-modal-creation-form]")
        # Only the jubir's own collection may receive uploads: nothing to pick.
        assert form.locator('select[name="image-chooser-upload-collection"]').count() == 0
        form.locator('input[name="image-chooser-upload-file"]').set_input_files(
            {"name": "kantor-kelurahan.png", "mimeType": "image/png", "buffer": png_bytes()})
        form.locator('input[name="image-chooser-upload-title"]').fill("Kantor Kelurahan Batu Tulis")
        # Forgetting the alt text is caught, with what was typed kept.
        form.locator('input[name="image-chooser-upload-alt_text_en"]').fill("Batu Tulis sub-district office")
        form.locator('button[type="submit"]').click()
        form = modal.locator("form[data-chooser-modal-creation-form]")
        alt_ind = form.locator('input[name="image-chooser-upload-alt_text_ind"]')
        modal.locator(".error-message").first.wait_for()
        assert form.locator('input[name="image-chooser-upload-alt_text_en"]').input_value() \
            == "Batu Tulis sub-district office"
        assert form.locator('input[name="image-chooser-upload-title"]').input_value() == "Kantor Kelurahan Batu Tulis"

        alt_ind.fill("Kantor Kelurahan Batu Tulis dengan halaman berumput")
        form.locator('input[name="image-chooser-upload-file"]').set_input_files(
            {"name": "kantor-kelurahan.png", "mimeType": "image/png", "buffer": png_bytes()})
        form.locator('button[type="submit"]').click()
        modal.wait_for(state="hidden")

        # The new image is chosen in the page's image field.
        field = page.locator('input[name="image"]')
        assert re.fullmatch(r"\d+", field.input_value())
        assert "Kantor Kelurahan Batu Tulis" in page.locator('#id_image-chooser [data-chooser-title]').inner_text()
    finally:
        context.close()
