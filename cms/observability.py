"""Request ids, log lines without secrets, and the optional error-reporting hook.

Every request gets an id (the proxy's X-Request-ID when it is well formed, else a new one) that is
sent back in the X-Request-ID response header and carried by every log line written while the
request runs, so one citizen's "it failed at 10:42" can be found in the logs of several servers.

Paths carry secrets: tracking codes (/lacak/<code>/), the tokens of e-mailed links (verification,
survey, personal data), upload tokens, password-reset tokens, Open311 ids and api_key query strings.
The apps name the path segments after which a secret follows (register_secret_segments); every log
line, and every event sent to Sentry, has what follows them and every query-string value replaced
by "[redacted]". No log line names a client address.
"""

import contextvars
import logging
import re
import time
import uuid

REDACTED = "[redacted]"
REQUEST_ID_HEADER = "X-Request-ID"
# Letters, digits and . _ - only (ids of proxies and tracing tools; UUIDs): nothing that could forge a log line.
WELL_FORMED_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,127}")

_request_id = contextvars.ContextVar("request_id", default="")
# Segments after which the rest of a path is secret. Password-reset links of the admin: confirm/<uid>/<token>/.
_secret_segments = {"confirm"}

access_log = logging.getLogger("cms.access")


def register_secret_segments(*segments):
    """Path segments (in every language) after which the rest of the path is secret, e.g. "track", "lacak"."""
    _secret_segments.update(segment.strip("/") for segment in segments if segment.strip("/"))


def current_request_id():
    return _request_id.get()


def scrub_path(path):
    """`path` (maybe with a query string) with what follows a secret segment and every query value redacted."""
    path, question, query = str(path).partition("?")
    parts = path.split("/")
    for index in range(1, len(parts)):
        if parts[index] and (parts[index - 1] in _secret_segments or parts[index - 1] == REDACTED):
            parts[index] = REDACTED
    path = "/".join(parts)
    if question:
        query = "&".join(f"{item.partition('=')[0]}={REDACTED}" if item else item for item in query.split("&"))
        path = f"{path}?{query}"
    return path


_PATH_IN_TEXT = re.compile(r"/[^\s'\"<>]*")


def scrub_text(text):
    """Every path inside `text` scrubbed (error messages quote the path they failed on)."""
    return _PATH_IN_TEXT.sub(lambda match: scrub_path(match.group()), str(text))


class RequestContextFilter(logging.Filter):
    """Adds request_id to every record and removes secrets from its message, exception and request."""

    def filter(self, record):
        record.request_id = _request_id.get() or "-"
        if getattr(record, "_scrubbed", False):  # several handlers share one record
            return True
        record.msg = scrub_text(record.getMessage())
        record.args = None
        if record.exc_info:
            record.exc_text = scrub_text(logging.Formatter().formatException(record.exc_info))
            record.exc_info = None
        if hasattr(record, "request"):  # Django's request logs: its repr quotes the full path
            record.request = scrub_path(getattr(record.request, "path", ""))
        record._scrubbed = True
        return True


