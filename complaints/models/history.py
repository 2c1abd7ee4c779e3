"""Complaint steps in Wagtail's audit log (Reports → Site history), kept apart from other models' entries.

Wagtail shows a ModelLogEntry to anyone holding any permission on its model, and every liaison holds
`view_complaint`: one unit's liaison would read another unit's steps. Complaint entries live in their
own log model instead (registered for Complaint in wagtail_hooks.py, as Wagtail registers PageLogEntry
for pages), whose viewable_by_user() answers with complaints.access: the steps of the reports the
officer may open, everything for the desk, Diskominfo and superusers.
"""

from django.db import models
from django.utils.functional import cached_property
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _
from wagtail.models import BaseLogEntry, BaseLogEntryManager

from .complaint import Complaint

# Who may read which steps (access imports these models, so it is looked up when asked).
VISIBLE_STEPS = "complaints.access.log_entries_for"


class ComplaintLogEntryManager(BaseLogEntryManager):
    def log_action(self, instance, action, **kwargs):
        kwargs.update(complaint=instance)
        return super().log_action(instance, action, **kwargs)

    def for_instance(self, instance):
        return self.filter(complaint=instance)

    def viewable_by_user(self, user):
        return import_string(VISIBLE_STEPS)(user, self.all())


class ComplaintLogEntry(BaseLogEntry):
    # As PageLogEntry: the entry outlives its report (the audit trail stays when a report is deleted).
    complaint = models.ForeignKey(Complaint, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+")

    objects = ComplaintLogEntryManager()

    class Meta(BaseLogEntry.Meta):
        ordering = ["-timestamp", "-id"]
        verbose_name = _("complaint log entry")
        verbose_name_plural = _("complaint log entries")

    def __str__(self):
        return f"ComplaintLogEntry {self.pk}: '{self.action}' on complaint {self.complaint_id}"

    @cached_property
    def object_id(self):
        return self.complaint_id
