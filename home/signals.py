"""Keep page ownership in step with the page fields that name a unit (cms decides what that grants),
and the footer's cached link with the page tree."""

from django.db.models.signals import post_delete, post_save
from wagtail.models import Page, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from cms.accounts.permissions import set_owner
from cms.cache import cache_recovered

from . import footer
from .models import ServicePage, UnitPage

OWNER_FIELDS = {UnitPage: "unit", ServicePage: "responsible_unit"}


def sync_owner(sender, instance, update_fields=None, raw=False, **kwargs):
    field = OWNER_FIELDS[sender]
    if raw or (update_fields is not None and field not in update_fields and f"{field}_id" not in update_fields):
        return
    # The stored value, not the instance's: a draft revision saves the page row without its new fields.
    unit_id = sender.objects.filter(pk=instance.pk).values_list(f"{field}_id", flat=True).first()
    unit = sender._meta.get_field(field).related_model.objects.filter(pk=unit_id).first() if unit_id else None
    set_owner(instance.page_ptr, unit)


for model in OWNER_FIELDS:
    post_save.connect(sync_owner, sender=model, dispatch_uid=f"home_owner_{model.__name__}")

page_published.connect(footer.forget, dispatch_uid="home_footer_published")
page_unpublished.connect(footer.forget, dispatch_uid="home_footer_unpublished")
post_page_move.connect(footer.forget, dispatch_uid="home_footer_moved")
post_delete.connect(footer.forget, sender=Page, dispatch_uid="home_footer_page_deleted")
post_save.connect(footer.forget, sender=Site, dispatch_uid="home_footer_site_saved")
# Redis came back after an outage that lost a write (perhaps this stamp's deletion).
cache_recovered.connect(footer.forget, dispatch_uid="home_footer_cache_recovered")
