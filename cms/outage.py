"""An outage (the database unreachable) answers 503 with Retry-After, never the "something went wrong" 500.

The site's 500 handler asks `outage_response()` first. It is called while the exception is being
handled, wherever it was raised (a view, or a middleware reading the session or the site), and it
touches neither the database nor the cache: the page is a template of its own, in both languages
(the language of the request may be unknown, the page tree cannot be read), and API paths get JSON
(or XML) errors in the Open311 form. Apps may add a notice for their own pages through the
"outage_notice" hook: a function of the request returning None or a dict with `heading`, `message`
and optionally `resend` (the posted fields to offer to send again, safe because the form is
idempotent) and `attached_files` (whether files were posted, which cannot be offered again).
"""

import sys
from xml.sax.saxutils import escape

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.middleware.csrf import get_token
from django.template import loader
from django.utils import translation
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from wagtail import hooks

OUTAGE_ERRORS = (OperationalError, InterfaceError)
API_PREFIX = "/api/"


def is_outage(error):
    return isinstance(error, OUTAGE_ERRORS)


def current_outage():
    """True while handling an exception that says the database cannot be reached."""
    return is_outage(sys.exc_info()[1])


def _message():
    return _("The service is temporarily unavailable. Please try again in a few minutes.")


def outage_response(request):
    retry_after = str(settings.OUTAGE_RETRY_AFTER_SECONDS)
    path = request.path
    if path.startswith(API_PREFIX) and path.endswith(".xml"):
        description = escape(_message())
        response = HttpResponse(
            f'<?xml version="1.0" encoding="utf-8"?>\n<errors><error><code>503</code>'
            f"<description>{description}</description></error></errors>",
            content_type="text/xml; charset=utf-8", status=503)
    elif path.startswith(API_PREFIX) or path.endswith(".json"):
        response = JsonResponse([{"code": 503, "description": _message()}], safe=False, status=503)
    else:
        response = HttpResponse(_page(request), status=503)
    response["Retry-After"] = retry_after
    add_never_cache_headers(response)  # no proxy may keep an outage, nor the fields of a resend
    return response


def _notice(request):
    for hook in hooks.get_hooks("outage_notice"):
        try:
            notice = hook(request)
        except Exception:  # noqa: BLE001 - a notice must never turn the outage page into an error
            notice = None
        if notice:
            return notice
    return None


def _page(request):
    current = translation.get_language() or settings.LANGUAGE_CODE
    # Both languages on one page, the request's first: which one the visitor reads may be unknown.
    languages = sorted(dict(settings.LANGUAGES), key=lambda code: code != current)
    sections = []
    for code in languages:
        with translation.override(code):
            notice = _notice(request) or {}
            sections.append({
                "code": code,
                "heading": notice.get("heading") or _("The site is temporarily unavailable"),
                "message": notice.get("message") or _message(),
                "files_note": _("Photos you attached are not sent again from this page.")
                if notice.get("attached_files") else "",
                "home": _("Go to the home page"),
                "resend_label": _("Send the same report again"),
            })
    notice = _notice(request) or {}
    resend = notice.get("resend")
    return loader.get_template("503.html").render({
        "lang": current,
        "sections": sections,
        "resend": resend,
        "action": request.path,
        "csrf_token": get_token(request) if resend else "",
    })
