import socket

import pytest

from .libre_server import start


@pytest.fixture(autouse=True)
def site(db):
    """What these tests translate and review, without the demo: the page tree, two units' sections
    (with their editors' and reviewers' groups, the translators' and Diskominfo's), and an "About
    Bogor" page whose English a person wrote."""
    from cms.accounts import permissions
    from tests.factories import about_page, site_tree, unit

    tree = site_tree()
    for code in ("dishub", "dlh"):
        permissions.ensure_unit_groups(unit(code))
    about_page()
    return tree


@pytest.fixture(scope="session")
def libre_server():
    server = start()
    yield server
    server.shutdown()


@pytest.fixture
def libre(libre_server, settings):
    """Machine translation through deep-translator's LibreTranslator against the local server."""
    libre_server.reset()
    settings.TRANSLATION_PROVIDER = "libre"
    settings.TRANSLATION_BASE_URL = libre_server.url  # no trailing slash: the service adds it
    settings.TRANSLATION_API_KEY = "test-key"
    settings.TRANSLATION_MAX_CHARS = 0
    yield libre_server
    libre_server.reset()


@pytest.fixture
def provider_down(settings):
    """A LibreTranslate address where nothing listens."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    settings.TRANSLATION_PROVIDER = "libre"
    settings.TRANSLATION_BASE_URL = f"http://127.0.0.1:{port}/"
    settings.TRANSLATION_API_KEY = "test-key"
    settings.TRANSLATION_CONNECT_TIMEOUT = 1
    return port


@pytest.fixture
def many_pages(site):
    """More pages than the English report shows at once (it lists 50 a page)."""
    from tests.factories import StandardPageFactory

    return StandardPageFactory.create_batch(50, parent=site.home)