class RequestIdMiddleware:
    """Outermost middleware: the request id for the logs and the response, and one access line per request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        offered = request.headers.get(REQUEST_ID_HEADER, "")
        request_id = offered if WELL_FORMED_ID.fullmatch(offered) else uuid.uuid4().hex
        request.request_id = request_id
        token = _request_id.set(request_id)
        started = time.monotonic()
        try:
            response = self.get_response(request)
            response[REQUEST_ID_HEADER] = request_id
            access_log.info(
                "%s %s %s", request.method, request.get_full_path(), response.status_code,
                extra={"method": request.method, "path": scrub_path(request.get_full_path()),
                       "status": response.status_code, "duration_ms": round((time.monotonic() - started) * 1000, 1)},
            )
            return response
        finally:
            _request_id.reset(token)


# Error reporting (Sentry), only when SENTRY_DSN is set. Nothing that names a citizen or an officer is sent:
# no request body, cookies, query string, client address or e-mail; paths scrubbed like the logs.
KEPT_HEADERS = {"host", "user-agent", "accept", "accept-language", "content-type", "content-length",
                REQUEST_ID_HEADER.lower()}


def before_send(event, hint=None):
    request = event.get("request")
    if isinstance(request, dict):
        for key in ("data", "cookies", "query_string", "env"):
            request.pop(key, None)
        if "url" in request:
            request["url"] = scrub_path(request["url"])
        headers = request.get("headers")
        if isinstance(headers, dict):
            request["headers"] = {name: value for name, value in headers.items() if name.lower() in KEPT_HEADERS}
    user = event.get("user")
    if isinstance(user, dict):
        event["user"] = {"id": user["id"]} if "id" in user else {}
    if event.get("transaction"):
        event["transaction"] = scrub_path(event["transaction"])
    if isinstance(event.get("logentry"), dict):
        for key in ("message", "formatted"):
            if key in event["logentry"]:
                event["logentry"][key] = scrub_text(event["logentry"][key])
        event["logentry"].pop("params", None)
    for exception in (event.get("exception") or {}).get("values") or []:
        if exception.get("value"):
            exception["value"] = scrub_text(exception["value"])
        for frame in (exception.get("stacktrace") or {}).get("frames") or []:
            frame.pop("vars", None)  # local variables: the form a citizen sent, an officer's session
    breadcrumbs = event.get("breadcrumbs")
    for crumb in (breadcrumbs.get("values", []) if isinstance(breadcrumbs, dict) else breadcrumbs or []):
        before_breadcrumb(crumb)
    if request_id := current_request_id():
        event.setdefault("tags", {})["request_id"] = request_id
    return event


def before_breadcrumb(crumb, hint=None):
    if crumb.get("message"):
        crumb["message"] = scrub_text(crumb["message"])
    data = crumb.get("data")
    if isinstance(data, dict):
        for key in ("url", "http.query", "http.fragment"):
            if key in data:
                data[key] = scrub_path(data[key]) if key == "url" else REDACTED
    return crumb


def init_sentry(dsn, environment="", release="", traces_sample_rate=0.0):
    import sentry_sdk
    from sentry_sdk.integrations.django import DjangoIntegration

    sentry_sdk.init(
        dsn=dsn,
        environment=environment or None,
        release=release or None,
        integrations=[DjangoIntegration()],
        send_default_pii=False,
        include_local_variables=False,
        max_request_body_size="never",
        traces_sample_rate=traces_sample_rate,
        before_send=before_send,
        before_breadcrumb=before_breadcrumb,
    )


def logging_config(log_format="text", level="INFO"):
    """Django's LOGGING: one console handler, plain text (development) or one JSON object a line (LOG_FORMAT=json)."""
    if log_format not in {"text", "json"}:
        raise ValueError(f"LOG_FORMAT must be text or json, not {log_format!r}")
    formatters = {
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(levelname)s %(name)s %(message)s %(request_id)s",
            "rename_fields": {"levelname": "level", "name": "logger"},
            "timestamp": "time",  # ISO 8601 in UTC
        },
    }
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"request_context": {"()": "cms.observability.RequestContextFilter"}},
        "formatters": {log_format: formatters[log_format]},
        "handlers": {"console": {"class": "logging.StreamHandler", "formatter": log_format,
                                 "filters": ["request_context"]}},
        "root": {"handlers": ["console"], "level": level},
        "loggers": {
            # One access line per request (cms.observability.RequestIdMiddleware), paths scrubbed; Django's own
            # request and server logs would repeat them, unscrubbed, with query strings: errors only.
            # Django's own configuration gives these loggers handlers that bypass the scrubbing (and
            # runserver's none at all, so Python's last-resort handler printed raw paths): only ours.
            "django": {"handlers": [], "level": "INFO", "propagate": True},
            "django.request": {"level": "ERROR", "propagate": True},
            "django.server": {"level": "WARNING", "propagate": True},
            "wagtail": {"level": "WARNING"},
            "django_tasks": {"level": "WARNING"},
            # axes logs user names and addresses at INFO/WARNING: keep them out of the logs.
            "axes": {"level": "ERROR"},
        },
    }
