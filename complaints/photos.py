"""Checking and cleaning the photos citizens send.

Every photo is opened by Pillow, checked for format, size and pixel count, then re-encoded
to a fresh JPEG: no EXIF (so no GPS position, no phone model), no trailing payload.
"""

import io
import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

try:  # HEIC from iPhones
    from pillow_heif import register_heif_opener

    register_heif_opener()
except ImportError:  # pragma: no cover - pillow-heif is a dependency
    pass

ALLOWED_FORMATS = {"JPEG", "MPO", "PNG", "WEBP", "HEIF"}
STORE_MAX_SIDE = 2048
# Markers of a file that is also something else (HTML, script, SVG, PHP): a polyglot.
_ACTIVE_CONTENT = re.compile(rb"<\s*(script|html|svg|iframe|body|\?php)|javascript:|<!doctype", re.I)
_ZIP_END = b"PK\x05\x06"


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
    if _ACTIVE_CONTENT.search(data) or _ZIP_END in data[-65536:]:
        _refuse(_("this file holds more than a picture, so we cannot accept it."), name)
    try:
        with Image.open(io.BytesIO(data)) as probe:
            if probe.format not in ALLOWED_FORMATS:
                _refuse(_("only JPEG, PNG, WebP and HEIC photos are accepted."), name)
            width, height = probe.size
            if width * height > settings.COMPLAINT_PHOTO_MAX_PIXELS:
                _refuse(_("the picture is too large (more than 40 megapixels)."), name)
            probe.verify()
        with Image.open(io.BytesIO(data)) as image:
            image.draft("RGB", (STORE_MAX_SIDE, STORE_MAX_SIDE))  # JPEG: decode at a reduced scale, much faster
            image = ImageOps.exif_transpose(image)  # keep the photo upright once EXIF is gone
            image.thumbnail((STORE_MAX_SIDE, STORE_MAX_SIDE))
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
