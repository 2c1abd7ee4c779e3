"""Settings shared by every environment. Configuration comes from environment variables."""

import ipaddress
import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from cms.observability import init_sentry, logging_config

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(os.environ.get("VAR_DIR", BASE_DIR / "var"))


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # modeltranslation must come before the apps whose models it translates and before
    # django.contrib.admin; its migrate command adds Wagtail's translated Page columns.
    "wagtail_modeltranslation",
    "wagtail_modeltranslation.makemigrations",
    "wagtail_modeltranslation.migrate",
    "modeltranslation",
    "cms",
    "cms.accounts",
    "cms.pagecache",
    "cms.machine_translation",  # after cms.pagecache: its publish handler runs after the purge
    "home",
    "tourism",
    "complaints",
    "wagtail.contrib.forms",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.table_block",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "cms.images",  # after wagtail.images/documents: replaces their permission policies
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    # After wagtail.admin: its ready() replaces Wagtail's workflow e-mails (cms/review/__init__.py).
    "cms.review",
    "cms.background",
    "modelcluster",
    "taggit",
    "django_tasks",
    "django_tasks_db",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.sitemaps",
    "django.contrib.staticfiles",
    "axes",
    "csp",
    "django_otp",
    "django_otp.plugins.otp_totp",
]

MIDDLEWARE = [
    # First: every response, even one answered early, carries the request id its log lines carry.
    "cms.observability.RequestIdMiddleware",
    "cms.pagecache.cache.StampMemoMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Compresses what the middleware below produce (static files are already compressed by WhiteNoise);
    # only public responses, never those with a secret (BREACH): see cms/compression.py.
    "cms.compression.PublicGZipMiddleware",
    # Outside everything that may answer early (page cache, redirects, two-step login), so every page gets them.
    "cms.security_headers.ContentSecurityPolicyMiddleware",
    "cms.security_headers.PermissionsPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "cms.middleware.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "cms.pagecache.middleware.PrivateForUsersMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "cms.accounts.two_factor.TwoFactorMiddleware",
    "cms.routing.CachedSiteMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "cms.urls"
WSGI_APPLICATION = "cms.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
    {
        # Plain-text e-mails (cms.email.render_text): escaping is for HTML, and a citizen who wrote
        # `it's` must not read `it&#x27;s`. The same templates folders; only e-mail code asks for it.
        "NAME": "text",
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {"autoescape": False},
    },
]

# Database: a SQLite file by default so one command runs the site; PostgreSQL in production.
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
# DB_POOL=1 (PostgreSQL): each process keeps a pool of open connections (psycopg_pool through Django's
# OPTIONS["pool"]) instead of one persistent connection per thread; Django requires CONN_MAX_AGE 0 with it.
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and env_bool("DB_POOL", False):
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
        "min_size": int(os.environ.get("DB_POOL_MIN_SIZE", "1")),
        "max_size": int(os.environ.get("DB_POOL_MAX_SIZE", "4")),
        "timeout": float(os.environ.get("DB_POOL_TIMEOUT", "10")),
    }
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL and a busy timeout let gunicorn workers and the task worker share the file.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Two-step login (TOTP) for everyone who can publish; see cms/accounts/two_factor.py.
TWO_FACTOR_REQUIRED = env_bool("TWO_FACTOR_REQUIRED", True)
OTP_TOTP_ISSUER = "Portal Kota Bogor"
OTP_ADMIN_HIDE_SENSITIVE_DATA = True
# People may not change their own e-mail address: the roster import and notices rely on it.
WAGTAIL_EMAIL_MANAGEMENT_ENABLED = False

