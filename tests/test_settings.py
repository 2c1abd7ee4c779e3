"""Production settings: secure by default, and refuse to start when misconfigured."""

import os
import subprocess
import sys
from pathlib import Path
from secrets import token_hex, token_urlsafe

import pytest
from django.core.management.utils import get_random_secret_key

ROOT = Path(__file__).resolve().parent.parent
SECRET = "I-7QqAzjPwgKQZMI2oXLj41s5QPtt_jLu5FQC-0TQP4jdupO8jYZL2L61bay"  # random; never used anywhere real


def manage(*args, **env):
    """manage.py with the production settings; one server (no Redis) unless `env` says otherwise
    (a value of None drops that variable)."""
    dropped = ("SECRET_KEY", "ALLOWED_HOSTS", "DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE", "REDIS_URL",
               "SINGLE_SERVER")
    base = {k: v for k, v in os.environ.items() if k not in dropped}
    base.update({"DJANGO_SETTINGS_MODULE": "cms.settings.production", "SINGLE_SERVER": "1", **env})
    base = {k: v for k, v in base.items() if v is not None}
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=base,
                          capture_output=True, text=True, timeout=120)


def test_check_deploy_reports_no_warnings():
    result = manage("check", "--deploy", SECRET_KEY=SECRET, ALLOWED_HOSTS="portal.kotabogor.go.id",
                    DATABASE_URL="sqlite:////tmp/bogor-deploy-check.sqlite3")
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout, result.stdout + result.stderr


def test_refuses_to_start_without_secret_key():
    result = manage("check", ALLOWED_HOSTS="portal.kotabogor.go.id")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_refuses_to_start_with_a_weak_secret_key():
    result = manage("check", SECRET_KEY="short", ALLOWED_HOSTS="portal.kotabogor.go.id")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


@pytest.mark.parametrize("key", [
    "abcdefghij" * 6,  # 60 characters, 10 different: passes `check --deploy` (W009)
    "x9Qz7Lp2Vb8Nw4Rt6Ys1Ua5Ec0Hd3Mf" * 2,  # 62 characters, 31 different, one pattern twice
    "django-insecure-" + "I-7QqAzjPwgKQZMI2oXLj41s5QPtt_jLu5FQC-0TQP4jdupO8j",
])
def test_refuses_to_start_with_a_low_entropy_secret_key(key):
    result = manage("check", SECRET_KEY=key, ALLOWED_HOSTS="portal.kotabogor.go.id")
    assert result.returncode != 0
    assert "ImproperlyConfigured: SECRET_KEY is too weak" in result.stderr, result.stderr[-1000:]
    assert "get_random_secret_key" in result.stderr  # says how to make a good one


@pytest.mark.parametrize("hosts", ["*", "portal.kotabogor.go.id,*", ".*", "*.kotabogor.go.id", "."])
def test_refuses_to_start_with_a_wildcard_host(hosts):
    result = manage("check", SECRET_KEY=SECRET, ALLOWED_HOSTS=hosts)
    assert result.returncode != 0
    assert "ImproperlyConfigured: ALLOWED_HOSTS must name the site's hosts, not a wildcard" in result.stderr, \
        result.stderr[-1000:]


@pytest.mark.parametrize("key", [get_random_secret_key() for _ in range(3)] + [token_hex(32), token_urlsafe(50)])
def test_accepts_generated_secret_keys_and_a_subdomain_pattern(key):
    result = manage("check", SECRET_KEY=key, ALLOWED_HOSTS="portal.kotabogor.go.id,.kotabogor.go.id",
                    DATABASE_URL="sqlite:////tmp/bogor-deploy-check.sqlite3")
    assert result.returncode == 0, result.stderr[-1000:]


def test_refuses_to_start_without_a_shared_cache_unless_on_one_server():
    """Two servers with a cache each serve a page published through one stale from the other."""
    result = manage("check", SECRET_KEY=SECRET, ALLOWED_HOSTS="portal.kotabogor.go.id", SINGLE_SERVER=None)
    assert result.returncode != 0
    assert "ImproperlyConfigured: Set REDIS_URL" in result.stderr, result.stderr[-1000:]
    assert "SINGLE_SERVER=1" in result.stderr
    result = manage("check", SECRET_KEY=SECRET, ALLOWED_HOSTS="portal.kotabogor.go.id", SINGLE_SERVER=None,
                    REDIS_URL="redis://127.0.0.1:1/0", DATABASE_URL="sqlite:////tmp/bogor-deploy-check.sqlite3")
    assert result.returncode == 0, result.stderr[-1000:]


def test_redis_cache_fails_safe_with_short_timeouts():
    code = ("from django.conf import settings; c = settings.CACHES; "
            "print(c['default']['BACKEND'], c['ratelimit']['BACKEND'], c['default']['OPTIONS']['socket_timeout'])")
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    env.update(REDIS_URL="redis://127.0.0.1:1/0", DJANGO_SETTINGS_MODULE="cms.settings.dev")
    out = subprocess.run([sys.executable, "-c", "import django; django.setup(); " + code], cwd=ROOT, env=env,
                         capture_output=True, text=True, timeout=60)
    assert out.stdout.split() == ["cms.cache.FailSafeRedisCache", "cms.cache.FailSafeRedisCache", "0.5"], out.stderr


def test_refuses_to_start_without_allowed_hosts():
    result = manage("check", SECRET_KEY=SECRET)
    assert result.returncode != 0
    assert "ALLOWED_HOSTS" in result.stderr


def test_database_url_selects_postgresql():
    code = ("from django.conf import settings; d = settings.DATABASES['default']; "
            "print(d['ENGINE'], d['NAME'], d['HOST'])")
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    env.update(DATABASE_URL="postgres://portal:pw@db.internal:5432/portal", DJANGO_SETTINGS_MODULE="cms.settings.dev")
    out = subprocess.run([sys.executable, "-c", "import django; django.setup(); " + code], cwd=ROOT, env=env,
                         capture_output=True, text=True, timeout=60)
    assert out.stdout.split() == ["django.db.backends.postgresql", "portal", "db.internal"], out.stderr


def test_collectstatic_with_the_production_storage(tmp_path):
    """The manifest storage refuses CSS/JS that point at missing files: a deploy would fail."""
    result = manage("collectstatic", "--noinput", SECRET_KEY=SECRET, ALLOWED_HOSTS="portal.kotabogor.go.id",
                    STATIC_ROOT=str(tmp_path), DATABASE_URL="sqlite:////tmp/bogor-deploy-check.sqlite3")
    assert result.returncode == 0, result.stderr[-2000:]
    assert any(tmp_path.glob("vendor/leaflet/leaflet.*.js"))
