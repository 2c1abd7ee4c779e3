from django.middleware.locale import LocaleMiddleware as DjangoLocaleMiddleware

# Paths outside /id/ and /en/: a 404 there is a 404, not a reason to redirect to /id/<path>
# (the page catch-all would accept any path, so Django's LocaleMiddleware always would).
NON_I18N_PREFIXES = ("/admin/", "/django-admin/", "/documents/", "/static/", "/media/", "/healthz", "/sitemap.xml",
                     "/robots.txt", "/api/")


class LocaleMiddleware(DjangoLocaleMiddleware):
    def process_response(self, request, response):
        if request.path.startswith(NON_I18N_PREFIXES):
            return response
        return super().process_response(request, response)