# Failed logins: 5 tries per user name and address, then a 30-minute pause (django-axes); and, against
# one password tried over many accounts, AXES_ADDRESS_FAILURE_LIMIT failures from one address whatever
# the user names pause that address (cms/accounts/lockout.py; 0: no address limit). Higher than the
# per-user limit, so that a few officers behind one office address mistyping do not lock each other out.
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_ADDRESS_FAILURE_LIMIT = int(os.environ.get("AXES_ADDRESS_FAILURE_LIMIT", "20"))
AXES_HANDLER = "cms.accounts.lockout.AddressLimitHandler"
# The address as the complaint limits see it: behind our proxies (TRUSTED_PROXY_COUNT or
# TRUSTED_PROXY_NETWORKS) the client's, never the proxy's nor a forged one, and an IPv6 address as its /64.
AXES_CLIENT_IP_CALLABLE = "cms.client_address.client_address"
AXES_COOLOFF_TIME = 0.5  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "axes/lockout.html"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Languages: Indonesian first, English second. modeltranslation names the Indonesian
# columns *_ind because *_id would clash with Django's foreign-key suffix.
LANGUAGE_CODE = "id"
LANGUAGES = [
    ("id", _("Bahasa Indonesia")),
    ("en", _("English")),
]
# locale/ holds the project's own strings (refreshed by makemessages); locale/admin/ completes the
# Indonesian of Wagtail and the packages the editors meet, which their own catalogs leave untranslated.
# Earlier paths win, so neither needs a patched package.
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale" / "admin"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Asia/Jakarta"
# One date and time style per language (cms/formats/<lang>/formats.py, cms/dates.py), not Django's
# defaults: "28 November 2026, 11.19 WIB" and "28 November 2026, 11:19 WIB (UTC+7)".
FORMAT_MODULE_PATH = ["cms.formats"]
MODELTRANSLATION_DEFAULT_LANGUAGE = "id"
MODELTRANSLATION_LANGUAGES = ("id", "en")
MODELTRANSLATION_FALLBACK_LANGUAGES = ("id",)
# Editors read "Judul (Bahasa Indonesia)" and "Judul (English)", not the column suffixes [ind]/[en].
# modeltranslation evaluates this lazily, so the field's own label follows the admin language.
LANGUAGE_ENDONYMS = {"ind": "Bahasa Indonesia", "id": "Bahasa Indonesia", "en": "English"}
def MODELTRANSLATION_BUILD_LOCALIZED_VERBOSE_NAME(verbose_name, lang):  # noqa: N802  (a setting's name)
    return f"{verbose_name} ({LANGUAGE_ENDONYMS.get(lang, lang)})"
# Wagtail's own locale-per-tree i18n stays off: with it on, English page URLs are None.
WAGTAIL_I18N_ENABLED = False
WAGTAILMODELTRANSLATION_TRANSLATE_SLUGS = True
# Editors see both languages side by side. The package's language toggle expects the column suffix to
# be the language code ("id"), ours is "ind", so its script hid whole panels and failed on load.
WAGTAILMODELTRANSLATION_LOCALE_PICKER = False
# No avatars from gravatar.com: the admin would send a hash of every officer's e-mail to a third party.
WAGTAIL_GRAVATAR_PROVIDER_URL = None

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "static"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
# Serve uploads through Django where no front web server does it (development, demos).
SERVE_MEDIA = env_bool("SERVE_MEDIA", False)
# Files: local folders (MEDIA_ROOT, COMPLAINT_MEDIA_ROOT; one shared volume when several servers mount it) or
# S3-compatible object storage (STORAGE=s3). "default" holds Wagtail's media and renditions, public;
# "complaint_photos" the citizens' photos, private: no public ACL, no URL, served only through the views
# that check access (cms/storage.py).
STORAGE = os.environ.get("STORAGE", "local").strip().lower() or "local"
if STORAGE not in {"local", "s3"}:
    raise ValueError(f"STORAGE must be local or s3, not {STORAGE!r}")
