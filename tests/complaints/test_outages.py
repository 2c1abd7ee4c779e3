"""The site survives its dependencies failing: a Redis that stops or hangs, a database that drops.

The Redis tests run a real redis-server (tests/redis_server.py) and stop it, or freeze it with SIGSTOP
(a network partition: the server keeps its data but answers nothing), in the middle of the test.
The database is made unreachable by patching this thread's connection so that opening a cursor
raises the driver's own OperationalError, as a refused or dropped connection does; Django wraps it as
it would a real one. (SQLite has no port to close, and the test database must survive the test.)
"""

import html
import logging
import os
import re
import signal
import socket
import threading
import time
from contextlib import contextmanager

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import OperationalError, connection
from django.test import override_settings

from cms.cache import reset_outages
from complaints import services
from complaints.models import Complaint
from tests.factories import ApiClientFactory
from tests.redis_server import redis_server  # noqa: F401  (fixture)

from .conftest import jpeg, tracking_code

pytestmark = pytest.mark.django_db
API = "/api/open311/v2"
PAUSE = 0.3  # PAUSE_AFTER_ERROR in these tests: seconds without asking Redis after an error


def redis_caches(url, pause=PAUSE, timeout=0.5):
    backend = {"BACKEND": "cms.cache.FailSafeRedisCache", "LOCATION": url,
               "OPTIONS": {"socket_connect_timeout": timeout, "socket_timeout": timeout, "PAUSE_AFTER_ERROR": pause}}
    return {"default": backend, "ratelimit": {**backend, "KEY_PREFIX": "ratelimit"},
            "renditions": settings.CACHES["renditions"], "local": settings.CACHES["local"]}


@pytest.fixture
def on_redis(redis_server):  # noqa: F811
    reset_outages()
    with override_settings(CACHES=redis_caches(redis_server.url)):
        yield redis_server
    reset_outages()


@pytest.fixture
def api_key():
    ApiClientFactory(name="Demo client", key=settings.OPEN311_DEMO_KEY)
    return settings.OPEN311_DEMO_KEY


def open311_post(client, key):
    return client.post(f"{API}/requests.json", {
        "api_key": key, "service_code": "saluran-mampet", "lat": "-6.5971", "long": "106.7990",
        "description": "Got mampet di depan pasar, air meluap ke jalan."})


def everything_answers(client, form_data, api_key):
    """Every kind of URL a citizen or a client uses, with their status codes."""
    codes = {}
    for url in ("/id/", "/en/", "/id/berita/", "/id/wisata/", "/id/pengaduan/", "/healthz",
                f"{API}/services.json", f"{API}/requests.json"):
        codes[url] = client.get(url).status_code
    sent = client.post("/id/pengaduan/", form_data(photos=[jpeg()]), follow=True)
    codes["form POST"] = sent.status_code
    code = tracking_code(sent)
    assert code and Complaint.objects.filter(tracking_code=code).exists()
    codes["tracking"] = client.get(f"/id/pengaduan/lacak/{code}/").status_code
    codes["open311 POST"] = open311_post(client, api_key).status_code
    return codes


EXPECTED = {"/id/": 200, "/en/": 200, "/id/berita/": 200, "/id/wisata/": 200, "/id/pengaduan/": 200,
            "/healthz": 200, f"{API}/services.json": 200, f"{API}/requests.json": 200, "form POST": 200,
            "tracking": 200, "open311 POST": 201}


def test_pages_and_open311_answer_when_redis_stops_mid_run(client, on_redis, form_data, api_key, caplog):
    client.raise_request_exception = False
    assert client.get("/id/berita/")["X-Page-Cache"] == "MISS"
    assert client.get("/id/berita/")["X-Page-Cache"] == "HIT"  # the pages are in this Redis
    ready = client.get("/readyz")
    assert ready.status_code == 200, ready.json()
    assert ready.json()["checks"]["cache"] == {"status": "ok"}

    on_redis.stop()
    with caplog.at_level(logging.WARNING, logger="cms.cache"):
        assert everything_answers(client, form_data, api_key) == EXPECTED
        ready = client.get("/readyz")
        assert ready.status_code == 503
        assert ready.json()["failing"] == ["cache"]
        assert ready.json()["checks"]["database"] == {"status": "ok"}
        time.sleep(PAUSE + 0.1)  # past the pause: the next request asks Redis again, and fails again
        assert client.get("/id/").status_code == 200
    # One outage, one line: not one per request or per cache call.
    outage_lines = [r for r in caplog.records if "Cache unavailable" in r.getMessage()]
    assert len(outage_lines) == 1, [r.getMessage() for r in caplog.records]
    assert "redis://" not in caplog.text and "127.0.0.1" not in caplog.text

    on_redis.start()  # same port, empty
    time.sleep(PAUSE + 0.1)
    ready = client.get("/readyz")
    assert ready.status_code == 200, ready.json()
    assert client.get("/id/berita/")["X-Page-Cache"] == "MISS"
    assert client.get("/id/berita/")["X-Page-Cache"] == "HIT"  # cached again


