"""Checking and cleaning the photos citizens send.

Every photo is opened by Pillow, checked for format, size and pixel count, then re-encoded
to a fresh JPEG: no EXIF (so no GPS position, no phone model), no trailing payload.
"""

import io
import logging
import re
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.images import get_image_dimensions
from django.http import FileResponse, Http404, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from cms.storage import STORAGE_ERRORS, complaint_photo_storage, delete_quietly, open_stream, stored_files

from .models import ComplaintPhoto, PendingUpload, photo_path

logger = logging.getLogger(__name__)

try:  # HEIC from iPhones
    from pillow_heif import register_heif_opener

    register_heif_opener()
except ImportError:  # pragma: no cover - pillow-heif is a dependency
    pass

ALLOWED_FORMATS = {"JPEG", "MPO", "PNG", "WEBP", "HEIF"}
# Photos are decoded at the smallest JPEG scale that still gives DRAFT_SIDE pixels, and resized
# only when still larger than STORE_MAX_SIDE: resampling costs more than the rest together.
DRAFT_SIDE = 1600
STORE_MAX_SIDE = 2048
# Markers of a file that is also something else (HTML, script, SVG, PHP): a polyglot.
# Plain substring searches on a lower-cased copy: a regular expression is ten times slower on 10 MB.
_ACTIVE_MARKERS = (b"<script", b"<html", b"<svg", b"<iframe", b"<body", b"<?php", b"javascript:", b"<!doctype")
_ZIP_END = b"PK\x05\x06"


def _active(region):
    lowered = region.lower()
    return any(marker in lowered for marker in _ACTIVE_MARKERS) or _ZIP_END in region


# Where a polyglot can hide is where a browser, a ZIP reader or an interpreter finds it: before the
# image's start, after its end, and in metadata and comment segments. Compressed pixel data is left
# alone: 0.75% to 2% of 4 MB camera photos hold "<svg" or the like there by chance (issue 15; benchmarks/
# photo_polyglot_false_positives.py), and nothing reads it but an image decoder (re-encoding drops it).
_JPEG_SOI, _PNG_SIGNATURE = b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n"
# The end of a JPEG scan's entropy-coded data: 0xFF followed by neither a stuffed 0x00 nor a restart marker.
_JPEG_SCAN_END = re.compile(rb"\xff[^\x00\xd0-\xd7]")
_JPEG_STANDALONE = frozenset({0x01, *range(0xD0, 0xD9)})  # TEM, RSTn, SOI: markers without a length
_ZERO_PADDING = re.compile(rb"\x00*")
_WEBP_START = re.compile(rb"RIFF.{4}WEBP", re.DOTALL)
_PNG_PIXELS = frozenset({b"IDAT", b"fdAT"})
_WEBP_PIXELS = frozenset({b"VP8 ", b"VP8L", b"ALPH", b"ANMF"})
_BMFF_PIXELS = frozenset({b"mdat"})
# A photo has a few dozen segments or chunks; past this many the rest of the file is read whole,
# so a flood of tiny ones cannot make the walk slow.
_MAX_PARTS = 2000


def _image_start(data):
    """Offset and kind of the first image start in `data`, or (None, None)."""
    found = [(data.find(_JPEG_SOI), "jpeg"), (data.find(_PNG_SIGNATURE), "png")]
    riff = _WEBP_START.search(data)
    found.append((riff.start() if riff else -1, "webp"))
    ftyp = data.find(b"ftyp")
    found.append((ftyp - 4 if ftyp >= 4 else -1, "bmff"))
    found = [(offset, kind) for offset, kind in found if offset >= 0]
    return min(found) if found else (None, None)


def _jpeg_regions(data, pos, regions, depth=0):
    """Collect every JPEG segment but the entropy-coded scans, and what follows the end (EOI)."""
    n = len(data)
    pos += 2  # SOI
    while pos < n:
        if data[pos] != 0xFF or len(regions) > _MAX_PARTS:  # not a marker where one must be, or a flood of
            regions.append(data[pos:])                       # tiny segments: read everything from here
            return
        while pos + 1 < n and data[pos + 1] == 0xFF:  # fill bytes before a marker
            pos += 1
        if pos + 1 >= n:
            return
        marker = data[pos + 1]
        if marker == 0xD9:  # EOI: what follows is trailing data
            _trailing(data, pos + 2, regions, depth)
            return
        if marker in _JPEG_STANDALONE:
            pos += 2
            continue
        length = int.from_bytes(data[pos + 2:pos + 4], "big")
        regions.append(data[pos + 4:pos + 2 + length])  # APPn (EXIF, XMP, ICC, MPF), COM, tables, frame headers
        pos += 2 + max(length, 2)
        if marker == 0xDA:  # SOS: the scan's compressed pixels follow up to the next marker
            end = _JPEG_SCAN_END.search(data, pos)
            if end is None:
                return  # truncated: Pillow will say so
            pos = end.start()


