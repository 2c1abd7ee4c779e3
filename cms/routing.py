"""Fast page routing for both languages.

wagtail-modeltranslation's route() loads every child page of each level to compare slugs in
Python, so serving one news item would load the whole news archive. Ours asks the database
for the one child whose slug matches in the active language (or, where that language has no
slug, in Indonesian). The Site is kept in the shared cache until the next
Site changes, which saves a query on every request that the page cache does not answer.
"""

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError
from django.db.models import Q
from django.http import Http404
from django.utils import translation
from modeltranslation.utils import build_localized_fieldname
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.models import Site
from wagtail.url_routing import RouteResult

from .pagecache.cache import generation


def child_by_slug(page, slug):
    lang = translation.get_language() or settings.LANGUAGE_CODE
    field = build_localized_fieldname("slug", lang)
    match = Q(**{field: slug})
    if lang != settings.MODELTRANSLATION_DEFAULT_LANGUAGE:
        fallback = build_localized_fieldname("slug", settings.MODELTRANSLATION_DEFAULT_LANGUAGE)
        match |= (Q(**{f"{field}__isnull": True}) | Q(**{field: ""})) & Q(**{fallback: slug})
    return page.get_children().filter(match).order_by("path").first()


def localized_route(self, request, path_components):
    """Page.route() of every translated page model (installed by cms.patches)."""
    if isinstance(self, RoutablePageMixin) and self.live:
        try:
            path = "/" + ("/".join(path_components) + "/" if path_components else "")
            view, args, kwargs = self.resolve_subpage(path)
            return RouteResult(self, args=(view, args, kwargs))
        except Http404:
            pass
    if path_components:
        child = child_by_slug(self, path_components[0])
        if child is None:
            raise Http404
        return child.specific.route(request, path_components[1:])
    if self.live:
        return RouteResult(self)
    raise Http404


class CachedSiteMiddleware:
    """Give Wagtail the request's Site, with its specific root page, from the cache."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        host = request._get_raw_host().lower()
        # Only the Site row is cached (until a Site changes); its root page is read fresh,
        # since publishing the home page changes it.
        key = f"site:{generation('sites')}:{host}:{request.get_port()}"
        site = cache.get(key)
        if site is None:
            try:
                site = Site.find_for_request(request)
                if site is not None:
                    cache.set(key, site, 3600)
            except DatabaseError:
                # Let the view decide (/healthz reports the database; pages fail as they would anyway).
                return self.get_response(request)
        request._wagtail_site = site
        return self.get_response(request)
