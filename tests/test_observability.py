"""Error reports without personal data, and the settings of search, pooling, logs and error reporting."""

import os
import subprocess
import sys
from pathlib import Path

from cms.observability import before_breadcrumb, before_send, scrub_path

ROOT = Path(__file__).resolve().parent.parent


def test_error_reports_carry_no_personal_data():
    event = {
        "request": {
            "url": "https://portal.kotabogor.go.id/id/pengaduan/verifikasi/AbCdEfGhIjKlMnOpQrStUv/",
            "method": "POST",
            "query_string": "email=budi%40contoh.id",
            "data": {"name": "Budi Warga", "description": "Jalan berlubang"},
            "cookies": {"sessionid": "s3ss10n"},
            "headers": {"Cookie": "sessionid=s3ss10n", "User-Agent": "Firefox", "X-Forwarded-For": "198.51.100.7",
                        "Referer": "https://portal.kotabogor.go.id/id/pengaduan/lacak/ABCDEFGHJK/"},
            "env": {"REMOTE_ADDR": "198.51.100.7"},
        },
        "user": {"id": 7, "email": "officer@kotabogor.go.id", "username": "desk", "ip_address": "198.51.100.7"},
        "exception": {"values": [{"type": "Http404", "value": "No report at /en/complaints/track/ABCDEFGHJK/",
                                  "stacktrace": {"frames": [{"function": "track", "vars": {"code": "ABCDEFGHJK"}}]}}]},
        "breadcrumbs": {"values": [{"message": "GET /id/pengaduan/survei/TokenTokenTokenToken1/ 200"},
                                   {"category": "httplib", "data": {"url": "/x", "http.query": "api_key=k"}}]},
    }
    sent = repr(before_send(event, {}))
    for personal in ("Budi", "budi%40contoh.id", "s3ss10n", "198.51.100.7", "officer@kotabogor.go.id", "desk",
                     "AbCdEfGhIjKlMnOpQrStUv", "ABCDEFGHJK", "TokenTokenTokenToken1", "api_key=k"):
        assert personal not in sent, personal
    assert event["user"] == {"id": 7} and event["request"]["headers"] == {"User-Agent": "Firefox"}
    assert event["request"]["url"].endswith("/id/pengaduan/verifikasi/[redacted]/")
    assert before_breadcrumb({"message": "GET /api/open311/v2/requests/ABCDEFGHJK.json"})["message"].count("ABCDEF") == 0


def test_query_values_are_redacted_and_keys_kept():
    assert scrub_path("/en/search/?q=rumah+budi&page=2") == "/en/search/?q=[redacted]&page=[redacted]"
    assert scrub_path("/admin/password_reset/confirm/MQ/set-password/") == \
        "/admin/password_reset/confirm/[redacted]/[redacted]/"


def settings_value(expression, **env):
    base = {k: v for k, v in os.environ.items() if k not in ("DJANGO_SETTINGS_MODULE", "DB_POOL", "SENTRY_DSN")}
    base.update(DJANGO_SETTINGS_MODULE="cms.settings.dev", **env)
    out = subprocess.run([sys.executable, "-c", f"import django; django.setup(); from django.conf import settings; "
                          f"print({expression})"], cwd=ROOT, env=base, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr[-2000:]
    return out.stdout.strip()


def test_the_search_index_is_not_stemmed_as_english():
    assert settings_value("settings.WAGTAILSEARCH_BACKENDS['default']['SEARCH_CONFIG']") == "simple"


def test_connection_pool_on_postgresql_by_env():
    pg = "postgres://portal:pw@db.internal:5432/portal"
    pooled = settings_value("settings.DATABASES['default']['CONN_MAX_AGE'], settings.DATABASES['default']['OPTIONS']",
                            DATABASE_URL=pg, DB_POOL="1", DB_POOL_MAX_SIZE="8")
    assert pooled == "0 {'pool': {'min_size': 1, 'max_size': 8, 'timeout': 10.0}}"
    assert "pool" not in settings_value("settings.DATABASES['default'].get('OPTIONS', {})", DATABASE_URL=pg)


def test_error_reporting_only_with_a_dsn_and_without_personal_data():
    assert settings_value("__import__('sentry_sdk').get_client().is_active()") == "False"
    options = settings_value("(lambda o: (o['send_default_pii'], o['before_send'].__name__, o['max_request_body_size']))"
                             "(__import__('sentry_sdk').get_client().options)",
                             SENTRY_DSN="https://public@127.0.0.1:9/1")
    assert options == "(False, 'before_send', 'never')"


def test_json_logs_by_env():
    assert settings_value("settings.LOGGING['handlers']['console']['formatter']") == "text"
    assert settings_value("settings.LOGGING['handlers']['console']['formatter']", LOG_FORMAT="json") == "json"
