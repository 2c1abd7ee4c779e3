"""The translated path segments of the complaint page's sub-pages (/id/pengaduan/lacak/ = /en/complaints/track/)."""

from django.utils import translation

SEGMENTS = {
    "track": {"id": "lacak", "en": "track"},
    "submitted": {"id": "terkirim", "en": "submitted"},
    "verify": {"id": "verifikasi", "en": "verify"},
    "survey": {"id": "survei", "en": "survey"},
    "data": {"id": "data-pribadi", "en": "personal-data"},
    "photo": {"id": "foto", "en": "photo"},
    "upload": {"id": "unggahan", "en": "upload"},
    "statistics": {"id": "statistik", "en": "statistics"},
    "similar": {"id": "serupa", "en": "similar"},
    "supporter": {"id": "pendukung", "en": "supporter"},
}


def segment(name, language=None):
    return SEGMENTS[name][language or translation.get_language() or "id"]


def pattern(name):
    """A regex alternative accepting the segment in either language."""
    return "(?:" + "|".join(SEGMENTS[name].values()) + ")"
