"""Fast page routing for both languages.

wagtail-modeltranslation's route() loads every child page of each level to compare slugs in
Python, so serving one news item would load the whole news archive. Ours asks the database
for the one child whose slug matches in the active language (or, where that language has no
slug, in Indonesian). The Site, and the page each address led to, are kept in each process's memory
under the generation stamps of the shared cache (until the next Site change, move or menu change),
which saves queries on every request that the page cache does not answer.
"""

import functools
import hashlib

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.cache import caches
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


ROUTE_SECONDS = 3600


def _route_key(root_id, path_components):
    lang = translation.get_language() or settings.LANGUAGE_CODE
    path = hashlib.sha256("/".join(path_components).encode()).hexdigest()
    return f"route:{generation()}:{root_id}:{lang}:{path}"


def _cached_route(request, key):
    """The route found before for this address: the page is read by its id in one query instead of the
    root page and two queries per level of the tree, and checked (live, still at this address) so that
    a renamed or unpublished page is routed afresh rather than served from a stale entry."""
    entry = caches["local"].get(key)
    if entry is None:
        return None
    page_id, content_type_id, url_path = entry
    model = ContentType.objects.get_for_id(content_type_id).model_class()
    page = model.objects.filter(pk=page_id).first() if model is not None else None
    if page is None or not page.live or page.url_path != url_path:
        return None
    try:
        return page.route(request, [])
    except Http404:
        return None


def serve_with_cached_route(view):
    """Wagtail's serve view, handed the page of an address served before (Wagtail keeps a request's
    route in `request._wagtail_route_for_request` and reads it from there)."""

    @functools.wraps(view)
    def wrapper(request, path, *args, **kwargs):
        site = getattr(request, "_wagtail_site", None)
        components = [part for part in path.split("/") if part]
        if site is not None and components and not hasattr(request, "_wagtail_route_for_request"):
            result = _cached_route(request, _route_key(site.root_page_id, components))
            if result is not None:
                request._wagtail_route_for_request = result
        return view(request, path, *args, **kwargs)

    return wrapper


def localized_route(self, request, path_components):
    """Page.route() of every translated page model (installed by cms.patches). Routed from the site's
    root, a page's own address is remembered for serve_with_cached_route (until the next move or menu
    change); a sub-page's (a tracking code) is not."""
    site = getattr(request, "_wagtail_site", None)
    if path_components and site is not None and site.root_page_id == self.pk:
        result = _route(self, request, path_components)
        page = result[0]
        if page.depth - self.depth == len(path_components):
            caches["local"].set(_route_key(self.pk, path_components),
                                (page.pk, page.content_type_id, page.url_path), ROUTE_SECONDS)
        return result
    return _route(self, request, path_components)


def _route(self, request, path_components):
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
        site = caches["local"].get(key)
        if site is None:
            try:
                site = Site.find_for_request(request)
                if site is not None:
                    caches["local"].set(key, site, 3600)
            except DatabaseError:
                # Let the view decide (/healthz reports the database; pages fail as they would anyway).
                return self.get_response(request)
        request._wagtail_site = site
        return self.get_response(request)