S3_ENDPOINT_URL = os.environ.get("S3_ENDPOINT_URL", "") or None  # None: AWS itself
S3_MEDIA_BUCKET = os.environ.get("S3_MEDIA_BUCKET", "")
S3_PRIVATE_BUCKET = os.environ.get("S3_PRIVATE_BUCKET", "")
# Where browsers fetch public media, when not the endpoint's own bucket address (a CDN or the bucket's host name).
S3_MEDIA_CUSTOM_DOMAIN = os.environ.get("S3_MEDIA_CUSTOM_DOMAIN", "") or None


def s3_storages():
    """STORAGES entries for S3-compatible buckets (django-storages), from the S3_* variables."""
    if not (S3_MEDIA_BUCKET and S3_PRIVATE_BUCKET):
        raise ValueError("STORAGE=s3 needs S3_MEDIA_BUCKET and S3_PRIVATE_BUCKET.")
    if S3_MEDIA_BUCKET == S3_PRIVATE_BUCKET:
        raise ValueError("S3_PRIVATE_BUCKET must not be the (public) S3_MEDIA_BUCKET.")
    common = {
        "endpoint_url": S3_ENDPOINT_URL,
        "access_key": os.environ.get("S3_ACCESS_KEY_ID", "") or None,
        "secret_key": os.environ.get("S3_SECRET_ACCESS_KEY", "") or None,
        "region_name": os.environ.get("S3_REGION", "us-east-1"),
        "file_overwrite": False,  # a second upload of "photo.jpg" gets a name of its own
        "default_acl": None,  # the bucket's own policy decides (public read for media only)
    }
    backend = "storages.backends.s3.S3Storage"
    return {
        "default": {"BACKEND": backend, "OPTIONS": {
            **common, "bucket_name": S3_MEDIA_BUCKET, "querystring_auth": False, "custom_domain": S3_MEDIA_CUSTOM_DOMAIN}},
        "complaint_photos": {"BACKEND": backend, "OPTIONS": {
            # Signed, short-lived URLs if anything ever asked for one; the views stream the photos instead.
            **common, "bucket_name": S3_PRIVATE_BUCKET, "default_acl": "private", "querystring_auth": True,
            "querystring_expire": 60}},
    }


def file_storages(staticfiles_backend):
    """The STORAGES setting: media and complaint photos as STORAGE says, static files by `staticfiles_backend`."""
    if STORAGE == "s3":
        files = s3_storages()
    else:
        files = {"default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
                 # COMPLAINT_MEDIA_ROOT, read when first used (test settings change it)
                 "complaint_photos": {"BACKEND": "cms.storage.PrivateFileSystemStorage"}}
    return {**files, "staticfiles": {"BACKEND": staticfiles_backend}}


STORAGES = file_storages("whitenoise.storage.CompressedManifestStaticFilesStorage")

# Cache: Redis when REDIS_URL is set (production requires it unless SINGLE_SERVER=1), through a backend
# that treats a Redis error as a miss (cms/cache.py): Redis down makes pages slower, never errors.
# Otherwise a file cache that all gunicorn workers of one machine share, so a publish purges every worker.
REDIS_URL = os.environ.get("REDIS_URL", "")
CACHE_PAUSE_AFTER_ERROR = float(os.environ.get("CACHE_PAUSE_AFTER_ERROR", "5"))
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "cms.cache.FailSafeRedisCache",
            "LOCATION": REDIS_URL,
            # Seconds: a dead or unreachable Redis costs a request at most this, once per pause.
            "OPTIONS": {
                "socket_connect_timeout": float(os.environ.get("REDIS_CONNECT_TIMEOUT", "0.5")),
                "socket_timeout": float(os.environ.get("REDIS_TIMEOUT", "0.5")),
                "PAUSE_AFTER_ERROR": CACHE_PAUSE_AFTER_ERROR,
            },
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(VAR_DIR / "cache"),
            "OPTIONS": {"MAX_ENTRIES": 5000},
        }
    }
# Rate-limit counters (complaint attempts and lookups) in a cache of their own, so that pages filling
# the page cache cannot evict them: the same Redis under its own prefix, else a file cache beside it.
if REDIS_URL:
    CACHES["ratelimit"] = {**CACHES["default"], "KEY_PREFIX": "ratelimit"}
