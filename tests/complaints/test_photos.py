"""Every kind of bad file is refused with a message (never a 500); good photos lose their metadata."""

import io
import struct
import zlib
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from complaints.models import Complaint, ComplaintPhoto
from tests.factories import officer

from .conftest import jpeg

pytestmark = pytest.mark.django_db


def upload(name, content, content_type="image/jpeg"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def png_bomb():
    """A tiny PNG whose header claims 20000 x 20000 pixels (400 megapixels)."""
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    header = struct.pack(">IIBBBBB", 20000, 20000, 8, 2, 0, 0, 0)
    row = b"\x00" + b"\x00" * 20000 * 3
    data = zlib.compress(row * 50, 9)  # a few rows are enough: the size check comes first
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", data) + chunk(b"IEND", b"")


def jpeg_bytes(**kwargs):
    return jpeg(**kwargs).read()


BAD_FILES = {
    "text renamed .jpg": (upload("laporan.jpg", b"Ini bukan foto, hanya teks biasa.\n" * 20), "not a photo we can read"),
    "truncated jpeg": (upload("potong.jpg", jpeg_bytes(size=(1200, 900))[:3000]), "damaged or incomplete"),
    "decompression bomb": (upload("bom.png", png_bomb(), "image/png"), "more than 40 megapixels"),
    "svg": (upload("gambar.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
                   "image/svg+xml"),
            "holds more than a picture"),
    "html polyglot": (upload("poly.jpg", jpeg_bytes() + b"<script>alert(document.cookie)</script>"),
                      "holds more than a picture"),
    "zip polyglot": (upload("poly2.jpg", jpeg_bytes() + b"PK\x03\x04" + b"\x00" * 26 + b"PK\x05\x06" + b"\x00" * 18),
                     "holds more than a picture"),
    "gif": (upload("anim.gif", (lambda b: (Image.new("P", (10, 10)).save(b, "GIF"), b.getvalue())[1])(io.BytesIO()),
                   "image/gif"),
            "only JPEG, PNG, WebP and HEIC"),
}


@pytest.mark.parametrize("kind", list(BAD_FILES))
def test_bad_files_are_refused_with_a_message(client, form_data, kind):
    file, message = BAD_FILES[kind]
    response = client.post("/en/complaints/", form_data(photos=[file]))
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html, kind
    assert "Everything you typed is still in the form." in html
    assert Complaint.objects.count() == 0


def test_file_over_10_mb_is_refused(client, form_data):
    oversized = jpeg_bytes() + b"\x00" * (10 * 1024 * 1024)
    response = client.post("/en/complaints/", form_data(photos=[upload("besar.jpg", oversized)]))
    assert response.status_code == 400
    assert "the file is larger than 10 MB." in response.content.decode()
    assert Complaint.objects.count() == 0


def test_more_than_three_photos_is_refused(client, form_data):
    response = client.post("/en/complaints/", form_data(photos=[jpeg(name=f"{i}.jpg") for i in range(4)]))
    assert response.status_code == 400
    assert "Attach at most 3 photos." in response.content.decode()


@pytest.mark.parametrize("fmt, mime", [("PNG", "image/png"), ("WEBP", "image/webp"), ("HEIF", "image/heic")])
def test_png_webp_heic_are_accepted(client, form_data, fmt, mime):
    buf = io.BytesIO()
    Image.new("RGB", (320, 240), "orange").save(buf, fmt)
    response = client.post("/en/complaints/", form_data(photos=[upload(f"foto.{fmt.lower()}", buf.getvalue(), mime)]))
    assert response.status_code == 302
    stored = ComplaintPhoto.objects.get()
    with Image.open(stored.file.path) as image:
        assert image.format == "JPEG" and image.size == (320, 240)


def test_metadata_and_gps_are_removed_and_name_is_random(client, form_data):
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x0110] = "Phone 12"  # Model
    gps = {1: "S", 2: (6.0, 35.0, 42.0), 3: "E", 4: (106.0, 47.0, 51.0)}
    exif[0x8825] = gps
    source = jpeg(size=(800, 600), exif=exif.tobytes(), name="IMG_20261125_siti_rumah.jpg")
    with Image.open(io.BytesIO(source.read())) as original:
        assert original.getexif().get_ifd(0x8825)  # the test photo really carries a GPS position
    source.seek(0)
    assert client.post("/en/complaints/", form_data(photos=[source])).status_code == 302
    photo = ComplaintPhoto.objects.get()
    with Image.open(photo.file.path) as stored:
        assert len(stored.getexif()) == 0
        assert "exif" not in stored.info
        assert not stored.getexif().get_ifd(0x8825)
    raw = Path(photo.file.path).read_bytes()
    assert b"PhoneMaker" not in raw and b"Exif" not in raw
    assert "siti" not in photo.file.name and "IMG_" not in photo.file.name
    # Stored outside the public media folder.
    assert not Path(photo.file.path).is_relative_to(Path(settings.MEDIA_ROOT))


def test_photos_of_a_post_with_other_errors_are_neither_checked_nor_kept(client, form_data):
    broken = BAD_FILES["text renamed .jpg"][0]
    response = client.post("/en/complaints/", form_data(description="short", photos=[broken]))
    assert response.status_code == 400
    html = response.content.decode()
    assert "not a photo we can read" not in html  # never opened
    assert "Please attach your photos again." in html and 'name="kept_photos"' not in html
    broken.seek(0)
    # Once the rest is right, the photo is checked.
    response = client.post("/en/complaints/", form_data(photos=[broken]))
    assert response.status_code == 400 and "not a photo we can read" in response.content.decode()


def test_confidential_photo_needs_an_officer(client, form_data, verified_login):
    client.post("/en/complaints/", form_data(confidential="on", photos=[jpeg()]))
    client.post("/en/complaints/", form_data(photos=[jpeg()], email="lain@contoh.id"))
    secret = ComplaintPhoto.objects.get(complaint__confidential=True)
    public = ComplaintPhoto.objects.get(complaint__confidential=False)
    assert client.get(f"/en/complaints/photo/{public.public_id}/").status_code == 200
    assert client.get(f"/en/complaints/photo/{secret.public_id}/").status_code == 404
    # The tracking page of a confidential report shows no photos.
    html = client.get(f"/en/complaints/track/{secret.complaint.tracking_code}/").content.decode()
    assert str(secret.public_id) not in html
    client.force_login(officer("admin"))  # the password alone is not enough (test_half_login.py)
    assert client.get(f"/en/complaints/photo/{secret.public_id}/").status_code == 404
    verified_login(officer("admin"))
    assert client.get(f"/en/complaints/photo/{secret.public_id}/").status_code == 200
    # Nothing under MEDIA_URL serves it.
    assert client.get(f"/media/{secret.file.name}").status_code == 404