def _trailing(data, pos, regions, depth):
    """After an image's end: another image (MPO and gain-map photos carry a second JPEG) or suspect data."""
    lead = _ZERO_PADDING.match(data, pos).end()  # some cameras pad between the images
    if depth < 4 and data[lead:lead + 3] == _JPEG_SOI:
        _jpeg_regions(data, lead, regions, depth + 1)
    elif pos < len(data):
        regions.append(data[pos:])


def _png_regions(data, pos, regions):
    pos += len(_PNG_SIGNATURE)
    n = len(data)
    while pos + 8 <= n and len(regions) <= _MAX_PARTS:
        length, kind = int.from_bytes(data[pos:pos + 4], "big"), data[pos + 4:pos + 8]
        if kind not in _PNG_PIXELS:
            regions.append(data[pos + 8:pos + 8 + length])  # text (tEXt/zTXt/iTXt), eXIf, iCCP, private chunks
        pos += 12 + length
        if kind == b"IEND":
            break
    if pos < n:
        regions.append(data[pos:])


def _riff_regions(data, pos, regions):
    end = min(len(data), pos + 8 + int.from_bytes(data[pos + 4:pos + 8], "little"))
    chunk = pos + 12
    while chunk + 8 <= end and len(regions) <= _MAX_PARTS:
        kind, length = data[chunk:chunk + 4], int.from_bytes(data[chunk + 4:chunk + 8], "little")
        if kind not in _WEBP_PIXELS:
            regions.append(data[chunk + 8:chunk + 8 + length])  # VP8X, ICCP, EXIF, XMP, unknown chunks
        chunk += 8 + length + (length & 1)
    if chunk < end:  # cut short: the rest is read whole
        regions.append(data[chunk:end])
    if end < len(data):
        regions.append(data[end:])


def _bmff_regions(data, pos, regions):
    """HEIF/AVIF boxes: all but the media data (mdat). Pillow's metadata (EXIF, XMP) is checked apart."""
    n = len(data)
    while pos + 8 <= n and len(regions) <= _MAX_PARTS:
        size, kind, header = int.from_bytes(data[pos:pos + 4], "big"), data[pos + 4:pos + 8], 8
        if size == 1:
            size, header = int.from_bytes(data[pos + 8:pos + 16], "big"), 16
        elif size == 0:
            size = n - pos
        if size < header:
            break
        if kind not in _BMFF_PIXELS:
            regions.append(data[pos + header:pos + size])
        pos += size
    if pos < n:
        regions.append(data[pos:])


_REGIONS = {"jpeg": _jpeg_regions, "png": _png_regions, "webp": _riff_regions, "bmff": _bmff_regions}


def _hiding_places(data):
    """The parts of `data` that are not compressed pixels: before the image, its metadata, after it."""
    start, kind = _image_start(data)
    if start is None:
        return [data]  # no image we know: all of it
    regions = [data[:start]] if start else []
    _REGIONS[kind](data, start, regions)
    return regions


def _looks_like_polyglot(data):
    return any(_active(region) for region in _hiding_places(data))


def _metadata_looks_active(info):
    """Metadata as Pillow decoded it (EXIF, XMP, comments, PNG text, HEIF items stored in its media data)."""
    for value in info.values():
        if isinstance(value, str):
            value = value.encode("utf-8", "replace")
        if isinstance(value, bytes | bytearray) and _active(value):
            return True
    return False


def _fit(size, limit=DRAFT_SIDE):
    width, height = size
    scale = min(1.0, limit / max(width, height))
    return max(1, int(width * scale)), max(1, int(height * scale))


def _refuse(message, name):
    raise ValidationError(_("%(name)s: %(problem)s") % {"name": name, "problem": message}, code="invalid_photo")