else:
    CACHES["ratelimit"] = {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": str(VAR_DIR / "cache-ratelimit"),
        "OPTIONS": {"MAX_ENTRIES": 10000},
    }
# Renditions never change once made: each process keeps its own copy of their records.
CACHES["renditions"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "renditions",
    "OPTIONS": {"MAX_ENTRIES": 10000},
}
# Rendered fragments and listing data (cms.pagecache.fragments), and the routes and site rows kept between
# requests: each process keeps its own copy. Their keys hold the stamps of the shared cache that a publish
# or an edit bumps, so a copy is never served after what it shows has changed, and a hit costs no round
# trip to the shared cache.
CACHES["local"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "local",
    "OPTIONS": {"MAX_ENTRIES": int(os.environ.get("LOCAL_CACHE_ENTRIES", "20000"))},
}
# /readyz fails when an e-mail or a background task has waited longer than this (minutes).
READYZ_EMAIL_MAX_AGE_MINUTES = int(os.environ.get("READYZ_EMAIL_MAX_AGE_MINUTES", "30"))
READYZ_TASK_MAX_AGE_MINUTES = int(os.environ.get("READYZ_TASK_MAX_AGE_MINUTES", "15"))
# Seconds an outage page (database unreachable) asks clients to wait before trying again.
OUTAGE_RETRY_AFTER_SECONDS = int(os.environ.get("OUTAGE_RETRY_AFTER_SECONDS", "30"))
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "600"))
# Rendered pieces of pages (cards, pictures, breadcrumbs: cms.pagecache.fragments). Their keys change
# whenever what they show does; the limit only bounds how long unused ones take room.
FRAGMENT_CACHE_SECONDS = int(os.environ.get("FRAGMENT_CACHE_SECONDS", str(24 * 3600)))
# How many fragments and listings each process keeps in memory (a few kB each).
FRAGMENT_MEMORY_ENTRIES = int(os.environ.get("FRAGMENT_MEMORY_ENTRIES", "5000"))

# E-mail
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "10"))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Portal Kota Bogor <no-reply@kotabogor.go.id>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Background work (e-mail, translation, reminders) in the database, run by `db_worker`.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# `manage.py run_worker` gives a task left "running" longer than this back to the queue (its worker
# died or lost the database); a task may run that long at most. Seconds.
TASK_LEASE_SECONDS = int(os.environ.get("TASK_LEASE_SECONDS", "1800"))
# `manage.py run_timers`: complaints_housekeeping once per this many seconds across all servers, and
# the stale-page reminders once per this many days.
COMPLAINT_HOUSEKEEPING_SECONDS = int(os.environ.get("COMPLAINT_HOUSEKEEPING_SECONDS", "300"))
PAGE_REVIEW_REMINDER_DAYS = int(os.environ.get("PAGE_REVIEW_REMINDER_DAYS", "30"))

# Wagtail
WAGTAIL_SITE_NAME = "Portal Kota Bogor"
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
# On PostgreSQL the index is a tsvector made with one text search configuration for both languages (title_ind
# and title_en are indexed together). PostgreSQL's default, english, would stem Indonesian words as if English
# and PostgreSQL's 'indonesian' (13+) would stem the English text by Indonesian rules: none stems both. 'simple'
# lower-cases and keeps every word as written, so both languages match word for word (a search for "jalan" does
# not find "jalanan"; Wagtail's autocomplete still matches prefixes). Changing it needs `manage.py update_index`.
# SQLite's FTS5 index ignores it.
WAGTAILSEARCH_BACKENDS = {
    "default": {
        "BACKEND": "wagtail.search.backends.database",
        "SEARCH_CONFIG": os.environ.get("SEARCH_CONFIG", "simple"),
    }
}
# Alt text in both languages and an explicit "decorative" choice (cms/images).
WAGTAILIMAGES_IMAGE_MODEL = "images.PortalImage"
WAGTAILIMAGES_IMAGE_FORM_BASE = "cms.images.forms.ImageForm"
WAGTAILDOCS_DOCUMENT_FORM_BASE = "cms.images.forms.DocumentForm"
WAGTAILIMAGES_FORMAT_CONVERSIONS = {"bmp": "webp", "jpeg": "webp", "png": "webp", "heic": "webp"}
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 40_000_000
WAGTAILEMBEDS_RESPONSIVE_HTML = True
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "xlsx", "odt", "ods", "csv", "txt"]
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
# Uploads: up to 2.5 MB in memory, larger ones in a temporary file deleted when the request ends.
# Visitors who are not logged in may not make the server keep more than PUBLIC_UPLOAD_MAX_FILES files
# of PUBLIC_UPLOAD_MAX_BYTES each (the complaint form's photo limits), see cms/upload_limits.py.
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_HANDLERS = [
    "cms.upload_limits.PublicUploadCap",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]

