from django.conf import settings
from django.http import HttpResponse, HttpResponseRedirect, JsonResponse
from django.utils.cache import patch_vary_headers
from django.utils.translation import trans_real
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from wagtail import hooks

from . import readiness

# Languages whose readers read Indonesian more easily than English (Malay, Javanese, Sundanese).
READ_AS_INDONESIAN = ("id", "in", "ms", "jv", "su")


def preferred_language(request):
    """The site language for this visitor: the cookie, else the first language of Accept-Language the
    site speaks (Malay, Javanese and Sundanese readers get Indonesian); a browser that asks only for
    other languages (French, Chinese, Japanese...) gets English, the site's international language.
    No header (or "*"): Indonesian."""
    languages = dict(settings.LANGUAGES)
    cookie = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    if cookie in languages:
        return cookie
    asked = [code for code, _q in trans_real.parse_accept_lang_header(request.META.get("HTTP_ACCEPT_LANGUAGE", ""))
             if code != "*"]
    for code in asked:
        base = code.split("-")[0].lower()
        if base in READ_AS_INDONESIAN:
            return settings.LANGUAGE_CODE
        if base in languages:
            return base
    return "en" if asked and "en" in languages else settings.LANGUAGE_CODE


@require_safe  # GET and HEAD
def root_redirect(request):
    """/ -> /id/ or /en/ by the visitor's cookie or Accept-Language (see preferred_language)."""
    lang = preferred_language(request)
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
