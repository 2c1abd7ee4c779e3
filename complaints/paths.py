"""The translated path segments of the complaint page's sub-pages (/id/pengaduan/lacak/ = /en/complaints/track/).

A segment is a message like any other, written as the site's other URL pieces are (cms/urls.py's "search/"):
the English segment with a trailing slash is the msgid, each language's segment its msgstr in
locale/<language>/LC_MESSAGES/django.po. The routes are built while the models load, before Django's
translation machinery may be used, so the compiled catalogs are read here with Python's own gettext.
"""

import gettext
from functools import cache

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_noop

# Sub-page name -> its msgid (gettext_noop so that makemessages collects them).
SEGMENTS = {
    "track": gettext_noop("track/"),
    "submitted": gettext_noop("submitted/"),
    "verify": gettext_noop("verify/"),
    "survey": gettext_noop("survey/"),
    "data": gettext_noop("personal-data/"),
    "photo": gettext_noop("photo/"),
    "upload": gettext_noop("upload/"),
    "statistics": gettext_noop("statistics/"),
    "similar": gettext_noop("similar/"),
    "supporter": gettext_noop("supporter/"),
}

@cache
def _catalogs(language):
    return [gettext.translation("django", localedir=str(path), languages=[language], fallback=True)
            for path in settings.LOCALE_PATHS]


def segment(name, language=None):
    """The segment of sub-page `name` in `language` (default: the active language)."""
    language = language or translation.get_language() or settings.LANGUAGE_CODE
    msgid = SEGMENTS[name]
    for catalog in _catalogs(language):
        translated = catalog.gettext(msgid)
        if translated != msgid:
            return translated.strip("/")
    return msgid.strip("/")


def pattern(name):
    """A regex alternative accepting the segment in any of the site's languages."""
    return "(?:" + "|".join(dict.fromkeys(segment(name, code) for code, _label in settings.LANGUAGES)) + ")"