SESSION_COOKIE_AGE = 60 * 60 * 8  # one working day
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False  # Wagtail's admin JavaScript reads it
X_FRAME_OPTIONS = "DENY"  # Wagtail marks its own preview views SAMEORIGIN
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# No update check from officers' browsers to releases.wagtail.org: upgrades go through the lock file, and the
# admin's Content-Security-Policy keeps connect-src to this site.
WAGTAIL_ENABLE_UPDATE_CHECK = False

# Content-Security-Policy (django-csp; cms/security_headers.py). Public pages run no inline script and carry no
# style attribute: nonces would not do, since the page cache serves one rendering to many visitors. Leaflet
# positions tiles and markers through element.style (the CSSOM), which style-src does not govern. The map tile
# server's origin (MAP_TILE_URL) is added to img-src by the middleware.
EMBED_FRAME_SOURCES = env_list(
    "EMBED_FRAME_SOURCES", "https://www.youtube.com,https://www.youtube-nocookie.com,https://player.vimeo.com"
)  # the video sites editors embed (EmbedBlock)
# Optional: where browsers send reports of refused content.
CONTENT_SECURITY_POLICY_REPORT_URI = os.environ.get("CONTENT_SECURITY_POLICY_REPORT_URI", "")
_CSP_COMMON = {
    "default-src": ["'self'"],
    "connect-src": ["'self'"],
    "font-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    **({"report-uri": [CONTENT_SECURITY_POLICY_REPORT_URI]} if CONTENT_SECURITY_POLICY_REPORT_URI else {}),
}
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        **_CSP_COMMON,
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        # blob: the complaint form's previews of the photos being sent (URL.createObjectURL).
        "img-src": ["'self'", "data:", "blob:"],
        "frame-src": ["'self'", *EMBED_FRAME_SOURCES],
        "frame-ancestors": ["'none'"],
    },
}
# Media in a bucket is fetched from the bucket's address: pages and the admin may show images from there.
if STORAGE == "s3":
    from urllib.parse import urlsplit

    _media = urlsplit(S3_ENDPOINT_URL) if S3_ENDPOINT_URL else None
    MEDIA_ORIGIN = (f"https://{S3_MEDIA_CUSTOM_DOMAIN.split('/')[0]}" if S3_MEDIA_CUSTOM_DOMAIN
                    else f"{_media.scheme}://{_media.netloc}" if _media
                    else f"https://{S3_MEDIA_BUCKET}.s3.amazonaws.com")
    CONTENT_SECURITY_POLICY["DIRECTIVES"]["img-src"].append(MEDIA_ORIGIN)
