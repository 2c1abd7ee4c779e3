"""Browser tests: Debian's Chromium driven by Playwright against a real gunicorn server.

The server runs in its own process on its own database (built with `migrate` and
`seed_demo`), so these tests never share state with the in-process tests. Set
REQUIRE_BROWSER=1 (CI does) to make a missing Chromium a failure instead of a skip.
"""

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]

def _gunicorn(env, *, workers, threads, what):
    """A gunicorn on a free port of 127.0.0.1 with this environment, once its /healthz answers."""
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "cms.wsgi:application", "--bind", f"127.0.0.1:{port}",
         "--workers", str(workers), "--threads", str(threads), "--timeout", "60"],
        cwd=ROOT, env={**env, "ALLOWED_HOSTS": "127.0.0.1,localhost"},
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            urllib.request.urlopen(f"{base}/healthz", timeout=1)
            return server, base
        except OSError:
            time.sleep(0.2)
    server.kill()
    pytest.fail(f"{what} did not start")



def _browser_database_url(workdir):
    """SQLite in a temp dir, or a fresh PostgreSQL database beside the one DATABASE_URL names."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        return f"sqlite:///{workdir}/browser.sqlite3", None
    import dj_database_url
    import psycopg

    cfg = dj_database_url.parse(url)
    name = f"{cfg['NAME']}_browser"
    admin = psycopg.connect(dbname="postgres", user=cfg["USER"], password=cfg["PASSWORD"],
                            host=cfg["HOST"], port=cfg["PORT"] or 5432, autocommit=True)

    def drop():
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    drop()
    admin.execute(f'CREATE DATABASE "{name}"')
    base, _, _ = url.rpartition("/")
    return f"{base}/{name}", lambda: (drop(), admin.close())


@pytest.fixture(scope="session")
def chromium_path():
    if not os.path.exists(CHROMIUM):
        if os.environ.get("REQUIRE_BROWSER"):
            pytest.fail(f"{CHROMIUM} is missing and REQUIRE_BROWSER is set")
        pytest.skip(f"{CHROMIUM} is not installed")
    return CHROMIUM


_LIVE = {}


@pytest.fixture(scope="session")
def live_site(chromium_path):
    if os.environ.get("BROWSER_TEST_SITE"):
        # A developer's own seeded server (its database named by this process's DATABASE_URL etc.),
        # to iterate on one browser test without seeding a new site each run.
        _LIVE["env"] = {**os.environ, "DJANGO_SETTINGS_MODULE": "cms.settings.test"}
        yield os.environ["BROWSER_TEST_SITE"]
        return
    workdir = tempfile.mkdtemp(prefix="bogor-browser-")
    db_url, cleanup = _browser_database_url(workdir)
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "cms.settings.test", "DATABASE_URL": db_url,
           "VAR_DIR": workdir, "MEDIA_ROOT": f"{workdir}/media", "COMPLAINT_MEDIA_ROOT": f"{workdir}/private",
           "SERVE_MEDIA": "1"}
    _LIVE["env"] = env
    manage = [sys.executable, "manage.py"]
    for args in (["migrate", "--noinput"], ["seed_demo", "--force"]):
        subprocess.run(manage + args, cwd=ROOT, env=env, check=True, capture_output=True, timeout=300)
    server, base = _gunicorn(env, workers=2, threads=2, what="the test server")
    yield base
    server.terminate()
    server.wait(timeout=20)
    if cleanup:
        cleanup()
    shutil.rmtree(workdir, ignore_errors=True)


@pytest.fixture(scope="session")
def live_manage(live_site):
    """Run a manage.py command on the test server's database, e.g. `live_manage("shell", "-c", code)`."""

    def run(*args):
        return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=_LIVE["env"], check=True,
                              capture_output=True, text=True, timeout=120).stdout

    return run


# Content-Security-Policy: every page of every browser context reports what the policy refused (in any frame,
# the admin's preview included), and every browser test fails on such a report (see _no_csp_violations).
CSP_VIOLATIONS = []
CSP_LISTENER = """
document.addEventListener("securitypolicyviolation", function (e) {
  window.__cspViolation({directive: e.effectiveDirective, blocked: e.blockedURI, source: e.sourceFile,
                         line: e.lineNumber, sample: e.sample, page: location.href});
});
"""
# Browser messages about the policy headers themselves (a malformed policy, an unknown feature).
POLICY_MESSAGES = ("Content Security Policy", "Content-Security-Policy", "Permissions-Policy", "Permissions policy")


def watch_csp(context):
    context.expose_binding("__cspViolation", lambda source, report: CSP_VIOLATIONS.append(report))
    context.add_init_script(CSP_LISTENER)

    def console(message):
        if message.type in ("error", "warning") and any(m in message.text for m in POLICY_MESSAGES):
            CSP_VIOLATIONS.append({"console": message.text, "page": message.page.url if message.page else None})

    context.on("console", console)
    return context


@pytest.fixture(scope="session")
def browser(chromium_path):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path, headless=True, args=CHROMIUM_ARGS)
        new_context = browser.new_context
        browser.new_context = lambda *args, **kwargs: watch_csp(new_context(*args, **kwargs))
        yield browser
        browser.close()


@pytest.fixture(autouse=True)
def _no_csp_violations():
    """Fail any browser test during which the site's own pages broke their Content-Security-Policy."""
    CSP_VIOLATIONS.clear()
    yield
    found, CSP_VIOLATIONS[:] = list(CSP_VIOLATIONS), []
    if found:
        pytest.fail("Content-Security-Policy violations:\n" + "\n".join(map(str, found)), pytrace=False)


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="en-GB")  # a phone
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()


@pytest.fixture(autouse=True)
def _clear_cache():
    """Override the in-process cache fixture: these tests run against another process."""
    yield



@pytest.fixture(scope="session")
def production_static_site(live_site):
    """A second server on the same database, serving static files as production does: collected into a fresh
    STATIC_ROOT with hashed names (CompressedManifestStaticFilesStorage) and served by WhiteNoise from there.
    What only shows after collectstatic (Leaflet's images under hashed names) is tested against it."""
    if os.environ.get("PRODUCTION_STATIC_SITE"):  # such a server already running (as with BROWSER_TEST_SITE)
        yield os.environ["PRODUCTION_STATIC_SITE"]
        return
    static_root = tempfile.mkdtemp(prefix="bogor-static-")
    env = {**_LIVE["env"], "PRODUCTION_STATIC_ROOT": static_root}
    subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput"], cwd=ROOT, env=env, check=True,
                   capture_output=True, timeout=300)
    server, base = _gunicorn(env, workers=1, threads=4, what="the production-static test server")
    yield base
    server.terminate()
    server.wait(timeout=20)
    shutil.rmtree(static_root, ignore_errors=True)
