from django.conf import settings
from django.http import Http404
from django.middleware.locale import LocaleMiddleware as DjangoLocaleMiddleware
from django.utils import translation

# Paths outside /id/ and /en/: a 404 there is a 404, not a reason to redirect to /id/<path>
# (the page catch-all would accept any path, so Django's LocaleMiddleware always would).
NON_I18N_PREFIXES = ("/admin/", "/django-admin/", "/documents/", "/static/", "/media/", "/healthz", "/sitemap.xml",
                     "/robots.txt", "/api/", "/readyz")


class LocaleMiddleware(DjangoLocaleMiddleware):
    def process_request(self, request):
        if request.path.startswith("/admin/"):
            # The admin speaks the city's working language, Indonesian, whatever language the
            # office PC's browser asks for; each person may choose another in Account → Language
            # (Wagtail then activates their choice for the admin's views).
            translation.activate(settings.LANGUAGE_CODE)
            request.LANGUAGE_CODE = translation.get_language()
            return None
        return super().process_request(request)

    def process_response(self, request, response):
        if request.path.startswith(NON_I18N_PREFIXES):
            return response
        return super().process_response(request, response)

    def process_exception(self, request, exception):
        # With DEBUG on, Django answers a missing public page with its English technical page; a
        # visitor of /id/ or /en/ (and the language crawl) should meet the site's own 404 in any case.
        # Technical details stay for paths outside the public pages (the admin, the API).
        if settings.DEBUG and isinstance(exception, Http404) and not request.path.startswith(NON_I18N_PREFIXES):
            from django.urls import get_resolver

            return get_resolver().resolve_error_handler(404)(request, exception)
        return None