# Wagtail's admin (and its page previews, served under /admin/). Wagtail 8 still writes inline <script> blocks
# with per-form values (inline panels, date pickers, search promotions), so they cannot be hashed, and its
# templates give no nonce: script-src needs 'unsafe-inline'. Its templates and widgets set style="..."
# attributes throughout: style-src too. No 'unsafe-eval'. blob: and data: images are upload previews and
# icons. The preview panel frames the admin's own preview views, hence frame-src and frame-ancestors 'self'.
CONTENT_SECURITY_POLICY_ADMIN = {
    "DIRECTIVES": {
        **_CSP_COMMON,
        "script-src": ["'self'", "'unsafe-inline'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:", *([MEDIA_ORIGIN] if STORAGE == "s3" else [])],
        "frame-src": ["'self'", *EMBED_FRAME_SOURCES],
        "frame-ancestors": ["'self'"],
    },
}
# Only the complaint form's "Use my location" asks for a browser feature; nothing may ask for the others.
PERMISSIONS_POLICY = {
    "geolocation": ["self"],
    "camera": [],
    "microphone": [],
    "payment": [],
    "usb": [],
}

DEMO_PASSWORD = os.environ.get("DEMO_PASSWORD", "bogor-demo")

# Logs: plain text by default (development), one JSON object a line with LOG_FORMAT=json; each line carries the
# request's id and no secret from a path (cms/observability.py). ACCESS_LOG=0 drops the line per request.
LOG_FORMAT = os.environ.get("LOG_FORMAT", "text").strip().lower() or "text"
LOGGING = logging_config(LOG_FORMAT, os.environ.get("LOG_LEVEL", "INFO"))
if not env_bool("ACCESS_LOG", True):
    LOGGING["loggers"]["cms.access"] = {"level": "WARNING"}

# Error reporting (Sentry or a compatible service) only when SENTRY_DSN is set; nothing personal is sent.
SENTRY_DSN = os.environ.get("SENTRY_DSN", "")
if SENTRY_DSN:
    init_sentry(SENTRY_DSN, environment=os.environ.get("SENTRY_ENVIRONMENT", ""),
                release=os.environ.get("SENTRY_RELEASE", ""),
                traces_sample_rate=float(os.environ.get("SENTRY_TRACES_SAMPLE_RATE", "0")))

# Complaints
COMPLAINT_MEDIA_ROOT = Path(os.environ.get("COMPLAINT_MEDIA_ROOT", VAR_DIR / "private"))
# A stored complaint photo that no report and no kept form references is deleted by complaints_housekeeping
# once older than this (a file left by a request that died between storing it and saving its row).
COMPLAINT_ORPHAN_PHOTO_GRACE_HOURS = int(os.environ.get("COMPLAINT_ORPHAN_PHOTO_GRACE_HOURS", "24"))
COMPLAINT_PHOTO_MAX_BYTES = 10 * 1024 * 1024
COMPLAINT_PHOTO_MAX_PIXELS = 40_000_000
COMPLAINT_MAX_PHOTOS = 3
PUBLIC_UPLOAD_MAX_BYTES = COMPLAINT_PHOTO_MAX_BYTES
PUBLIC_UPLOAD_MAX_FILES = COMPLAINT_MAX_PHOTOS
# Submissions allowed per hour from one IP address and from one e-mail address (0: no limit).
COMPLAINT_RATE_LIMIT_PER_HOUR = int(os.environ.get("COMPLAINT_RATE_LIMIT_PER_HOUR", "5"))
# Posts of the complaint form (and of "I have this problem too") allowed per hour from one address,
# saved or not, consent ticked or not: checked before any photo is opened (0: no limit). Generous
# enough for a citizen correcting a form several times; a cache counter, so nothing is stored.
COMPLAINT_ATTEMPTS_PER_HOUR = int(os.environ.get("COMPLAINT_ATTEMPTS_PER_HOUR", "20"))
# Lookups by tracking code (tracking page, tracking form, "report sent" page) per address per
# ten minutes (0: no limit); beyond it the reader gets a 429 page.
COMPLAINT_TRACK_LOOKUPS_PER_10_MIN = int(os.environ.get("COMPLAINT_TRACK_LOOKUPS_PER_10_MIN", "30"))
# The client address behind reverse proxies (cms/client_address.py; README "Behind a proxy"): the number of
# proxies in front of the site, each appending to X-Forwarded-For, or the networks they are in (which wins
# when set). The complaint and Open311 limits and the login lockout all count addresses this way; an IPv6
# address counts as its /64. COMPLAINT_TRUST_X_FORWARDED_FOR=1, the older setting, means one proxy.
COMPLAINT_TRUST_X_FORWARDED_FOR = env_bool("COMPLAINT_TRUST_X_FORWARDED_FOR", False)
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
TRUSTED_PROXY_NETWORKS = env_list("TRUSTED_PROXY_NETWORKS")
for _network in TRUSTED_PROXY_NETWORKS:  # a typo stops the start, not the first request
    ipaddress.ip_network(_network, strict=False)
