"""Production: refuses to start with an insecure configuration."""

import os
import zlib

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F401,F403
from .base import env_bool, env_list

SECRET_KEY_MIN_LENGTH = 50
SECRET_KEY_MIN_DISTINCT = 12
# zlib finds repeats and runs: 50 random characters never compress below 55 bytes (Django's own
# generator and 64 hex digits measured), 'abcdefghij' * 6 compresses to 21.
SECRET_KEY_MIN_COMPRESSED = 48


def weak_secret_key(key):
    """Why `key` is too weak to sign sessions and links, or "" when it will do.

    Stricter than `check --deploy` (W009: 50 characters, 5 distinct), which a repeated pattern passes.
    """
    if len(key) < SECRET_KEY_MIN_LENGTH:
        return f"it has fewer than {SECRET_KEY_MIN_LENGTH} characters"
    if key.startswith("django-insecure"):
        return "it is Django's insecure development key"
    if len(set(key)) < SECRET_KEY_MIN_DISTINCT:
        return f"it has fewer than {SECRET_KEY_MIN_DISTINCT} different characters"
    if len(zlib.compress(key.encode(), 9)) < SECRET_KEY_MIN_COMPRESSED:
        return "it repeats a pattern"
    return ""


def wildcard_hosts(hosts):
    """Entries that would accept any Host header (Django reads '*' as any host; '.' or '.*' patterns are typos of it)."""
    return [host for host in hosts if "*" in host or host.strip(".") == ""]


DEBUG = False
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if problem := weak_secret_key(SECRET_KEY):
    raise ImproperlyConfigured(
        f"SECRET_KEY is too weak ({problem}). Set it to a random string of at least {SECRET_KEY_MIN_LENGTH} "
        "characters, e.g. the output of: python -c \"from django.core.management.utils import "
        "get_random_secret_key; print(get_random_secret_key())\"")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("Set ALLOWED_HOSTS to the site's host names (comma separated).")
if wildcards := wildcard_hosts(ALLOWED_HOSTS):
    raise ImproperlyConfigured(
        f"ALLOWED_HOSTS must name the site's hosts, not a wildcard ({', '.join(wildcards)}): a forged Host "
        "header would be trusted, e.g. in password-reset links.")

# Several web servers must share one cache, or a page published through one stays stale on the others
# (and menus and private-path lists for an hour). One machine may keep the file cache, if it says so.
SINGLE_SERVER = env_bool("SINGLE_SERVER", False)
if not REDIS_URL and not SINGLE_SERVER:
    raise ImproperlyConfigured(
        "Set REDIS_URL (e.g. redis://redis.internal:6379/0) so that every web server shares one cache, or "
        "SINGLE_SERVER=1 if this site runs on one machine only (its file cache is not shared between machines).")

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
# Behind HTTPS, a stray http:// link in an editor's text is fetched over HTTPS instead of being blocked as mixed content.
CONTENT_SECURITY_POLICY["DIRECTIVES"]["upgrade-insecure-requests"] = True
CONTENT_SECURITY_POLICY_ADMIN["DIRECTIVES"]["upgrade-insecure-requests"] = True
