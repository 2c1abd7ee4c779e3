from django.conf import settings
from django.db import connection
from django.http import HttpResponse, HttpResponseRedirect, JsonResponse
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from wagtail import hooks


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
    """For load balancers: 200 while the database answers, 503 otherwise."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # any database failure means "take me out of the pool"
        return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
    return JsonResponse({"status": "ok"})


@require_safe  # GET and HEAD
def robots_txt(request):
    """The admin, and whatever paths the apps name through the "robots_disallow" hook (each returns a list)."""
    lines = ["User-agent: *", "Disallow: /admin/", "Disallow: /django-admin/"]
    for hook in hooks.get_hooks("robots_disallow"):
        lines += [f"Disallow: {path}" for path in hook(request)]
    lines.append(f"Sitemap: {request.build_absolute_uri('/sitemap.xml')}")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