EMAIL_MAX_ATTEMPTS = int(os.environ.get("EMAIL_MAX_ATTEMPTS", "8"))
# How long a sender holds a message it is sending: one that dies holding it (or loses the database
# for longer) lets another send it after this. Far longer than one SMTP exchange (EMAIL_TIMEOUT).
EMAIL_CLAIM_LEASE_SECONDS = int(os.environ.get("EMAIL_CLAIM_LEASE_SECONDS", "300"))

# Map tiles for the complaint form's pin and the attraction maps (Leaflet is served by the site itself).
MAP_TILE_URL = os.environ.get("MAP_TILE_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png")
MAP_ATTRIBUTION = os.environ.get("MAP_ATTRIBUTION", "© OpenStreetMap contributors")
MAP_CENTER = (-6.5971, 106.7990)  # Balai Kota Bogor
# Complaint deadlines (SP4N-LAPOR! and SiBadra practice); working days skip weekends and holidays.
COMPLAINT_VERIFY_WORKING_DAYS = int(os.environ.get("COMPLAINT_VERIFY_WORKING_DAYS", "3"))
COMPLAINT_RESPONSE_WORKING_DAYS = int(os.environ.get("COMPLAINT_RESPONSE_WORKING_DAYS", "5"))
COMPLAINT_AUTOCLOSE_WORKING_DAYS = int(os.environ.get("COMPLAINT_AUTOCLOSE_WORKING_DAYS", "10"))
COMPLAINT_ESCALATE_HEAD_HOURS = int(os.environ.get("COMPLAINT_ESCALATE_HEAD_HOURS", "24"))
COMPLAINT_ESCALATE_MAYOR_HOURS = int(os.environ.get("COMPLAINT_ESCALATE_MAYOR_HOURS", "48"))
COMPLAINT_REMINDER_HOURS = int(os.environ.get("COMPLAINT_REMINDER_HOURS", "24"))
COMPLAINT_MAYOR_OFFICE_EMAIL = os.environ.get("COMPLAINT_MAYOR_OFFICE_EMAIL", "setda@kotabogor.go.id")
COMPLAINT_DESK_EMAIL = os.environ.get("COMPLAINT_DESK_EMAIL", "pengaduan@kotabogor.go.id")
# Days off that the holidays package does not know yet (ISO dates), e.g. a late cuti bersama.
COMPLAINT_EXTRA_NON_WORKING_DAYS = env_list("COMPLAINT_EXTRA_NON_WORKING_DAYS")
# UU PDP: personal data of reports closed longer than this is anonymised (anonymise_closed_complaints).
COMPLAINT_RETENTION_DAYS = int(os.environ.get("COMPLAINT_RETENTION_DAYS", "730"))
# Open311 API: reports one client key may send per hour (0: no limit); the key seed_demo gives its demo client.
OPEN311_RATE_LIMIT_PER_HOUR = int(os.environ.get("OPEN311_RATE_LIMIT_PER_HOUR", "300"))
OPEN311_DEMO_KEY = os.environ.get("OPEN311_DEMO_KEY", "demo-key")
# Open311 lookups by id (requests/<id>, service_request_id=…) allowed per address in 10 minutes (0: no limit).
OPEN311_LOOKUPS_PER_10_MIN = int(os.environ.get("OPEN311_LOOKUPS_PER_10_MIN", "120"))
# A client with a key follows every report it sent (FixMyStreet polls them by id): counted by its key.
OPEN311_CLIENT_LOOKUPS_PER_10_MIN = int(os.environ.get("OPEN311_CLIENT_LOOKUPS_PER_10_MIN", "3000"))
# Duplicates: open reports of the same category this close (metres) are offered to a citizen
# before they send; groups of at least N open reports per category and kelurahan in the last D days
# are priority issues for the desk; nearby lookups allowed per address in 10 minutes.
COMPLAINT_DUPLICATE_RADIUS_M = int(os.environ.get("COMPLAINT_DUPLICATE_RADIUS_M", "250"))
COMPLAINT_PRIORITY_MIN_REPORTS = int(os.environ.get("COMPLAINT_PRIORITY_MIN_REPORTS", "3"))
COMPLAINT_PRIORITY_DAYS = int(os.environ.get("COMPLAINT_PRIORITY_DAYS", "14"))
# Open311: a report with the same words and category as an open report within that radius makes
# its reporter (with an e-mail address) a follower of that report instead of a second report.
OPEN311_SAME_TEXT_FOLLOWS = env_bool("OPEN311_SAME_TEXT_FOLLOWS", True)
COMPLAINT_SIMILAR_LOOKUPS_PER_10_MIN = int(os.environ.get("COMPLAINT_SIMILAR_LOOKUPS_PER_10_MIN", "60"))
# The public figures are computed at most this often (seconds).
COMPLAINT_STATISTICS_CACHE_SECONDS = int(os.environ.get("COMPLAINT_STATISTICS_CACHE_SECONDS", "300"))

