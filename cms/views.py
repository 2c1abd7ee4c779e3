from django.conf import settings
from django.http import HttpResponse, HttpResponseRedirect, JsonResponse
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from wagtail import hooks

from . import readiness


@require_safe  # GET and HEAD
def root_redirect(request):
    """/ -> /id/ or /en/ by the visitor's cookie or Accept-Language; Indonesian when unsure."""
    lang = translation.get_language_from_request(request, check_path=False)
    if lang not in dict(settings.LANGUAGES):
        lang = settings.LANGUAGE_CODE
    response = HttpResponseRedirect(f"/{lang}/")
    patch_vary_headers(response, ("Accept-Language", "Cookie"))
    return response


@never_cache
@require_safe  # GET and HEAD
def healthz(request):
    """Liveness: the process answers. Nothing else is asked (no database), so a restart is not
    ordered for what a restart cannot fix; /readyz says whether this server can do its work."""
    return JsonResponse({"status": "ok"})


@never_cache
@require_safe  # GET and HEAD
def readyz(request):
    """Readiness: 200 with each part's status, or 503 naming the failing parts (cms.readiness).

    `?part=database&part=storage` checks only those parts: a load balancer may want to keep serving
    through a cache or mail outage, which slows or delays but does not stop the site."""
    results = readiness.run(request.GET.getlist("part"))
    failing = sorted(name for name, result in results.items() if result["status"] != readiness.OK)
    body = {"status": "failing" if failing else "ok", "failing": failing, "checks": results}
    response = JsonResponse(body, status=503 if failing else 200)
    if failing:
        response["Retry-After"] = "30"
    return response


@require_safe  # GET and HEAD
def robots_txt(request):
    """The admin, and whatever paths the apps name through the "robots_disallow" hook (each returns a list)."""
    lines = ["User-agent: *", "Disallow: /admin/", "Disallow: /django-admin/"]
    for hook in hooks.get_hooks("robots_disallow"):
        lines += [f"Disallow: {path}" for path in hook(request)]
    lines.append(f"Sitemap: {request.build_absolute_uri('/sitemap.xml')}")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
