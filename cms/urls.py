from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path, re_path
from wagtail import views as wagtail_views
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from . import views
from .accounts import admin_security
from .compression import serve_media
from .pagecache.cache import cache_anonymous
from .routing import serve_with_cached_route

urlpatterns = [
    path("", views.root_redirect, name="root"),
    path("healthz", views.healthz, name="healthz"),
    path("readyz", views.readyz, name="readyz"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("sitemap.xml", sitemap, name="sitemap"),
    re_path(
        r"^admin/pages/(?P<page_id>\d+)/edit/copy_translation_content/$",
        admin_security.copy_translation_content,
    ),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    # Open311 GeoReport v2: one URL for every language, never in the page cache.
    path("api/open311/v2/", include("complaints.open311.urls")),
]

if settings.SERVE_MEDIA:
    urlpatterns += [re_path(r"^media/(?P<path>.*)$", serve_media, {"document_root": settings.MEDIA_ROOT})]

# Every public page lives under /id/ or /en/.
urlpatterns += i18n_patterns(
    path("", include("home.urls")),
    re_path(r"^((?:[\w\-]+/)*)$", cache_anonymous(serve_with_cached_route(wagtail_views.serve)), name="wagtail_serve"),
    prefix_default_language=True,
)

handler404 = "home.views.page_not_found"
handler500 = "home.views.server_error"
