"""Two-step login for everyone who can publish; not for people who cannot."""

import re

import pytest
from django.contrib.auth import get_user_model
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import member, officer, site_tree

pytestmark = pytest.mark.django_db
User = get_user_model()


@pytest.fixture(autouse=True)
def site(db):
    """Who these tests log in as: the superuser, complaint officers, two reviewers and a kelurahan editor."""
    tree = site_tree()
    for username in ("admin", "desk", "pupr"):
        officer(username)
    member("dlh", "reviewer", username="reviewer.dlh")
    member("dishub", "reviewer", username="reviewer.dishub")
    member("kel-sempur", "editor", username="editor.sempur")
    return tree


def secret_on_page(html):
    return re.sub(r"<[^>]+>", "", re.search(r'id="totp-secret">(.*?)</code>', html).group(1))


def codes_on_page(response):
    return re.findall(r"<li><code>([a-z0-9]{5}-[a-z0-9]{5})</code></li>", response.content.decode())


def code(device):
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def test_publisher_enrols_then_confirms_each_session(client):
    admin = User.objects.get(username="admin")
    client.force_login(admin)
    response = client.get("/admin/pages/")
    assert response.status_code == 302 and response["Location"].startswith("/admin/2fa/setup/")
    setup = client.get(response["Location"])
    html = setup.content.decode()
    assert 'id="totp-qr" src="data:image/png;base64,' in html
    assert re.fullmatch(r"[A-Z2-7]{32}", secret_on_page(html))
    device = TOTPDevice.objects.get(user=admin, confirmed=False)
    wrong = client.post("/admin/2fa/setup/", {"token": "000000", "next": "/admin/pages/"})
    assert "not right" in wrong.content.decode() or "tidak benar" in wrong.content.decode()
    throttled = client.post("/admin/2fa/setup/", {"token": code(device), "next": "/admin/pages/"})
    assert "wait a few seconds" in throttled.content.decode() or "tunggu" in throttled.content.decode()
    device.refresh_from_db()
    device.throttle_reset()  # the pause after a wrong code has passed
    ok = client.post("/admin/2fa/setup/", {"token": code(device), "next": "/admin/pages/"})
    assert ok.status_code == 200 and len(codes_on_page(ok)) == 10  # shown once, to be kept
    saved = client.post("/admin/2fa/recovery-codes/saved/", {"saved": "1", "next": "/admin/pages/"})
    assert saved.status_code == 302 and saved["Location"] == "/admin/pages/"
    assert client.get("/admin/pages/").status_code == 200

    # A new session asks for a code again, without enrolling again.
    client.logout()
    client.force_login(admin)
    response = client.get("/admin/")
    assert response["Location"].startswith("/admin/2fa/verify/")
    device.refresh_from_db()
    device.last_t = -1  # the same time step may not be used twice; allow it for the test
    device.save()
    assert client.post("/admin/2fa/verify/", {"token": code(device), "next": "/admin/"}).status_code == 302
    assert client.get("/admin/").status_code == 200


def test_reviewers_and_complaint_officers_need_it_editors_do_not(client):
    reviewer = User.objects.filter(unit_memberships__role="reviewer", unit_memberships__unit__code="dlh").first()
    client.force_login(reviewer)
    assert client.get("/admin/").status_code == 302
    editor = User.objects.filter(unit_memberships__role="editor", unit_memberships__unit__kind="kelurahan").first()
    client.force_login(editor)
    assert client.get("/admin/").status_code == 200
    for username in ("desk", "pupr"):  # they read reporters' names, e-mails and phones
        client.force_login(User.objects.get(username=username))
        assert client.get("/admin/complaints/inbox/").status_code == 302


def test_next_cannot_send_people_elsewhere(client):
    admin = User.objects.get(username="admin")
    client.force_login(admin)
    device = TOTPDevice.objects.create(user=admin, name="x", confirmed=True)
    response = client.post("/admin/2fa/verify/", {"token": code(device), "next": "https://evil.example/"})
    assert response["Location"] == "/admin/"


def test_enrolling_a_second_device_needs_the_first(client):
    admin = User.objects.get(username="admin")
    TOTPDevice.objects.create(user=admin, name="phone", confirmed=True)
    client.force_login(admin)  # the password alone
    response = client.get("/admin/2fa/setup/")
    assert response.status_code == 302 and response["Location"].startswith("/admin/2fa/verify/")
    assert TOTPDevice.objects.filter(user=admin).count() == 1


