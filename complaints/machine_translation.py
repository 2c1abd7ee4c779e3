"""Complaints written in another language than the officers' (English), machine-translated into
Indonesian for the officers, only when COMPLAINT_MACHINE_TRANSLATION allows sending complaint text
to the provider (off by default: a description may carry personal data). The original always
stays the record; the translation is shown beside it and dropped when the description changes
(e.g. when it is anonymised).
"""

import hashlib
import logging

from django.apps import apps
from django.conf import settings
from django.db import models
from django.db.models.signals import post_save
from django.utils import timezone
from django_tasks import default_task_backend, task

from cms.machine_translation import service
from cms.tasks import enqueue_after_commit, retry_delay

logger = logging.getLogger(__name__)


class ComplaintTranslation(models.Model):
    complaint = models.OneToOneField("complaints.Complaint", primary_key=True, on_delete=models.CASCADE,
                                     related_name="machine_translation")
    language = models.CharField(max_length=5)
    text = models.TextField(blank=True)
    source_hash = models.CharField(max_length=64)
    error = models.CharField(max_length=20, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        app_label = "complaints"
        default_permissions = ()


def _hash(text):
    return hashlib.sha256((text or "").encode()).hexdigest()


def wanted(complaint):
    return (settings.COMPLAINT_MACHINE_TRANSLATION and service.is_enabled() and bool(complaint.description)
            and complaint.language != settings.LANGUAGE_CODE)


@task()
def translate_complaint(complaint_id):
    # By name: this module defines a model of the complaints app, so complaints.models imports it.
    complaint = apps.get_model("complaints", "Complaint").objects.filter(pk=complaint_id).first()
    if complaint is None or not wanted(complaint):
        return None
    source_hash = _hash(complaint.description)
    record = ComplaintTranslation.objects.filter(complaint=complaint).first()
    if record and record.source_hash == source_hash and record.text:
        return None
    result = service.translate([complaint.description], source=complaint.language, target=settings.LANGUAGE_CODE)
    attempts = (record.attempts if record and record.source_hash == source_hash else 0) + (0 if result.ok else 1)
    ComplaintTranslation.objects.update_or_create(complaint=complaint, defaults={
        "language": settings.LANGUAGE_CODE, "text": result.texts[0] if result.ok else "", "source_hash": source_hash,
        "error": result.error, "attempts": attempts})
    if result.retry and attempts < settings.TRANSLATION_MAX_ATTEMPTS and default_task_backend.supports_defer:
        run_after = timezone.now() + retry_delay(attempts, first_minutes=5, max_minutes=360)
        translate_complaint.using(run_after=run_after).enqueue(complaint.pk)
    return result.error or "ok"


def on_complaint_saved(sender, instance, created=False, update_fields=None, **kwargs):
    if not created and update_fields is not None and "description" not in update_fields:
        return
    changed = created
    if not created:
        # A changed (or anonymised) description makes the old translation wrong, and maybe personal.
        changed = ComplaintTranslation.objects.filter(complaint=instance).exclude(
            source_hash=_hash(instance.description)).delete()[0] > 0
    if changed and wanted(instance):
        enqueue_after_commit(translate_complaint, instance.pk)


post_save.connect(on_complaint_saved, sender="complaints.Complaint", dispatch_uid="complaints_machine_translation")
