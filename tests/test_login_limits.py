"""Failed logins are limited per account and address (an officer's typos pause only them) and per
address across accounts (one password tried over many accounts is stopped)."""

import pytest
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext

from tests.factories import officer, site_tree

pytestmark = pytest.mark.django_db
LOGIN = "/admin/login/"
SPRAYER = "198.51.100.7"


@pytest.fixture(autouse=True)
def site(db):
    site_tree()
    return [officer(username) for username in ("desk", "pupr")]


def attempt(client, username, password, address=SPRAYER):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address)


def test_one_password_over_30_accounts_from_one_address_is_stopped(client, django_user_model):
    for n in range(30):
        django_user_model.objects.create_user(f"pegawai{n}", password=settings.DEMO_PASSWORD)
    answers = [attempt(client, f"pegawai{n}", "Bogor2024!").status_code for n in range(30)]
    assert 429 in answers  # stopped before the 30th account
    assert answers.index(429) <= settings.AXES_ADDRESS_FAILURE_LIMIT
    # From that address, even a right password is refused now, with a message about the connection...
    refused = attempt(client, "desk", settings.DEMO_PASSWORD)
    with translation.override(settings.LANGUAGE_CODE):  # the admin's login speaks Indonesian
        paused = gettext("Logins from your connection are paused for 30 minutes after many wrong passwords on "
                         "different accounts. Try again later, or ask Diskominfo for help.")
    assert refused.status_code == 429 and paused in refused.content.decode()
    # ...while the same officer elsewhere logs in (two-step login next).
    assert attempt(client, "desk", settings.DEMO_PASSWORD, address="203.0.113.20").status_code == 302


def test_an_ipv6_64_is_one_address_for_logins(client, django_user_model, settings):
    settings.AXES_ADDRESS_FAILURE_LIMIT = 4
    for n in range(4):
        django_user_model.objects.create_user(f"pegawai{n}", password=settings.DEMO_PASSWORD)
        attempt(client, f"pegawai{n}", "Bogor2024!", address=f"2001:db8:7:9::{n + 1:x}")
    assert attempt(client, "desk", settings.DEMO_PASSWORD, address="2001:db8:7:9:abcd::1").status_code == 429
    assert attempt(client, "desk", settings.DEMO_PASSWORD, address="2001:db8:7:a::1").status_code == 302


def test_an_officer_mistyping_their_own_password_is_paused_alone_as_before(client):
    for _n in range(settings.AXES_FAILURE_LIMIT - 1):
        assert attempt(client, "desk", "salah-ketik").status_code == 200
    assert attempt(client, "desk", settings.DEMO_PASSWORD).status_code == 302  # still in
    for _n in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, "desk", "salah-ketik")
    paused = attempt(client, "desk", settings.DEMO_PASSWORD)
    html = paused.content.decode()  # the admin speaks Indonesian unless asked otherwise
    assert paused.status_code == 429 and "Logins from your connection" not in html
    assert "This account is paused" in html or "mengatur ulang kata sandi" in html
    assert attempt(client, "pupr", settings.DEMO_PASSWORD).status_code == 302  # a colleague at the same address


def test_logging_in_to_an_own_account_does_not_clear_the_address_count(client, django_user_model, settings):
    settings.AXES_ADDRESS_FAILURE_LIMIT = 4
    for n in range(3):
        django_user_model.objects.create_user(f"pegawai{n}", password=settings.DEMO_PASSWORD)
        attempt(client, f"pegawai{n}", "Bogor2024!")
    assert attempt(client, "pupr", settings.DEMO_PASSWORD).status_code == 302  # the sprayer's own account
    client.logout()
    attempt(client, "pegawai0", "Bogor2025!")
    assert attempt(client, "desk", settings.DEMO_PASSWORD).status_code == 429


@pytest.mark.parametrize("remote, counted", [
    ("203.0.113.9", "203.0.113.9"),
    ("::ffff:203.0.113.9", "203.0.113.9"),  # IPv4 written as IPv6 is the IPv4 address
    ("2001:db8:1:2:aaaa:bbbb:cccc:dddd", "2001:db8:1:2::"),
    ("2001:DB8:1:2::1", "2001:db8:1:2::"),
    ("not an address", "not an address"),
])
def test_an_address_counts_as_itself_and_ipv6_as_its_64(rf, remote, counted):
    from cms.client_address import client_address

    assert client_address(rf.get("/", REMOTE_ADDR=remote)) == counted