def test_no_django_admin_without_two_step_login(client):
    client.force_login(User.objects.get(username="admin"))
    assert client.get("/django-admin/").status_code == 404


# Recovery codes and resets.

def enrol(client, user, next_url="/admin/"):
    """Log in with the password and enrol an authenticator through the pages; return the recovery codes."""
    client.force_login(user)
    client.get("/admin/2fa/setup/")
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    response = client.post("/admin/2fa/setup/", {"token": code(device), "next": next_url})
    assert response.status_code == 200
    return codes_on_page(response)


def login_with_password_only(client, user):
    client.logout()
    client.force_login(user)
    response = client.get("/admin/")
    assert response["Location"].startswith("/admin/2fa/verify/")


def use_recovery_code(client, recovery_code):
    return client.post("/admin/2fa/verify/", {"recovery_code": recovery_code, "next": "/admin/"})


def reset_throttle(user):
    from cms.accounts.models import RecoveryCodeDevice

    RecoveryCodeDevice.objects.get(user=user).throttle_reset()


def test_enrolment_qr_code_carries_issuer_and_user_name_not_the_email(client):
    import base64
    import io
    from urllib.parse import parse_qs, unquote, urlsplit

    import zxingcpp
    from PIL import Image

    user = User.objects.create_superuser("siti.rahma@kotabogor.go.id", "siti.rahma@kotabogor.go.id", "x")
    client.force_login(user)
    html = client.get("/admin/2fa/setup/").content.decode()
    data = re.search(r'id="totp-qr" src="data:image/png;base64,([^"]+)"', html).group(1)
    [barcode] = zxingcpp.read_barcodes(Image.open(io.BytesIO(base64.b64decode(data))))
    url = urlsplit(barcode.text)
    assert (url.scheme, url.netloc) == ("otpauth", "totp")
    assert unquote(url.path) == "/Portal Kota Bogor:siti.rahma" and "@" not in barcode.text
    params = parse_qs(url.query)
    assert params["issuer"] == ["Portal Kota Bogor"]
    assert params["secret"] == [secret_on_page(html)]  # the typed key is the scanned one
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    assert base64.b32decode(params["secret"][0]) == device.bin_key


def speaks_english(user):
    from wagtail.users.models import UserProfile

    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "en"
    profile.save()


