"""Purge the page cache whenever what visitors see may have changed."""

from django.db.models.signals import post_delete, post_save
from wagtail.signals import page_published, page_unpublished, post_page_move

from . import cache
from .models import OrganisationUnit

page_published.connect(cache.purge, dispatch_uid="cms_purge_published")
page_unpublished.connect(cache.purge, dispatch_uid="cms_purge_unpublished")
post_page_move.connect(cache.purge_restrictions, dispatch_uid="cms_purge_moved")
post_save.connect(cache.purge, sender=OrganisationUnit, dispatch_uid="cms_purge_unit_saved")
post_delete.connect(cache.purge, sender=OrganisationUnit, dispatch_uid="cms_purge_unit_deleted")

from wagtail.models import PageViewRestriction, Site  # noqa: E402

post_save.connect(cache.purge_sites, sender=Site, dispatch_uid="cms_purge_site_saved")
post_delete.connect(cache.purge_sites, sender=Site, dispatch_uid="cms_purge_site_deleted")

post_save.connect(cache.purge_restrictions, sender=PageViewRestriction, dispatch_uid="cms_purge_restriction_saved")
post_delete.connect(cache.purge_restrictions, sender=PageViewRestriction, dispatch_uid="cms_purge_restriction_deleted")

from django.db.models.signals import post_migrate  # noqa: E402

# A deploy runs migrate: start it with a fresh page cache (new templates, new catalogs).
post_migrate.connect(cache.purge_sites, dispatch_uid="cms_purge_after_migrate")
post_migrate.connect(cache.purge_restrictions, dispatch_uid="cms_purge_restrictions_after_migrate")

from .machine_translation.tasks import on_page_published  # noqa: E402

# After the purge: record the page's English state and queue the machine for what is missing.
page_published.connect(on_page_published, dispatch_uid="cms_machine_translation")
