"""Junk costs the sender, not the city: attempts are counted (saved or not), per address and per
IPv6 /64, before any photo is opened; a refused post leaves nothing on disk; tracking lookups are
limited too."""

import logging
import os
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import RequestFactory

from complaints import ratelimit
from complaints.models import Complaint, PendingUpload

from .conftest import jpeg

pytestmark = pytest.mark.django_db
FORM = "/en/complaints/"


def files_under(*roots):
    return sorted(str(Path(folder) / name) for root in roots for folder, _dirs, names in os.walk(root)
                  for name in names)


def stored_files():
    return files_under(settings.MEDIA_ROOT, settings.COMPLAINT_MEDIA_ROOT)


def not_a_photo():
    """Would be refused as unreadable the moment it is opened: its error shows whether it was."""
    return SimpleUploadedFile("laporan.jpg", b"Ini bukan foto.\n" * 50, content_type="image/jpeg")


def test_posts_without_consent_are_limited_after_n_attempts(client, form_data, settings):
    settings.COMPLAINT_ATTEMPTS_PER_HOUR = 3
    for _n in range(3):
        assert client.post(FORM, form_data(consent=None)).status_code == 400
    refused = client.post(FORM, form_data(consent=None, description="Sampah menumpuk di pinggir jalan Suryakencana."))
    assert refused.status_code == 429
    html = refused.content.decode()
    assert "sent many times from your connection" in html
    assert "Sampah menumpuk di pinggir jalan Suryakencana." in html  # what was typed comes back
    # The limit holds for a complete post too, and for "I have this problem too".
    assert client.post(FORM, form_data()).status_code == 429
    assert client.post(FORM, form_data(support="ABCDEFGHJK", email="ani@contoh.id")).status_code == 429
    assert not Complaint.objects.exists()
    # Another address is not affected.
    assert client.post(FORM, form_data(), REMOTE_ADDR="203.0.113.50").status_code == 302


def test_an_ipv6_64_shares_one_limit(client, form_data, settings):
    settings.COMPLAINT_ATTEMPTS_PER_HOUR = 3
    for n in range(3):
        assert client.post(FORM, form_data(consent=None), REMOTE_ADDR=f"2001:db8:10:20::{n + 1:x}").status_code == 400
    assert client.post(FORM, form_data(), REMOTE_ADDR="2001:db8:10:20:ffff:1:2:3").status_code == 429
    assert client.post(FORM, form_data(), REMOTE_ADDR="2001:db8:10:21::1").status_code == 302  # the next /64


def test_saved_reports_limit_counts_an_ipv6_64_as_one_sender(client, form_data, settings):
    settings.COMPLAINT_RATE_LIMIT_PER_HOUR = 1
    assert client.post(FORM, form_data(), REMOTE_ADDR="2001:db8:10:20::1").status_code == 302
    assert client.post(FORM, form_data(email="lain@contoh.id"), REMOTE_ADDR="2001:db8:10:20::2").status_code == 429


def test_a_post_without_consent_opens_and_keeps_no_photo(client, form_data):
    before = stored_files()
    response = client.post(FORM, form_data(consent=None, photos=[jpeg(), not_a_photo()]))
    assert response.status_code == 400
    html = response.content.decode()
    assert "not a photo we can read" not in html  # never decoded
    assert "Please attach your photos again." in html
    assert stored_files() == before and not PendingUpload.objects.exists()


def test_a_rate_limited_post_opens_and_keeps_no_photo(client, form_data, settings):
    settings.COMPLAINT_ATTEMPTS_PER_HOUR = 1
    client.post(FORM, form_data(consent=None))
    before = stored_files()
    response = client.post(FORM, form_data(photos=[jpeg(), not_a_photo()]))
    assert response.status_code == 429
    html = response.content.decode()
    assert "not a photo we can read" not in html and "Please attach your photos again." in html
    assert stored_files() == before and not PendingUpload.objects.exists()


def test_an_oversized_upload_is_not_kept_by_the_server():
    big = SimpleUploadedFile("besar.jpg", b"\xff\xd8" + b"\x00" * (settings.COMPLAINT_PHOTO_MAX_BYTES + 1024))
    request = RequestFactory().post(FORM, {"photos": [big, jpeg()]})
    oversized, small = request.FILES.getlist("photos")
    assert oversized.read() == b"" and oversized.size > settings.COMPLAINT_PHOTO_MAX_BYTES
    assert small.size == jpeg().size  # within the limits: untouched


def test_extra_files_are_not_kept_by_the_server():
    request = RequestFactory().post(FORM, {"photos": [jpeg(name=f"{n}.jpg") for n in range(6)]})
    photos = request.FILES.getlist("photos")
    assert len(photos) == 6 and [p.read() == b"" for p in photos] == [False] * 3 + [True] * 3


def test_a_broken_cache_lets_citizens_through_and_logs_no_address(client, form_data, monkeypatch, caplog):
    class Down:
        def add(self, *args, **kwargs):
            raise ConnectionError("cache down")

        incr = add

    monkeypatch.setattr(ratelimit, "counter_cache", Down)
    with caplog.at_level(logging.WARNING, logger="complaints.ratelimit"):
        assert client.post(FORM, form_data(), REMOTE_ADDR="198.51.100.23").status_code == 302
        assert client.get("/en/complaints/track/ABCDEFGHJK/", REMOTE_ADDR="198.51.100.23").status_code == 404
        assert client.get("/en/complaints/similar/", REMOTE_ADDR="198.51.100.23").status_code != 500
    assert caplog.records and "198.51.100.23" not in caplog.text


def test_tracking_lookups_beyond_the_limit_get_429(client, settings):
    settings.COMPLAINT_TRACK_LOOKUPS_PER_10_MIN = 3
    for n in range(3):
        assert client.get(f"/en/complaints/track/ABCDEFGH{n}K/").status_code == 404
    limited = client.get("/en/complaints/track/ABCDEFGHJK/")
    assert limited.status_code == 429 and "Too many lookups" in limited.content.decode()
    assert limited["Retry-After"] and "no-store" in limited["Cache-Control"]
    assert client.get("/en/complaints/track/", {"code": "ABCDEFGHJK"}).status_code == 429  # the form too
    indonesian = client.get("/id/pengaduan/lacak/ABCDEFGHJK/")
    assert indonesian.status_code == 429 and '<html lang="id"' in indonesian.content.decode()
    # Someone else is not affected.
    assert client.get("/en/complaints/track/ABCDEFGHJK/", REMOTE_ADDR="203.0.113.60").status_code == 404
