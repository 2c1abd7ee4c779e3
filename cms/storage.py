"""Where files live: the storages named in settings.STORAGES, local folders or S3-compatible buckets.

`STORAGES["default"]` holds Wagtail's media (images, renditions, documents); `STORAGES["complaint_photos"]`
holds complaint photos, which are private: no URL of their own, served only through views that check access.
Everything here goes through the Storage API, so several servers see the same files.
"""

import logging
from datetime import UTC

from django.conf import settings
from django.core.files.storage import FileSystemStorage, storages
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.functional import LazyObject, cached_property, empty

logger = logging.getLogger(__name__)

try:  # S3 errors when django-storages' S3 backend is in use
    from botocore.exceptions import BotoCoreError, ClientError
except ImportError:  # pragma: no cover - boto3 comes with django-storages[s3]
    BotoCoreError = ClientError = OSError

# What a storage raises when it cannot read or write: a full or read-only disk, an unreachable bucket.
STORAGE_ERRORS = (OSError, BotoCoreError, ClientError)


class PrivateFileSystemStorage(FileSystemStorage):
    """A local folder for private files (COMPLAINT_MEDIA_ROOT unless `location` is given), without URLs."""

    @cached_property
    def base_location(self):
        return self._value_or_setting(self._location, settings.COMPLAINT_MEDIA_ROOT)

    def _clear_cached_properties(self, setting, **kwargs):
        super()._clear_cached_properties(setting, **kwargs)
        if setting == "COMPLAINT_MEDIA_ROOT":
            self.__dict__.pop("base_location", None)
            self.__dict__.pop("location", None)

    def url(self, name):
        raise ValueError("Private files have no public URL; serve them through a view that checks access.")


class ComplaintPhotoStorage(LazyObject):
    """STORAGES["complaint_photos"], looked up when first used (and again after the setting changes), so
    that a model field can name it while the settings decide what it is."""

    def _setup(self):
        self._wrapped = storages["complaint_photos"]


complaint_photo_storage = ComplaintPhotoStorage()


@receiver(setting_changed)
def _storages_changed(setting, **kwargs):
    if setting == "STORAGES":
        complaint_photo_storage._wrapped = empty


def _is_s3(storage):
    return hasattr(storage, "bucket") and hasattr(storage, "_normalize_name")


def _s3_key(storage, name):
    from storages.utils import clean_name

    return storage._normalize_name(clean_name(name))


def open_stream(storage, name):
    """(file-like, size) of a stored file, read in chunks as it is sent: S3's streaming body rather than
    django-storages' S3File, which downloads the whole object before the first byte. FileNotFoundError when
    there is no such file."""
    if _is_s3(storage):
        try:
            answer = storage.bucket.Object(_s3_key(storage, name)).get()
        except ClientError as error:
            if error.response.get("Error", {}).get("Code") in ("NoSuchKey", "404"):
                raise FileNotFoundError(name) from error
            raise
        return answer["Body"], answer.get("ContentLength")
    handle = storage.open(name, "rb")
    return handle, handle.size


def stored_files(storage, prefix=""):
    """Every file of `storage` as (name, last modified, aware UTC), folder by folder, without reading them."""
    if _is_s3(storage):
        location = storage.location.strip("/")
        start = f"{location}/" if location else ""
        for item in storage.bucket.objects.filter(Prefix=start + prefix):
            yield item.key[len(start):], item.last_modified
        return
    folders, files = storage.listdir(prefix) if storage.exists(prefix or ".") else ([], [])
    for file in files:
        name = f"{prefix}{file}"
        yield name, storage.get_modified_time(name).astimezone(UTC)
    for folder in folders:
        yield from stored_files(storage, f"{prefix}{folder}/")


def delete_quietly(storage, names):
    """Delete files, logging (not raising) what could not be deleted: a sweep finds them later."""
    for name in names:
        if not name:
            continue
        try:
            storage.delete(name)
        except STORAGE_ERRORS as error:
            logger.warning("Could not delete a stored file (%s); the orphan sweep will retry.", type(error).__name__)

