"""Tests: fast hashing, in-memory mail, a private page cache, tasks run by the test itself."""

import os
import tempfile

from .base import *  # noqa: F401,F403
from .base import env_list, file_storages

DEBUG = False
SECRET_KEY = "test-only-key"
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# A worker or timer process started by a test sends to that test's SMTP recorder (EMAIL_HOST/PORT).
EMAIL_BACKEND = os.environ.get("TEST_EMAIL_BACKEND", "django.core.mail.backends.locmem.EmailBackend")
# A server started for browser tests passes its folders in the environment, so that all its
# worker processes (and the seeding process before them) share them.
MEDIA_ROOT = os.environ.get("MEDIA_ROOT") or tempfile.mkdtemp(prefix="bogor-test-media-")
COMPLAINT_MEDIA_ROOT = os.environ.get("COMPLAINT_MEDIA_ROOT") or tempfile.mkdtemp(prefix="bogor-test-private-")
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "tests"},
    # The same memory as "default", so that clearing the cache between tests clears the counters too.
    "ratelimit": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "tests"},
    "renditions": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "test-renditions"},
    "local": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "test-local"},
}
STORAGES = file_storages("django.contrib.staticfiles.storage.StaticFilesStorage")
TASKS = {"default": {"BACKEND": os.environ.get("TEST_TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend")}}

# Static files come from the finders; no collectstatic needed.
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# Never reach for map tiles outside this machine in tests.
MAP_TILE_URL = "/static/img/tile.png"

# No text leaves the machine in tests; tests that translate start their own LibreTranslate stand-in.
TRANSLATION_PROVIDER = "none"
COMPLAINT_MACHINE_TRANSLATION = False

# Browser tests of what only production's static files show (hashed names after collectstatic, e.g. Leaflet's
# marker images) start a server with PRODUCTION_STATIC_ROOT set: the static storage and serving of production.
if os.environ.get("PRODUCTION_STATIC_ROOT"):
    STATIC_ROOT = os.environ["PRODUCTION_STATIC_ROOT"]
    STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"}}
    WHITENOISE_USE_FINDERS = False
    WHITENOISE_AUTOREFRESH = False
