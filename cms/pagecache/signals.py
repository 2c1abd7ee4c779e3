"""Purge the page cache whenever what visitors see may have changed."""

from django.db.models.signals import post_delete, post_migrate, post_save, pre_save
from wagtail.models import PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from cms.cache import cache_recovered
from cms.models import OrganisationUnit

from . import cache, fragments, purge


def connect():
    # A publish purges the pages that show the published one (purge.py), not the whole cache.
    pre_save.connect(purge.remember_previous, dispatch_uid="cms_purge_remember_page")
    page_published.connect(purge.page_changed, dispatch_uid="cms_purge_published")
    page_unpublished.connect(purge.page_changed, dispatch_uid="cms_purge_unpublished")
    post_delete.connect(purge.page_deleted, dispatch_uid="cms_purge_page_deleted")
    # Images are shown by cached fragments (cards, pictures): an edited one renders them afresh.
    from wagtail.images import get_image_model

    image_model = get_image_model()
    post_save.connect(fragments.purge_images, sender=image_model, dispatch_uid="cms_fragments_image_saved")
    post_delete.connect(fragments.purge_images, sender=image_model, dispatch_uid="cms_fragments_image_deleted")
    post_page_move.connect(cache.purge_restrictions, dispatch_uid="cms_purge_moved")
    post_save.connect(cache.purge, sender=OrganisationUnit, dispatch_uid="cms_purge_unit_saved")
    post_delete.connect(cache.purge, sender=OrganisationUnit, dispatch_uid="cms_purge_unit_deleted")

    post_save.connect(cache.purge_sites, sender=Site, dispatch_uid="cms_purge_site_saved")
    post_delete.connect(cache.purge_sites, sender=Site, dispatch_uid="cms_purge_site_deleted")

    post_save.connect(cache.purge_restrictions, sender=PageViewRestriction,
                      dispatch_uid="cms_purge_restriction_saved")
    post_delete.connect(cache.purge_restrictions, sender=PageViewRestriction,
                        dispatch_uid="cms_purge_restriction_deleted")

    # A deploy runs migrate: start it with a fresh page cache (new templates, new catalogs).
    post_migrate.connect(cache.purge_sites, dispatch_uid="cms_purge_after_migrate")
    post_migrate.connect(cache.purge_restrictions, dispatch_uid="cms_purge_restrictions_after_migrate")

    # Redis came back after an outage that lost a purge: start afresh rather than serve what it missed.
    cache_recovered.connect(cache.purge_after_outage, dispatch_uid="cms_purge_after_cache_outage")
