import io
import re
import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from cms.models import OrganisationUnit
from complaints.models import Category


def jpeg(size=(640, 480), color="green", exif=None, name="photo.jpg"):
    buf = io.BytesIO()
    img = Image.new("RGB", size, color)
    if exif is not None:
        img.save(buf, "JPEG", exif=exif)
    else:
        img.save(buf, "JPEG")
    return SimpleUploadedFile(name, buf.getvalue(), content_type="image/jpeg")


@pytest.fixture
def form_data(db):
    """A valid report, as a citizen would send it without JavaScript."""

    def make(**overrides):
        data = {
            "category": Category.objects.get(code="saluran-mampet").pk,
            "description": "Got di depan rumah mampet, air meluap ke jalan setiap hujan.",
            "kelurahan": OrganisationUnit.objects.get(code="kel-tegallega").pk,
            "address": "Jl. Pajajaran no. 5",
            "latitude": "", "longitude": "",
            "name": "Siti Rahma", "email": "siti@contoh.id", "phone": "0812 3456 7890",
            "consent": "on", "submission_id": str(uuid.uuid4()),
            # Past the "similar reports nearby" step (test_duplicates.py passes similar_checked=None to see it).
            "similar_checked": "1",
        }
        data.update(overrides)
        return {k: v for k, v in data.items() if v is not None}

    return make


def tracking_code(response):
    match = re.search(r'id="tracking-code">([A-Z0-9]+)<', response.content.decode())
    return match.group(1) if match else None


@pytest.fixture(autouse=True)
def site(db):
    """The portal's page tree with the complaint form at /id/pengaduan/ = /en/complaints/ (no demo)."""
    from tests.factories import site_tree

    return site_tree()