def test_recovery_codes_are_stored_as_hashes_and_work_once(client):
    from django.contrib.sessions.models import Session

    from cms.accounts.models import RecoveryCode

    admin = User.objects.get(username="admin")
    speaks_english(admin)  # mechanics asserted on the English text; the Indonesian is walked in Chromium
    codes = enrol(client, admin)
    assert len(set(codes)) == 10
    stored = " ".join(RecoveryCode.objects.filter(device__user=admin).values_list("hashed", flat=True))
    sessions = " ".join(s.session_data for s in Session.objects.all())
    for plain in codes:
        for form in (plain, plain.replace("-", ""), plain.upper()):
            assert form not in stored and form not in sessions
    client.post("/admin/2fa/recovery-codes/saved/", {"saved": "1"})

    login_with_password_only(client, admin)
    verify_page = client.get("/admin/2fa/verify/").content.decode()
    assert "Use a recovery code" in verify_page and 'name="recovery_code"' in verify_page
    ok = use_recovery_code(client, codes[0].upper().replace("-", " "))  # as someone may type it
    assert ok.status_code == 302 and ok["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200
    assert RecoveryCode.objects.filter(device__user=admin).count() == 9

    login_with_password_only(client, admin)
    again = use_recovery_code(client, codes[0])
    assert again.status_code == 200 and "has been used already" in again.content.decode()
    assert codes[0] in again.content.decode()  # what was typed stays, to correct a typo
    assert client.get("/admin/")["Location"].startswith("/admin/2fa/verify/")


def test_few_recovery_codes_left_are_counted(client):
    from cms.accounts.models import RecoveryCode

    admin = User.objects.get(username="admin")
    speaks_english(admin)  # mechanics asserted on the English text; the Indonesian is walked in Chromium
    codes = enrol(client, admin)
    client.post("/admin/2fa/recovery-codes/saved/", {"saved": "1"})
    login_with_password_only(client, admin)
    assert "recovery codes left" not in client.get("/admin/2fa/verify/").content.decode()  # plenty
    RecoveryCode.objects.filter(pk__in=RecoveryCode.objects.filter(device__user=admin).order_by("pk")
                                .values("pk")[:7]).delete()  # the first seven were used
    assert "You have 3 recovery codes left." in client.get("/admin/2fa/verify/").content.decode()
    assert use_recovery_code(client, codes[7]).status_code == 302
    page = client.get("/admin/", follow=True).content.decode()
    assert "You have 2 recovery codes left." in page


def test_wrong_recovery_codes_are_throttled(client):
    admin = User.objects.get(username="admin")
    speaks_english(admin)  # mechanics asserted on the English text; the Indonesian is walked in Chromium
    codes = enrol(client, admin)
    client.post("/admin/2fa/recovery-codes/saved/", {"saved": "1"})
    login_with_password_only(client, admin)
    assert "not right" in use_recovery_code(client, "aaaaa-aaaaa").content.decode()
    throttled = use_recovery_code(client, codes[1])
    assert throttled.status_code == 200 and "wait a few seconds" in throttled.content.decode()
    reset_throttle(admin)  # the pause has passed
    assert use_recovery_code(client, codes[1]).status_code == 302


def test_new_set_of_recovery_codes_replaces_the_old(client):
    admin = User.objects.get(username="admin")
    speaks_english(admin)  # mechanics asserted on the English text; the Indonesian is walked in Chromium
    old = enrol(client, admin)
    client.post("/admin/2fa/recovery-codes/saved/", {"saved": "1"})
    page = client.get("/admin/2fa/recovery-codes/")
    assert page.status_code == 200 and "10 unused recovery codes" in page.content.decode()
    new = codes_on_page(client.post("/admin/2fa/recovery-codes/", {}))
    assert len(new) == 10 and not set(new) & set(old)
    client.post("/admin/2fa/recovery-codes/saved/", {"saved": "1"})

    login_with_password_only(client, admin)
    assert use_recovery_code(client, old[0]).status_code == 200
    reset_throttle(admin)
    assert use_recovery_code(client, new[0]).status_code == 302


def test_leaving_the_codes_unsaved_leads_back_to_a_new_set(client):
    admin = User.objects.get(username="admin")
    speaks_english(admin)  # mechanics asserted on the English text; the Indonesian is walked in Chromium
    enrol(client, admin, next_url="/admin/pages/")
    response = client.get("/admin/pages/")
    assert response.status_code == 302 and response["Location"].startswith("/admin/2fa/recovery-codes/")
    assert "cannot be shown again" in client.get(response["Location"]).content.decode()
    # The acknowledgement needs the tick.
    assert client.post("/admin/2fa/recovery-codes/saved/", {})["Location"].startswith("/admin/2fa/recovery-codes/")
    client.post("/admin/2fa/recovery-codes/", {})
    assert client.post("/admin/2fa/recovery-codes/saved/", {"saved": "1", "next": "/admin/pages/"})["Location"] \
        == "/admin/pages/"
    assert client.get("/admin/pages/").status_code == 200


def test_recovery_codes_page_needs_a_verified_login(client):
    admin = User.objects.get(username="admin")
    TOTPDevice.objects.create(user=admin, name="phone", confirmed=True)
    client.force_login(admin)  # the password alone
    assert client.get("/admin/2fa/recovery-codes/")["Location"].startswith("/admin/2fa/verify/")
    assert client.post("/admin/2fa/recovery-codes/", {}).status_code == 403


@pytest.fixture
def kominfo(db):
    from django.contrib.auth.models import Group

    from cms.accounts.permissions import DISKOMINFO_GROUP

    user = User.objects.create_user("kominfo.test", "kominfo.test@kotabogor.go.id", "x", first_name="Dewi")
    user.groups.add(Group.objects.get(name=DISKOMINFO_GROUP))
    return user


@pytest.fixture
def enrolled_reviewer(db):
    from cms.accounts.models import RecoveryCodeDevice

    reviewer = User.objects.filter(unit_memberships__role="reviewer", is_superuser=False).exclude(email="").first()
    TOTPDevice.objects.create(user=reviewer, name="phone", confirmed=True)
    RecoveryCodeDevice.objects.create(user=reviewer, name="recovery codes").regenerate()
    return reviewer


def test_diskominfo_resets_a_lost_authenticator(verified_login, kominfo, enrolled_reviewer, mailoutbox,
                                                django_capture_on_commit_callbacks):
    from wagtail.models import ModelLogEntry

    from cms.accounts.models import RecoveryCodeDevice

    client = verified_login(kominfo)
    listing = client.get(f"/admin/2fa/reset/?q={enrolled_reviewer.username}")
    assert listing.status_code == 200 and f"/admin/2fa/reset/{enrolled_reviewer.pk}/" in listing.content.decode()
    assert client.get(f"/admin/2fa/reset/{enrolled_reviewer.pk}/").status_code == 200
    assert TOTPDevice.objects.filter(user=enrolled_reviewer).exists()  # asking is not doing
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/admin/2fa/reset/{enrolled_reviewer.pk}/")
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=enrolled_reviewer).exists()
    assert not RecoveryCodeDevice.objects.filter(user=enrolled_reviewer).exists()
    entry = ModelLogEntry.objects.get(action="cms.two_factor_reset")
    assert (entry.object_id, entry.user_id) == (str(enrolled_reviewer.pk), kominfo.pk)
    assert entry.data == {}  # nothing secret
    assert [m.to for m in mailoutbox] == [[enrolled_reviewer.email]]

    # The person enrols again at the next login.
    client.logout()
    client.force_login(enrolled_reviewer)
    assert client.get("/admin/")["Location"].startswith("/admin/2fa/setup/")