def test_rate_limits_let_requests_through_while_redis_is_down(client, on_redis):
    on_redis.stop()
    with override_settings(COMPLAINT_TRACK_LOOKUPS_PER_10_MIN=2):
        codes = [client.get("/id/pengaduan/lacak/ABCDEF2345/").status_code for _ in range(4)]
    assert codes == [404] * 4  # "not found", never 429 nor 500


def test_a_publish_while_redis_is_cut_off_is_not_lost_when_it_comes_back(client, on_redis, site):
    """A partition keeps Redis's data: the purge sent during it was lost, so the pages cached before it
    must not come back once Redis answers again."""
    news = site.news
    assert client.get("/id/berita/")["X-Page-Cache"] == "MISS"
    assert client.get("/id/berita/")["X-Page-Cache"] == "HIT"
    os.kill(on_redis.process.pid, signal.SIGSTOP)
    try:
        news.title_ind = "Kabar terbaru dari balai kota"
        news.save_revision().publish()  # its purge cannot reach Redis
        assert "Kabar terbaru dari balai kota" in client.get("/id/berita/").content.decode()
    finally:
        os.kill(on_redis.process.pid, signal.SIGCONT)
    time.sleep(PAUSE + 0.1)
    for _ in range(2):
        assert "Kabar terbaru dari balai kota" in client.get("/id/berita/").content.decode()


@contextmanager
def silent_server():
    """A port that accepts connections and never answers: a hung or firewalled Redis."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(64)
    held = []
    stop = threading.Event()

    def accept():
        listener.settimeout(0.1)
        while not stop.is_set():
            try:
                held.append(listener.accept()[0])
            except OSError:
                pass

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield f"redis://127.0.0.1:{listener.getsockname()[1]}/0"
    finally:
        stop.set()
        thread.join()
        for conn in held:
            conn.close()
        listener.close()


def test_a_hung_redis_costs_one_short_timeout_not_one_per_cache_call(client):
    """Each page makes several cache calls; without timeouts a hung Redis would hold every request forever,
    with a timeout per call a page would wait that long several times over."""
    reset_outages()
    with silent_server() as url, override_settings(CACHES=redis_caches(url, pause=30, timeout=0.5)):
        started = time.monotonic()
        first = client.get("/id/")
        first_seconds = time.monotonic() - started
        started = time.monotonic()
        rest = [client.get(path).status_code for path in ("/id/berita/", "/en/", "/id/wisata/", "/id/pengaduan/")]
        rest_seconds = time.monotonic() - started
    reset_outages()
    assert first.status_code == 200 and rest == [200] * 4
    assert first_seconds < 0.5 + 1.0  # one timeout, plus rendering
    assert rest_seconds < 2.0  # no timeouts at all while the process waits before asking again
    cache.clear()


# The database --------------------------------------------------------------------------------

@contextmanager
def database_down():
    """Every new cursor on this thread's connection fails as a dropped PostgreSQL connection does."""
    original = connection.create_cursor

    def refused(*args, **kwargs):
        raise connection.Database.OperationalError("could not connect to server: Connection refused")

    connection.create_cursor = refused
    try:
        yield
    finally:
        connection.create_cursor = original


def test_database_down_gives_a_bilingual_503_with_retry_after(client):
    client.raise_request_exception = False
    with database_down():
        page = client.get("/en/tourism/")
        services_json = client.get(f"{API}/services.json")
        services_xml = client.get(f"{API}/services.xml")
        health = client.get("/healthz")
        ready = client.get("/readyz")
    assert page.status_code == 503
    assert page["Retry-After"] == str(settings.OUTAGE_RETRY_AFTER_SECONDS)
    text = page.content.decode()
    assert "The site is temporarily unavailable" in text
    assert 'id="outage-id"' in text and 'id="outage-en"' in text  # both languages, whatever was asked
    assert "Something went wrong" not in text
    assert "no-cache" in page["Cache-Control"]
    assert services_json.status_code == 503 and services_json["Retry-After"]
    assert services_json.json()[0]["code"] == 503
    assert services_xml.status_code == 503 and b"<code>503</code>" in services_xml.content
    assert health.status_code == 200  # liveness: the process is fine, a restart would not help
    assert ready.status_code == 503 and "database" in ready.json()["failing"]


