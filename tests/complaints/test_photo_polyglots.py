"""The polyglot check looks where a polyglot can hide, not in compressed pixels (issue 15, finding 6)."""

import io
import random
import struct
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from PIL import Image, PngImagePlugin

from complaints.models import ComplaintPhoto
from complaints.photos import clean_photo

pytestmark = pytest.mark.django_db
REFUSED = "holds more than a picture"


def noisy(size=(320, 240), seed=15):
    """A photo-like picture: noise over mid grey, so its compressed data looks random."""
    rnd = random.Random(seed)
    return Image.frombytes("RGB", size, rnd.randbytes(size[0] * size[1] * 3)).point(lambda v: 64 + v // 2)


def encoded(image, fmt="JPEG", **params):
    out = io.BytesIO()
    image.save(out, fmt, **params)
    return out.getvalue()


def jpeg_with_bytes_in_its_scan(chance):
    """A genuine JPEG whose entropy-coded (compressed pixel) data holds `chance`, as about 1 photo in
    130 of 4 MB does (benchmarks/photo_polyglot_false_positives.py). Written into one block of the scan,
    away from any 0xFF; a restart marker each row keeps the decoder in step, as cameras' files do."""
    data = bytearray(encoded(noisy(), quality=90, restart_marker_rows=1))
    sos = data.index(b"\xff\xda")
    pos = sos + 2 + int.from_bytes(data[sos + 2:sos + 4], "big") + 5000
    while data[pos - 1] == 0xFF or 0xFF in data[pos:pos + len(chance) + 1]:
        pos += 1
    data[pos:pos + len(chance)] = chance
    return bytes(data)


def png_with_bytes_in_its_pixels(chance, width=80, height=40):
    """A PNG, stored without compression or filters, whose pixels spell `chance`: the bytes sit in IDAT."""
    row = b"\x00" + (chance * width * 3)[:width * 3]  # filter type 0: the row's bytes as they are
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + _png_chunk(b"IHDR", header) + _png_chunk(b"IDAT", zlib.compress(row * height, 0))
            + _png_chunk(b"IEND", b""))


def upload(content, name="foto.jpg", content_type="image/jpeg"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def refused(content, **kwargs):
    with translation.override("en"), pytest.raises(ValidationError) as error:
        clean_photo(upload(content, **kwargs))
    return REFUSED in str(error.value)


@pytest.mark.parametrize("chance", [b"<svg", b"<SCRIPT", b"<svg onload", b"PK\x05\x06"])
def test_genuine_jpeg_with_marker_bytes_in_its_compressed_pixels_is_accepted(chance):
    data = jpeg_with_bytes_in_its_scan(chance)
    assert chance in data
    with Image.open(io.BytesIO(data)) as image:
        image.load()  # decodes: a real picture
    assert clean_photo(upload(data)).size > 1000


def test_photo_carrying_a_second_image_is_walked_like_the_first():
    """Phones append a second JPEG (MPO, HDR gain map, depth map): its pixels are pixels too."""
    second = jpeg_with_bytes_in_its_scan(b"<svg")
    assert clean_photo(upload(encoded(noisy(seed=3), quality=90) + b"\x00" * 16 + second)).size > 1000


def test_genuine_photo_with_svg_in_its_pixels_goes_through_the_form(client, form_data):
    photos = [upload(jpeg_with_bytes_in_its_scan(b"<svg")),
              upload(png_with_bytes_in_its_pixels(b"<svg"), "foto.png", "image/png")]
    assert b"<svg" in photos[1].read()
    photos[1].seek(0)
    response = client.post("/en/complaints/", form_data(photos=photos))
    assert response.status_code == 302
    assert ComplaintPhoto.objects.count() == 2


def _png_chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def _exif_description(text):
    exif = Image.Exif()
    exif[0x010E] = text  # ImageDescription
    return exif.tobytes()


def _png_text(**chunks):
    info = PngImagePlugin.PngInfo()
    for key, (value, compressed) in chunks.items():
        info.add_text(key, value, zip=compressed)
    return info


def _insert_after_soi(jpeg, segment):
    return jpeg[:2] + segment + jpeg[2:]


SCRIPT = "<script>alert(document.cookie)</script>"
PHOTO = encoded(noisy(), quality=90)
PNG = encoded(noisy(), "PNG")
HIDING_PLACES = {
    # JPEG
    "html before the JPEG": (b"<html><body>" + SCRIPT.encode() + b"</body></html>" + PHOTO, "jpg"),
    "svg after the JPEG's end": (PHOTO + b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', "jpg"),
    "php after the JPEG's end": (PHOTO + b"<?php system($_GET['c']); ?>", "jpg"),
    "zip after the JPEG's end": (PHOTO + b"PK\x03\x04" + b"\x00" * 26 + b"PK\x05\x06" + b"\x00" * 18, "jpg"),
    "script in a JPEG comment": (encoded(noisy(), quality=90, comment=SCRIPT.encode()), "jpg"),
    "svg in the EXIF": (encoded(noisy(), quality=90, exif=_exif_description("<svg onload=alert(1)>")), "jpg"),
    "script in the XMP": (encoded(noisy(), quality=90, xmp=f"<x:xmpmeta>{SCRIPT}</x:xmpmeta>".encode()), "jpg"),
    "script in an APP15 segment": (_insert_after_soi(PHOTO, b"\xff\xef" + struct.pack(">H", 2 + len(SCRIPT))
                                                     + SCRIPT.encode()), "jpg"),
    "script in a second JPEG after the first": (PHOTO + encoded(noisy(seed=2), comment=SCRIPT.encode()), "jpg"),
    # PNG
    "script in a PNG text chunk": (encoded(noisy(), "PNG", pnginfo=_png_text(Comment=(SCRIPT, False))), "png"),
    "script in a compressed PNG text chunk": (encoded(noisy(), "PNG", pnginfo=_png_text(Comment=(SCRIPT, True))),
                                              "png"),
    "html in a private PNG chunk": (PNG[:33] + _png_chunk(b"prVt", b"<html>" + SCRIPT.encode()) + PNG[33:], "png"),
    "html after the PNG's end": (PNG + b"<!DOCTYPE html>" + SCRIPT.encode(), "png"),
    # WebP
    "svg in the WebP's EXIF": (encoded(noisy(), "WEBP", exif=_exif_description("<svg onload=alert(1)>")), "webp"),
    "html after the WebP's end": (encoded(noisy(), "WEBP") + b"<html>" + SCRIPT.encode(), "webp"),
}


@pytest.mark.parametrize("place", list(HIDING_PLACES))
def test_polyglots_in_each_hiding_place_are_refused(place):
    content, ext = HIDING_PLACES[place]
    assert refused(content, name=f"foto.{ext}", content_type=f"image/{ext}")


def test_script_in_heic_metadata_is_refused():
    content = encoded(noisy(), "HEIF", exif=_exif_description(SCRIPT))
    assert refused(content, name="foto.heic", content_type="image/heic")


def test_polyglot_is_refused_through_the_form_with_a_message(client, form_data):
    content, _ext = HIDING_PLACES["script in a JPEG comment"]
    response = client.post("/en/complaints/", form_data(photos=[upload(content)]))
    assert response.status_code == 400 and REFUSED in response.content.decode()
    assert not ComplaintPhoto.objects.exists()
