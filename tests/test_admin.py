import json

import pytest
from django.contrib.auth.models import Group, Permission
from wagtail.models import GroupPagePermission

from home.models import StandardPage
from tests.factories import about_page, officer, site_tree

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def site(db):
    tree = site_tree()
    about_page()
    for username in ("admin", "desk", "pupr"):
        officer(username)
    return tree


@pytest.fixture
def admin_client(verified_login, django_user_model):
    return verified_login(officer("admin"))


def test_editor_sees_and_edits_both_languages(admin_client):
    page = StandardPage.objects.get(slug_ind="tentang-bogor")
    html = admin_client.get(f"/admin/pages/{page.pk}/edit/").content.decode()
    for name in ("title_ind", "title_en", "slug_ind", "slug_en", "intro_ind", "intro_en", "body_ind", "body_en"):
        assert f'name="{name}"' in html or f'"{name}"' in html, name
    # Both languages stay on screen: the package's language toggle (which hid panels of "*_ind" fields) is off.
    assert "language_toggles" not in html
    assert "gravatar.com" not in html and "gravatar.com" not in admin_client.get("/admin/").content.decode()


def test_preview_in_each_language(admin_client):
    page = StandardPage.objects.get(slug_ind="tentang-bogor")
    assert [code for code, _label in page.preview_modes] == ["id", "en"]
    en = page.make_preview_request(preview_mode="en")
    assert en.status_code == 200
    assert '<html lang="en">' in en.content.decode() and "The rain city" in en.content.decode()
    id_ = page.make_preview_request(preview_mode="id")
    assert '<html lang="id">' in id_.content.decode() and "Kota hujan" in id_.content.decode()


def test_copy_translation_endpoint_needs_csrf_and_edit_permission(client, django_user_model):
    page = StandardPage.objects.get(slug_ind="tentang-bogor")
    url = f"/admin/pages/{page.pk}/edit/copy_translation_content/"
    payload = {"origin_field_name": "body_ind", "target_field_name": "body_en", "serializedOriginField": json.dumps([])}

    # Anonymous: refused, nothing rendered.
    response = client.post(url, payload, HTTP_X_REQUESTED_WITH="XMLHttpRequest")
    assert response.status_code in (302, 403) and b"body_en" not in response.content

    # An editor of another section may open the admin but not this page.
    group = Group.objects.create(name="Other unit editors")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    other = StandardPage(title_ind="Lain", slug_ind="lain-lain")
    page.get_parent().add_child(instance=other)
    GroupPagePermission.objects.create(group=group, page=other, permission=Permission.objects.get(codename="change_page"))
    editor = django_user_model.objects.create_user("editor-lain", password="x-Very-long-pass-123")
    editor.groups.add(group)
    client.force_login(editor)
    response = client.post(url, payload, HTTP_X_REQUESTED_WITH="XMLHttpRequest")
    assert response.status_code in (302, 403)

    # CSRF is enforced.
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    strict = Client(enforce_csrf_checks=True, HTTP_HOST="localhost")
    admin = officer("admin")
    strict.force_login(admin)
    session = strict.session
    session[DEVICE_ID_SESSION_KEY] = TOTPDevice.objects.create(user=admin, name="t", confirmed=True).persistent_id
    session.save()
    assert strict.post(url, payload, HTTP_X_REQUESTED_WITH="XMLHttpRequest").status_code == 403


def test_copy_translation_endpoint_works_for_an_editor_of_the_page(admin_client):
    client = admin_client
    page = StandardPage.objects.get(slug_ind="tentang-bogor")
    payload = {
        "origin_field_name": "body_ind", "target_field_name": "body_en",
        "serializedOriginField": json.dumps([
            {"name": "body_ind-count", "value": "1"},
            {"name": "body_ind-0-type", "value": "heading"},
            {"name": "body_ind-0-deleted", "value": ""},
            {"name": "body_ind-0-order", "value": "0"},
            {"name": "body_ind-0-value-text", "value": "Kota hujan"},
            {"name": "body_ind-0-value-level", "value": "h2"},
        ]),
    }
    response = client.post(f"/admin/pages/{page.pk}/edit/copy_translation_content/", payload,
                           HTTP_X_REQUESTED_WITH="XMLHttpRequest")
    assert response.status_code == 200
    assert "body_en" in response.json()


def test_failed_logins_are_limited(client, settings):
    settings.AXES_FAILURE_LIMIT = 3
    url = "/admin/login/"
    for _ in range(3):
        response = client.post(url, {"username": "desk", "password": "wrong-password"})
    response = client.post(url, {"username": "desk", "password": settings.DEMO_PASSWORD})
    assert response.status_code == 429
    assert "Too many failed logins" in response.content.decode() or "Terlalu banyak" in response.content.decode()
    # Another user on the same address is not locked out by someone else's typos.
    assert client.post(url, {"username": "pupr", "password": settings.DEMO_PASSWORD}).status_code == 302
