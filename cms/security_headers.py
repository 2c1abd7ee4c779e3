"""Content-Security-Policy (django-csp) and Permissions-Policy headers.

Public pages get the strict policy of settings.CONTENT_SECURITY_POLICY (page previews too, framed by the admin);
Wagtail's admin (everything under /admin/) gets CONTENT_SECURITY_POLICY_ADMIN, which allows what Wagtail 8's own templates
need (see the setting). The map tiles' origin is read from MAP_TILE_URL on each response, so changing the tile
server in the environment changes the policy with it.
"""

from urllib.parse import urlsplit

from csp.middleware import CSPMiddleware
from csp.utils import default_config
from django.conf import settings

ADMIN_PREFIX = "/admin/"


def tile_source(url):
    """The CSP source for a Leaflet tile URL template, or None when the tiles come from this site.

    "https://{s}.tile.example.org/{z}/{x}/{y}.png" -> "https://*.tile.example.org"."""
    parts = urlsplit(url or "")
    if not parts.scheme or not parts.netloc:
        return None
    host = parts.netloc.replace("{s}", "*")
    return f"{parts.scheme}://{host}"


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if report_only:
            return parts
        if parts.config is None and request.path_info.startswith(ADMIN_PREFIX):
            parts.config = default_config(settings.CONTENT_SECURITY_POLICY_ADMIN["DIRECTIVES"])
        elif getattr(request, "is_dummy", False):
            # A preview: Wagtail runs a made-up request for the page's public URL through the middleware, and the
            # admin's preview panel frames the result. The visitors' policy, except that the admin may frame it.
            parts.replace = {**(parts.replace or {}), "frame-ancestors": ["'self'"]}
        source = tile_source(getattr(settings, "MAP_TILE_URL", ""))
        if source:
            update = dict(parts.update or {})
            update["img-src"] = [*update.get("img-src", ()), source]
            parts.update = update
        return parts


class PermissionsPolicyMiddleware:
    """Sends settings.PERMISSIONS_POLICY ({feature: [origins]}) as the Permissions-Policy header."""

    def __init__(self, get_response):
        self.get_response = get_response
        policy = getattr(settings, "PERMISSIONS_POLICY", {})
        self.header = ", ".join(f"{feature}=({' '.join(origins)})" for feature, origins in policy.items())

    def __call__(self, request):
        response = self.get_response(request)
        if self.header:
            response.headers.setdefault("Permissions-Policy", self.header)
        return response
