"""HTML compression without BREACH exposure, and cache headers for the media the site serves itself.

BREACH recovers a secret from the compressed size of responses that carry both the secret and text an
attacker chooses. So only responses that hold no secret are compressed: anonymous GET/HEAD responses that
used no CSRF token, set no cookie and are not private (the public pages, which are also the ones the page
cache shares). Forms with a CSRF token, POST answers that echo what was typed, pages reached by a personal
link and everything a logged-in officer sees stay uncompressed. Static files are compressed at
collectstatic time and served by WhiteNoise before this middleware runs.
"""

import re

from django.middleware.gzip import GZipMiddleware
from django.utils.cache import patch_cache_control
from django.views.static import serve

COMPRESSIBLE = re.compile(r"^(text/|application/(json|xml|.*\+json|.*\+xml|javascript)|image/svg\+xml)")


class PublicGZipMiddleware(GZipMiddleware):
    def process_response(self, request, response):
        if not self._holds_no_secret(request, response):
            return response
        return super().process_response(request, response)

    @staticmethod
    def _holds_no_secret(request, response):
        if request.method not in ("GET", "HEAD") or not COMPRESSIBLE.match(response.get("Content-Type", "")):
            return False
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            return False
        if request.META.get("CSRF_COOKIE_USED") or response.cookies:
            return False
        control = response.get("Cache-Control", "")
        return "private" not in control and "no-store" not in control


# Wagtail names a rendition after its image file and filter, and a replaced image gets a new file (and so
# new renditions): a rendition's URL never changes content. Originals and documents may be replaced in place.
RENDITION_PREFIX = "images/"
RENDITION_MAX_AGE = 365 * 24 * 3600
MEDIA_MAX_AGE = 24 * 3600


def serve_media(request, path, document_root=None):
    """django.views.static.serve with Cache-Control (for sites without a front web server, e.g. demos)."""
    response = serve(request, path, document_root=document_root)
    if response.status_code == 200:
        if path.startswith(RENDITION_PREFIX):
            patch_cache_control(response, public=True, max_age=RENDITION_MAX_AGE, immutable=True)
        else:
            patch_cache_control(response, public=True, max_age=MEDIA_MAX_AGE)
    return response
