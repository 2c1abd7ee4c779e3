"""The client address behind reverse proxies: what the limits and the login lockout count.

A proxy appends the address it was connected from to X-Forwarded-For; everything to the left of what our
own proxies wrote is the client's to invent. These tests are the README's "Behind a proxy" rules.
"""

import pytest

from cms.client_address import client_address
from tests.factories import officer, site_tree

PROXY_A, PROXY_B = "10.0.0.1", "10.0.0.2"  # the load balancer, then the web server's own proxy
CLIENT = "198.51.100.7"
OFFICER_HOME = "203.0.113.20"


def seen(rf, remote, forwarded=None):
    extra = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {}
    return client_address(rf.get("/", REMOTE_ADDR=remote, **extra))


def test_without_trusted_proxies_the_header_is_ignored(rf, settings):
    settings.TRUSTED_PROXY_COUNT = 0
    assert seen(rf, CLIENT, "1.2.3.4") == CLIENT


def test_one_trusted_proxy_takes_the_entry_it_appended(rf, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    assert seen(rf, PROXY_A, CLIENT) == CLIENT
    assert seen(rf, PROXY_A, f"1.2.3.4, 5.6.7.8, {CLIENT}") == CLIENT  # forged entries stay to the left
    assert seen(rf, PROXY_A) == PROXY_A  # no header: the proxy itself (a health check)


def test_the_older_setting_means_one_proxy(rf, settings):
    settings.TRUSTED_PROXY_COUNT = 0
    settings.COMPLAINT_TRUST_X_FORWARDED_FOR = True
    assert seen(rf, PROXY_A, f"1.2.3.4, {CLIENT}") == CLIENT


def test_two_trusted_proxies_take_the_second_entry_from_the_right(rf, settings):
    settings.TRUSTED_PROXY_COUNT = 2
    assert seen(rf, PROXY_B, f"{CLIENT}, {PROXY_A}") == CLIENT
    assert seen(rf, PROXY_B, f"{OFFICER_HOME}, {CLIENT}, {PROXY_A}") == CLIENT  # a forged officer's address
    other = "198.51.100.99"
    assert seen(rf, PROXY_B, f"{other}, {PROXY_A}") == other  # two citizens are two senders, not one city
    # A header shorter than the proxy chain did not pass through all our proxies: the connection counts.
    assert seen(rf, PROXY_B, OFFICER_HOME) == PROXY_B


def test_trusted_networks_are_skipped_from_the_right(rf, settings):
    settings.TRUSTED_PROXY_NETWORKS = ["10.0.0.0/8", "2001:db8:ffff::/48"]
    assert seen(rf, PROXY_B, f"{OFFICER_HOME}, {CLIENT}, {PROXY_A}") == CLIENT
    assert seen(rf, "2001:db8:ffff::5", f"{OFFICER_HOME}, 2001:db8:1:2::99") == "2001:db8:1:2::"  # as its /64
    assert seen(rf, PROXY_B, f"[2001:db8:1:2::99]:443, {PROXY_A}:80") == "2001:db8:1:2::"  # ports dropped
    # A client that connects directly, from outside those networks, cannot name another address.
    assert seen(rf, CLIENT, OFFICER_HOME) == CLIENT
    # Entries our proxies could not have written stop the walk at the proxy that passed them on.
    assert seen(rf, PROXY_B, f"{OFFICER_HOME}, unknown") == PROXY_B


def test_networks_given_as_text_work_too(rf, settings):
    settings.TRUSTED_PROXY_NETWORKS = "10.0.0.0/8, 192.0.2.0/24"
    assert seen(rf, "192.0.2.1", f"{OFFICER_HOME}, {CLIENT}, {PROXY_A}") == CLIENT


@pytest.mark.django_db
def test_forged_header_behind_two_proxies_cannot_lock_an_officer_out(client, settings):
    """Five wrong passwords for 'desk' sent with the officer's own address forged lock out the sender only."""
    site_tree()
    officer("desk")
    settings.TRUSTED_PROXY_COUNT = 2

    def login(password, real_client, forged=None):
        forwarded = ", ".join(filter(None, [forged, real_client, PROXY_A]))
        return client.post("/admin/login/", {"username": "desk", "password": password},
                           REMOTE_ADDR=PROXY_B, HTTP_X_FORWARDED_FOR=forwarded)

    for _ in range(settings.AXES_FAILURE_LIMIT):
        login("salah-sandi", CLIENT, forged=OFFICER_HOME)
    assert login(settings.DEMO_PASSWORD, CLIENT).status_code == 429  # the one who tried is paused
    assert login(settings.DEMO_PASSWORD, OFFICER_HOME).status_code == 302  # the officer logs in