def clean_photo(upload):
    """Return a ContentFile holding a safe JPEG made from `upload`, or raise ValidationError."""
    name = (upload.name or "foto")[-60:]
    max_bytes = settings.COMPLAINT_PHOTO_MAX_BYTES
    if upload.size > max_bytes:
        _refuse(_("the file is larger than %(mb)d MB.") % {"mb": max_bytes // (1024 * 1024)}, name)
    data = upload.read()
    upload.seek(0)
    if _looks_like_polyglot(data):
        _refuse(_("this file holds more than a picture, so we cannot accept it."), name)
    try:
        with Image.open(io.BytesIO(data)) as probe:
            if probe.format not in ALLOWED_FORMATS:
                _refuse(_("only JPEG, PNG, WebP and HEIC photos are accepted."), name)
            if _metadata_looks_active(probe.info):
                _refuse(_("this file holds more than a picture, so we cannot accept it."), name)
            width, height = probe.size
            if width * height > settings.COMPLAINT_PHOTO_MAX_PIXELS:
                _refuse(_("the picture is too large (more than 40 megapixels)."), name)
            probe.verify()
        with Image.open(io.BytesIO(data)) as image:
            image.draft("RGB", _fit(image.size))  # JPEG: decode at 1/2, 1/4 or 1/8 scale when that is enough
            image = ImageOps.exif_transpose(image)  # keep the photo upright once EXIF is gone
            if max(image.size) > STORE_MAX_SIDE:
                image.thumbnail((STORE_MAX_SIDE, STORE_MAX_SIDE), Image.Resampling.BILINEAR, reducing_gap=2.0)
            if image.mode not in ("RGB", "L"):
                background = Image.new("RGB", image.size, (255, 255, 255))
                rgba = image.convert("RGBA")
                background.paste(rgba, mask=rgba.getchannel("A"))
                image = background
            out = io.BytesIO()
            image.convert("RGB").save(out, "JPEG", quality=85)
    except ValidationError:
        raise
    except Image.DecompressionBombError:
        _refuse(_("the picture is too large (more than 40 megapixels)."), name)
    except UnidentifiedImageError:
        _refuse(_("this is not a photo we can read (JPEG, PNG, WebP or HEIC)."), name)
    except (OSError, SyntaxError, ValueError, EOFError):
        _refuse(_("the photo is damaged or incomplete; please take or attach it again."), name)
    return ContentFile(out.getvalue(), name="photo.jpg")


# Storing ----------------------------------------------------------------------------------------------

class PhotoNotStored(Exception):
    """The photo storage refused a write (a full or read-only disk, an unreachable bucket): nothing of the
    post was saved, and the citizen may send it again or without the photo."""


def store(contents):
    """Write checked photos (clean_photo()'s ContentFiles) to STORAGES["complaint_photos"] under fresh random
    names; return [(name, width, height)]. They are written before the report's transaction, so that a storage
    failure leaves no report behind; whoever saves the rows deletes the files again (discard()) when that
    fails, and sweep_orphans() removes what a process killed in between left."""
    stored = []
    try:
        for content in contents:
            width, height = get_image_dimensions(content)
            name = complaint_photo_storage.save(photo_path(None, "photo.jpg"), content)
            stored.append((name, width, height))
    except STORAGE_ERRORS as error:
        logger.warning("A complaint photo could not be stored (%s).", type(error).__name__)
        discard(stored)
        raise PhotoNotStored from error
    return stored


def discard(stored):
    """Delete files store() wrote whose rows were not saved."""
    delete_quietly(complaint_photo_storage, [name for name, *_dimensions in stored])


def sweep_orphans(now=None, grace_hours=None):
    """Delete stored photos that no report and no kept form references, once older than the grace period
    (COMPLAINT_ORPHAN_PHOTO_GRACE_HOURS): a younger one may belong to a request still saving its rows.
    Returns the number deleted."""
    hours = settings.COMPLAINT_ORPHAN_PHOTO_GRACE_HOURS if grace_hours is None else grace_hours
    cutoff = (now or timezone.now()) - timedelta(hours=hours)
    old = (name for name, modified in stored_files(complaint_photo_storage) if modified < cutoff)
    removed = 0
    while batch := [name for _n, name in zip(range(500), old, strict=False)]:
        referenced = set(ComplaintPhoto.objects.filter(file__in=batch).values_list("file", flat=True))
        referenced |= set(PendingUpload.objects.filter(file__in=batch).values_list("file", flat=True))
        orphans = [name for name in batch if name not in referenced]
        delete_quietly(complaint_photo_storage, orphans)
        removed += len(orphans)
    if removed:
        logger.info("Removed %d stored photo(s) that no report referenced.", removed)
    return removed


# Serving ----------------------------------------------------------------------------------------------

def photo_response(file_field, max_age):
    """A stored photo streamed from its storage (a local folder or a private bucket), never read whole into
    memory; 404 when the file is gone, 503 when the storage does not answer."""
    try:
        stream, size = open_stream(file_field.storage, file_field.name)
    except FileNotFoundError as error:
        raise Http404 from error
    except STORAGE_ERRORS as error:
        logger.warning("A complaint photo could not be read from storage (%s).", type(error).__name__)
        response = HttpResponse(_("The photo cannot be shown just now. Please try again in a few minutes."),
                                status=503, content_type="text/plain; charset=utf-8")
        response["Retry-After"] = "60"
        return response
    response = FileResponse(stream, content_type="image/jpeg")
    if size is not None:
        response["Content-Length"] = size
    response["Cache-Control"] = f"private, max-age={max_age}"
    return response
