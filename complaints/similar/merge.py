"""The desk merges a duplicate report into another: its reporter and supporters follow that one."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from .. import access, notifications
from ..models import Complaint, ComplaintEvent, messages
from .supporters import add_supporter

S = Complaint.Status


class MergeError(Exception):
    """A merge that cannot be done; the message says why, in the officer's language."""


@transaction.atomic
def merge(duplicate, master, user, reason, now=None):
    """The desk merges `duplicate` into `master`: its reporter and supporters follow the master."""
    if not access.is_desk(user):
        raise MergeError(_("You may not do this to this report."))
    reason = (reason or "").strip()
    if not reason:
        raise MergeError(_("Say why these reports are the same."))
    locked = {c.pk: c for c in Complaint.objects.select_for_update().filter(pk__in=[duplicate.pk, master.pk])
              .order_by("pk")}
    duplicate, master = locked.get(duplicate.pk), locked.get(master.pk)
    if duplicate is None or master is None or duplicate.pk == master.pk:
        raise MergeError(_("Choose another report to merge with."))
    if duplicate.status == S.MERGED:
        raise MergeError(_("This report is already merged."))
    if not duplicate.is_open:
        raise MergeError(_("Only an open report can be merged."))
    if not master.is_open:
        raise MergeError(_("Report %(code)s is no longer open; merge into an open report.")
                         % {"code": master.tracking_code})
    if master.confidential:
        # The merged reporter would be sent the master's code and its updates: a confidential
        # report is never shown to anyone but its own reporter.
        raise MergeError(_("Report %(code)s is confidential: other reports cannot be merged into it.")
                         % {"code": master.tracking_code})
    now = now or timezone.now()
    duplicate.status, duplicate.merged_into, duplicate.due_at = S.MERGED, master, None
    duplicate.save()
    # Reports merged earlier into this one follow it to the master.
    Complaint.objects.filter(merged_into=duplicate).update(merged_into=master)
    for supporter in list(duplicate.supporters.all()):
        if supporter.email == master.email or master.supporters.filter(email=supporter.email).exists():
            supporter.delete()
        else:
            supporter.complaint = master
            supporter.save(update_fields=["complaint"])
    # An anonymous reporter's address was kept only for the confirmation link: they are told once, below,
    # and follow the master by its code, not as a supporter whose address the city would keep.
    if duplicate.email and not duplicate.personal_data_erased_at and not duplicate.anonymous:
        add_supporter(master, duplicate.email, duplicate.language, verified_at=duplicate.verified_at,
                      from_complaint=duplicate)
    event = ComplaintEvent.objects.create(complaint=duplicate, created_at=now, actor=user, status=S.MERGED,
                                          action="merge", internal_note=reason,
                                          **messages.standard("merged", duplicate.language, code=master.tracking_code))
    ComplaintEvent.objects.create(complaint=master, created_at=now, actor=user, is_public=False, action="note",
                                  internal_note=_("Report %(code)s merged into this one: %(reason)s")
                                  % {"code": duplicate.tracking_code, "reason": reason})
    log(duplicate, "complaints.merge", user=user, data={"into": master.tracking_code})
    if duplicate.email and not duplicate.personal_data_erased_at:
        notifications.queue_status(duplicate, event)
    duplicate.forget_anonymous_contact()  # merging screens it: the queued message still goes out once
    return event
