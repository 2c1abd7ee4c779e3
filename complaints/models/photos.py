"""Photos of a report, and photos kept while the rest of a form is corrected."""

import uuid
from datetime import timedelta

from django.db import models
from django.utils import timezone

from cms.storage import complaint_photo_storage

from .complaint import Complaint


def private_storage():
    """STORAGES["complaint_photos"] (a folder outside MEDIA_ROOT or a private bucket): the photos are
    served only through a view that checks access."""
    return complaint_photo_storage


def photo_path(instance, filename):
    # A random name: nothing of the citizen's file name (which may hold a name or a date) is kept.
    return f"{timezone.now():%Y/%m}/{uuid.uuid4().hex}.jpg"


class ComplaintPhoto(models.Model):
    complaint = models.ForeignKey(Complaint, related_name="photos", on_delete=models.CASCADE)
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    file = models.ImageField(storage=private_storage, upload_to=photo_path, width_field="width", height_field="height")
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["pk"]


class PendingUpload(models.Model):
    """A photo that passed the checks on a form that did not, kept so the citizen need not send it again."""

    token = models.CharField(max_length=64, unique=True)
    file = models.ImageField(storage=private_storage, upload_to=photo_path, width_field="width", height_field="height")
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    KEEP_FOR = timedelta(hours=6)

    @classmethod
    def expired(cls):
        return cls.objects.filter(created_at__lt=timezone.now() - cls.KEEP_FOR)
