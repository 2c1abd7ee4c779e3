"""Fast page routing for both languages.

wagtail-modeltranslation's route() loads every child page of each level to compare slugs in
Python, so serving one news item would load the whole news archive. Ours asks the database
for the one child whose slug matches in the active language (or, where that language has no
slug, in Indonesian). The Site, and the page each address led to, are kept in each process's memory
under the generation stamps of the shared cache (until the next Site change, move or menu change),
which saves queries on every request that the page cache does not answer.
"""

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


def _route_key(root, path_components):
    lang = translation.get_language() or settings.LANGUAGE_CODE
    path = hashlib.sha256("/".join(path_components).encode()).hexdigest()
    return f"route:{generation()}:{root.pk}:{lang}:{path}"


def _cached_route(root, request, key, path_components):
    """The route found before for this address: the page is read by its id in one query instead of two
    per level of the tree, and checked (live, still at this address) so a renamed or unpublished page
    is routed afresh rather than served from a stale entry."""
    entry = caches["local"].get(key)
    if entry is None:
        return None
    page_id, content_type_id, consumed = entry
    model = ContentType.objects.get_for_id(content_type_id).model_class()
    page = model.objects.filter(pk=page_id).first() if model is not None else None
    expected = root.url_path + "".join(f"{part}/" for part in path_components[:consumed])
    if page is None or not page.live or page.url_path != expected:
        return None
    return page.route(request, path_components[consumed:])


def localized_route(self, request, path_components):
    """Page.route() of every translated page model (installed by cms.patches). From the site's root,
    the address's page is looked up in the cache first (until the next move or menu change)."""
    site = getattr(request, "_wagtail_site", None)
    if path_components and site is not None and site.root_page_id == self.pk:
        key = _route_key(self, path_components)
        result = _cached_route(self, request, key, path_components)
        if result is None:
            result = _route(self, request, path_components)
            page = result[0]
            consumed = page.depth - self.depth
            if consumed == len(path_components):  # a page's own address; a sub-page's (a code) is not kept
                caches["local"].set(key, (page.pk, page.content_type_id, consumed), ROUTE_SECONDS)
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
