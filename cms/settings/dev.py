"""Development: the embedded SQLite database, mail written to files in var/mail/."""

import os

from .base import *  # noqa: F401,F403
from .base import env_list, file_storages

DEBUG = True
SERVE_MEDIA = True
SECRET_KEY = os.environ.get("SECRET_KEY") or "dev-only-insecure-key-do-not-use-in-production"
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
# Mail is sent by the background worker: written as files to var/mail/ so a developer can open the
# links in it (verification, survey, personal data) instead of losing them in the worker's output.
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.filebased.EmailBackend")
EMAIL_FILE_PATH = os.environ.get("EMAIL_FILE_PATH", str(VAR_DIR / "mail"))
STORAGES = file_storages("django.contrib.staticfiles.storage.StaticFilesStorage")

# Static files come from the finders; no collectstatic needed.
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