def test_a_report_saved_when_the_database_drops_can_be_sent_again_safely(client, form_data):
    """The commit went through but its answer was lost (the connection dropped right after): the citizen
    is told the report may have been saved, and sending the same form again shows the one report."""
    client.raise_request_exception = False
    original = services.submit

    def saved_then_dropped(*args, **kwargs):
        original(*args, **kwargs)
        # As Django raises it when the driver's COMMIT or its answer fails.
        raise OperationalError("server closed the connection unexpectedly")

    data = form_data()
    services.submit = saved_then_dropped
    try:
        response = client.post("/id/pengaduan/", data)
    finally:
        services.submit = original
    assert response.status_code == 503 and response["Retry-After"]
    text = html.unescape(response.content.decode())
    assert "Your report may have been saved" in text
    assert "Sending the same form again is safe" in text
    assert Complaint.objects.count() == 1

    resent = client.post("/id/pengaduan/", resend_fields(response))
    assert resent.status_code == 302
    assert Complaint.objects.count() == 1
    shown = client.get(resent["Location"])
    assert tracking_code(shown) == Complaint.objects.get().tracking_code


def test_a_report_the_outage_kept_from_saving_is_saved_once_when_sent_again(client, form_data):
    client.raise_request_exception = False
    data = form_data(description="Sampah menumpuk di pinggir jalan Pajajaran.")
    with database_down():
        response = client.post("/id/pengaduan/", data)
    assert response.status_code == 503
    assert "may have been saved" in html.unescape(response.content.decode())
    assert Complaint.objects.count() == 0
    fields = resend_fields(response)
    for _ in range(2):  # a double click on "send again"
        assert client.post("/id/pengaduan/", fields).status_code == 302
    assert Complaint.objects.get().description == "Sampah menumpuk di pinggir jalan Pajajaran."


def test_a_tracking_code_just_given_is_shown_while_the_database_is_down(client, form_data):
    client.raise_request_exception = False
    sent = client.post("/id/pengaduan/", form_data())
    code = Complaint.objects.get().tracking_code
    with database_down():
        page = client.get(sent["Location"])
    assert page.status_code == 503
    assert code in page.content.decode()


def resend_fields(response):
    """The fields of the outage page's first "send again" form, as a browser would post them."""
    form = re.search(r'<form method="post" action="/id/pengaduan/">(.*?)</form>', response.content.decode(), re.S)
    assert form, response.content.decode()[:2000]
    fields = {}
    for name, value in re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', form.group(1)):
        fields.setdefault(html.unescape(name), []).append(html.unescape(value))
    return fields


# /readyz --------------------------------------------------------------------------------------

def test_readyz_names_a_mail_backlog_a_task_backlog_and_a_read_only_store(client, tmp_path):
    from datetime import timedelta

    from django.utils import timezone
    from django_tasks_db.models import DBTaskResult

    from complaints.models import OutboundEmail
    from complaints.notifications import deliver

    ready = client.get("/readyz")
    assert ready.status_code == 200, ready.json()
    assert set(ready.json()["checks"]) == {"database", "cache", "storage", "storage:complaint_photos", "tasks", "email"}
    assert "no-cache" in ready["Cache-Control"]

    hour_ago = timezone.now() - timedelta(hours=1)
    OutboundEmail.objects.create(to="warga@contoh.id", subject="Laporan ABCDEF2345", body="...", created_at=hour_ago)
    with override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}):
        deliver.enqueue(1)
        DBTaskResult.objects.update(enqueued_at=hour_ago)
        # A store nothing can be written to, even as root (CI): its folder is a file.
        (tmp_path / "media").write_bytes(b"")
        with override_settings(STORAGES={**settings.STORAGES, "default": {
                "BACKEND": "django.core.files.storage.FileSystemStorage",
                "OPTIONS": {"location": str(tmp_path / "media")}}}):
            ready = client.get("/readyz")
    assert ready.status_code == 503
    body = ready.json()
    assert body["failing"] == ["email", "storage", "tasks"]
    assert body["checks"]["email"]["detail"] == "oldest waiting 60 min"
    assert "warga@contoh.id" not in ready.content.decode() and "ABCDEF2345" not in ready.content.decode()
    # A load balancer may ask only for what stops the site.
    assert client.get("/readyz?part=database&part=cache").status_code == 200
