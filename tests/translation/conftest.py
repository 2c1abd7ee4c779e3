import socket

import pytest

from .libre_server import start


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