# Where each organisational unit's pages live, and the city's news (see cms/accounts/permissions.py).
UNIT_SECTION_PROVIDER = "home.sections.section_for"
CITY_NEWS_PROVIDER = "home.sections.city_news_index"

# Editors are reminded of live pages nobody has published for this many months.
PAGE_REVIEW_MONTHS = int(os.environ.get("PAGE_REVIEW_MONTHS", "6"))

# Machine translation (cms/machine_translation): google (default), libre (a self-hosted
# LibreTranslate: keeps the text in the city's own data centre), microsoft, deepl or none.
TRANSLATION_PROVIDER = os.environ.get("TRANSLATION_PROVIDER", "google").strip().lower() or "google"
if TRANSLATION_PROVIDER not in {"google", "libre", "microsoft", "deepl", "none"}:
    raise ValueError(f"TRANSLATION_PROVIDER must be google, libre, microsoft, deepl or none, not {TRANSLATION_PROVIDER!r}")
TRANSLATION_BASE_URL = os.environ.get("TRANSLATION_BASE_URL", "")  # LibreTranslate, e.g. http://10.0.0.5:5000/
TRANSLATION_API_KEY = os.environ.get("TRANSLATION_API_KEY", "")
TRANSLATION_REGION = os.environ.get("TRANSLATION_REGION", "")  # Microsoft resource region, if any
TRANSLATION_CONNECT_TIMEOUT = float(os.environ.get("TRANSLATION_CONNECT_TIMEOUT", "5"))
TRANSLATION_TIMEOUT = float(os.environ.get("TRANSLATION_TIMEOUT", "30"))
TRANSLATION_MAX_CHARS = int(os.environ.get("TRANSLATION_MAX_CHARS", "0"))  # 0: the provider's own limit
TRANSLATION_MAX_ATTEMPTS = int(os.environ.get("TRANSLATION_MAX_ATTEMPTS", "8"))
# Complaints written in English are translated for officers only when this allows sending
# complaint text to the provider (off by default: it is personal data).
COMPLAINT_MACHINE_TRANSLATION = env_bool("COMPLAINT_MACHINE_TRANSLATION", False)