def test_only_diskominfo_and_superusers_reset_and_never_themselves(client, verified_login, kominfo,
                                                                   enrolled_reviewer):
    from wagtail.models import ModelLogEntry

    other = User.objects.filter(unit_memberships__role="reviewer").exclude(pk=enrolled_reviewer.pk).first()
    url = f"/admin/2fa/reset/{enrolled_reviewer.pk}/"
    verified_login(other)
    assert client.get("/admin/2fa/reset/").status_code == 403
    assert client.get(url).status_code == 403 and client.post(url).status_code == 403

    verified_login(kominfo)
    assert client.post(f"/admin/2fa/reset/{kominfo.pk}/").status_code == 403
    admin = User.objects.get(username="admin")
    TOTPDevice.objects.create(user=admin, name="phone", confirmed=True)
    assert client.post(f"/admin/2fa/reset/{admin.pk}/").status_code == 403  # a superuser's is for superusers

    # With the password alone (no code yet), Diskominfo cannot reset anyone either.
    client.logout()
    client.force_login(kominfo)
    assert client.post(url).status_code == 403
    assert TOTPDevice.objects.filter(user__in=[enrolled_reviewer, kominfo, admin]).count() == 3
    assert not ModelLogEntry.objects.filter(action="cms.two_factor_reset").exists()

    verified_login(admin)  # a superuser may
    assert client.post(url).status_code == 302
    assert not TOTPDevice.objects.filter(user=enrolled_reviewer).exists()


def test_reset_screen_is_in_the_settings_menu_for_diskominfo_only(client, verified_login, kominfo):
    verified_login(kominfo)
    assert "/admin/2fa/reset/" in client.get("/admin/").content.decode()
    assert "/admin/2fa/recovery-codes/" in client.get("/admin/account/").content.decode()
    verified_login(User.objects.filter(unit_memberships__role="reviewer").first())
    assert "/admin/2fa/reset/" not in client.get("/admin/").content.decode()


def test_demo_code_printed_while_the_enrolment_page_is_open_enrols_there(client, settings):
    # `make code` beside an open enrolment page: its code completes that page (recovery codes
    # included) instead of creating a second device that sends the page off to another form.
    import io

    from django.core.management import call_command

    settings.DEBUG = True
    admin = User.objects.get(username="admin")
    client.force_login(admin)
    client.get("/admin/2fa/setup/")
    out = io.StringIO()
    call_command("demo_totp", "admin", stdout=out)
    response = client.post("/admin/2fa/setup/", {"token": out.getvalue().strip(), "next": "/admin/"})
    assert response.status_code == 200 and len(codes_on_page(response)) == 10
    assert TOTPDevice.objects.filter(user=admin).count() == 1
