import pytest
from django.core.cache import cache
from django.core.management import call_command


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Build the test database with `migrate` (done by pytest-django) and load the demo once.

    Each test then runs inside a transaction that is rolled back, so none leaves state behind.
    """
    with django_db_blocker.unblock():
        call_command("seed_demo", force=True, stdout=open("/dev/null", "w"))


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def client(client):
    # The demo site answers on localhost; the test client says "testserver".
    client.defaults["HTTP_HOST"] = "localhost"
    return client


@pytest.fixture
def home(db):
    from home.models import HomePage

    return HomePage.objects.get()


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
