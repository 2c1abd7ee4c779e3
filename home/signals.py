"""Keep page ownership in step with the page fields that name a unit (cms decides what that grants)."""

from django.db.models.signals import post_save

from cms.accounts.permissions import set_owner

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
