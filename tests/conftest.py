import pytest
from django.core.cache import cache
from django.core.management import call_command


@pytest.fixture(scope="session")
def _demo_seeded(django_db_setup, django_db_blocker):
    """The demo site, loaded once into the test database the first time a test asks for it.

    Tests that ask for it run after all the others (see pytest_collection_modifyitems), so the
    tests that build their own data with tests/factories.py never see demo rows.
    """
    with django_db_blocker.unblock():
        _restore_after_flush()
        call_command("seed_demo", force=True, stdout=open("/dev/null", "w"))


def _restore_after_flush():
    """Transactional tests (processes sharing the database: tests/complaints/test_exactly_once.py,
    tests/background/) end by emptying it, as Django does; the demo tests run after them, so they
    first get back what the migrations put there (root page and collection, units, groups)."""
    from django.db import connections
    from wagtail.models import Collection

    if Collection.objects.exists():
        return
    for connection in connections.all():
        if contents := getattr(connection, "_test_serialized_contents", None):
            connection.creation.deserialize_db_from_string(contents)


@pytest.fixture
def demo_site(_demo_seeded, db):
    """Opt-in: the whole demo (users, pages, reports). Only for tests about the demo, or not yet
    converted to factories; each test still runs in a transaction that is rolled back."""


def pytest_collection_modifyitems(config, items):
    # Demo tests after the others: once the demo is loaded it stays in the database for the rest of
    # the session. Browser tests last of all: once Playwright's event loop runs in this thread, Django
    # refuses database calls from it (SynchronousOnlyOperation).
    items.sort(key=lambda item: (item.get_closest_marker("browser") is not None,
                                 "demo_site" in getattr(item, "fixturenames", ())))


@pytest.fixture(autouse=True)
def _clear_cache():
    from django.core.cache import caches

    from cms.pagecache.fragments import memory

    cache.clear()
    caches["local"].clear()
    memory.clear()
    yield
    cache.clear()
    caches["local"].clear()
    memory.clear()


@pytest.fixture
def client(client):
    # The demo site answers on localhost; the test client says "testserver".
    client.defaults["HTTP_HOST"] = "localhost"
    return client


@pytest.fixture
def home(db):
    from home.models import HomePage

    from .factories import site_tree

    return HomePage.objects.first() or site_tree().home


@pytest.fixture
def verified_login(client):
    """Log a user in and complete the two-step login, as the admin requires of publishers."""

    def login(user):
        from django_otp import DEVICE_ID_SESSION_KEY
        from django_otp.plugins.otp_totp.models import TOTPDevice

        client.force_login(user)
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first() or \
            TOTPDevice.objects.create(user=user, name="test", confirmed=True)
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
        return client

    return login
