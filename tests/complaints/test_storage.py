"""Files in shared storage (issue 13): complaint photos and Wagtail media through settings.STORAGES, no photo
file without its row, an orphan sweep, and a storage that refuses a photo keeping the citizen's report.

The S3 tests run django-storages and boto3 for real against moto's S3 server, started on 127.0.0.1."""

import errno
import json
import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
from django.core.management import call_command
from django.utils import timezone

from complaints import notifications, services
from complaints.models import Complaint, ComplaintPhoto, PendingUpload
from tests.factories import ComplaintFactory

from .conftest import jpeg

pytestmark = pytest.mark.django_db
ROOT = Path(settings.BASE_DIR)


def stored_photo_files():
    """The files in the local complaint photo folder, as the operating system sees them."""
    root = Path(settings.COMPLAINT_MEDIA_ROOT)
    return {path.relative_to(root).as_posix() for path in root.rglob("*") if path.is_file()}


# No file without a row ------------------------------------------------------------------------------------

def test_a_report_rolled_back_after_its_photo_was_attached_leaves_no_file(client, form_data, monkeypatch):
    before = stored_photo_files()

    def mail_server_queue_broken(*args, **kwargs):  # fails inside the transaction, after the photos
        raise RuntimeError("outbox unavailable")

    monkeypatch.setattr(notifications, "queue_confirmation", mail_server_queue_broken)
    with pytest.raises(RuntimeError):
        client.post("/en/complaints/", form_data(photos=[jpeg(), jpeg(color="red")]))
    assert not Complaint.objects.exists() and not ComplaintPhoto.objects.exists()
    assert stored_photo_files() == before


def _age(name, hours):
    path = Path(settings.COMPLAINT_MEDIA_ROOT) / name
    moment = time.time() - hours * 3600
    os.utime(path, (moment, moment))


def test_housekeeping_sweeps_old_photos_no_row_references_and_keeps_the_others(client, form_data):
    assert client.post("/en/complaints/", form_data(photos=[jpeg()])).status_code == 302
    referenced = ComplaintPhoto.objects.get().file.name
    storage = ComplaintPhoto._meta.get_field("file").storage
    kept = PendingUpload.objects.create(token="k" * 30, file=storage.save("2026/11/kept.jpg", jpeg()), width=640,
                                        height=480)
    old_orphan = storage.save("2026/11/orphan-old.jpg", ContentFile(b"left by a killed worker"))
    fresh_orphan = storage.save("2026/11/orphan-fresh.jpg", ContentFile(b"a request still saving its rows"))
    for name in (referenced, kept.file.name, old_orphan):
        _age(name, settings.COMPLAINT_ORPHAN_PHOTO_GRACE_HOURS + 1)
    _age(fresh_orphan, settings.COMPLAINT_ORPHAN_PHOTO_GRACE_HOURS - 1)

    call_command("complaints_housekeeping", stdout=open(os.devnull, "w"))  # noqa: SIM115

    files = stored_photo_files()
    assert old_orphan not in files
    assert {referenced, kept.file.name, fresh_orphan} <= files
    assert client.get(f"/en/complaints/photo/{ComplaintPhoto.objects.get().public_id}/").status_code == 200


# A storage that refuses the photo ---------------------------------------------------------------------------

@pytest.fixture(params=[errno.EROFS, errno.ENOSPC], ids=["read-only", "disk-full"])
def refusing_photo_folder(request, monkeypatch):
    """The complaint photo folder refuses writes as a read-only mount or a full disk does (the tests run as root,
    which ignores file modes): FileSystemStorage's write raises the OSError the operating system gives."""
    original, root = FileSystemStorage._save, os.path.abspath(settings.COMPLAINT_MEDIA_ROOT)

    def refuse(self, name, content):
        if os.path.abspath(self.location) == root:
            raise OSError(request.param, os.strerror(request.param), os.path.join(root, name))
        return original(self, name, content)

    monkeypatch.setattr(FileSystemStorage, "_save", refuse)
    return request.param


def test_a_photo_that_cannot_be_stored_gives_the_form_back_and_it_can_be_sent_without(
        client, form_data, refusing_photo_folder):
    before = stored_photo_files()
    data = form_data(description="Got mampet di depan SDN Tegallega, air sampai lutut.", photos=[jpeg()])
    response = client.post("/en/complaints/", data)
    assert response.status_code == 503 and response["Retry-After"]
    html = response.content.decode()
    assert "Your photo could not be stored just now" in html
    assert "Got mampet di depan SDN Tegallega, air sampai lutut." in html  # what was typed is still there
    assert "Jl. Pajajaran no. 5" in html and "siti@contoh.id" in html
    assert 'name="without_photos"' in html and "Send without the photo" in html
    assert "Something went wrong" not in html
    assert not Complaint.objects.exists() and stored_photo_files() == before

    # The same form again, photo attached again, "send without the photo" ticked.
    data.update(photos=[jpeg()], without_photos="on")
    response = client.post("/en/complaints/", data)
    assert response.status_code == 302
    complaint = Complaint.objects.get()
    assert complaint.description == "Got mampet di depan SDN Tegallega, air sampai lutut."
    assert not complaint.photos.exists() and stored_photo_files() == before


def test_photos_kept_for_later_are_not_lost_either_when_storage_refuses(client, form_data, refusing_photo_folder):
    # The "similar reports nearby" step keeps a valid post's photos: a refusing store answers the same way.
    ComplaintFactory(status=Complaint.Status.VERIFIED, email="budi@contoh.id")
    response = client.post("/en/complaints/", form_data(similar_checked=None, photos=[jpeg()]))
    assert response.status_code == 503
    assert "Your photo could not be stored just now" in response.content.decode()
    assert not PendingUpload.objects.exists()


@pytest.fixture
def api_key():
    from tests.factories import ApiClientFactory

    ApiClientFactory(name="Chatbot Warga", key=settings.OPEN311_DEMO_KEY)
    return settings.OPEN311_DEMO_KEY


def open311_post(client, key, **fields):
    data = {"api_key": key, "service_code": "saluran-mampet", "lat": "-6.5971", "long": "106.7990",
            "description": "Got mampet di depan pasar, air meluap ke jalan.", **fields}
    return client.post("/api/open311/v2/requests.json", data)


def test_open311_media_is_stored_and_a_refusing_store_answers_503(client, api_key, monkeypatch):
    created = open311_post(client, api_key, media=jpeg())
    assert created.status_code == 201
    photo = ComplaintPhoto.objects.get()
    assert photo.file.name in stored_photo_files()
    assert client.get(f"/en/complaints/photo/{photo.public_id}/").status_code == 200

    original = FileSystemStorage._save

    def disk_full(self, name, content):
        if os.path.abspath(self.location) == os.path.abspath(settings.COMPLAINT_MEDIA_ROOT):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return original(self, name, content)

    monkeypatch.setattr(FileSystemStorage, "_save", disk_full)
    before = stored_photo_files()
    refused = open311_post(client, api_key, media=jpeg(color="red"), email="lain@contoh.id", lat="-6.60", locale="en")
    assert refused.status_code == 503 and refused["Retry-After"]
    assert refused.json()[0]["code"] == 503 and "photo could not be stored" in refused.json()[0]["description"]
    assert Complaint.objects.count() == 1 and stored_photo_files() == before


# S3-compatible storage --------------------------------------------------------------------------------------

MEDIA_BUCKET, PRIVATE_BUCKET = "portal-media", "portal-complaint-photos"


@pytest.fixture(scope="module")
def s3_server():
    """moto's S3 API server on 127.0.0.1 (a real HTTP endpoint, so boto3 and django-storages run unchanged)."""
    moto_server = pytest.importorskip("moto.server")
    server = moto_server.ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


def storages_from_environment(endpoint):
    """settings.STORAGES as the settings compute it for STORAGE=s3 and these variables (a fresh process)."""
    env = {**os.environ, "STORAGE": "s3", "S3_ENDPOINT_URL": endpoint, "S3_ACCESS_KEY_ID": "portal",
           "S3_SECRET_ACCESS_KEY": "portal-secret", "S3_MEDIA_BUCKET": MEDIA_BUCKET,
           "S3_PRIVATE_BUCKET": PRIVATE_BUCKET, "DJANGO_SETTINGS_MODULE": "cms.settings.test"}
    code = ("import json, django; django.setup(); from django.conf import settings; "
            "print(json.dumps({'STORAGES': settings.STORAGES, 'CSP': settings.CONTENT_SECURITY_POLICY}))")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


@pytest.fixture
def s3(s3_server, settings):
    import boto3

    computed = storages_from_environment(s3_server)
    api = boto3.client("s3", endpoint_url=s3_server, aws_access_key_id="portal",
                       aws_secret_access_key="portal-secret", region_name="us-east-1")
    for bucket in (MEDIA_BUCKET, PRIVATE_BUCKET):
        api.create_bucket(Bucket=bucket)
    settings.STORAGES = computed["STORAGES"]
    api.csp = computed["CSP"]
    api.endpoint = s3_server
    yield api
    for bucket in (MEDIA_BUCKET, PRIVATE_BUCKET):
        for item in api.list_objects_v2(Bucket=bucket).get("Contents", []):
            api.delete_object(Bucket=bucket, Key=item["Key"])
        api.delete_bucket(Bucket=bucket)


def keys(api, bucket):
    return {item["Key"] for item in api.list_objects_v2(Bucket=bucket).get("Contents", [])}


def anonymous_get(url):
    try:
        with urllib.request.urlopen(url, timeout=10) as answer:
            return answer.status
    except urllib.error.HTTPError as error:
        return error.code


def test_s3_photo_is_private_streamed_through_the_access_checked_view_and_erased(
        client, form_data, s3, django_capture_on_commit_callbacks):
    before = stored_photo_files()
    assert client.post("/en/complaints/", form_data(photos=[jpeg(size=(900, 600))])).status_code == 302
    photo = ComplaintPhoto.objects.get()
    assert keys(s3, PRIVATE_BUCKET) == {photo.file.name} and stored_photo_files() == before  # not on this disk
    assert (photo.width, photo.height) == (900, 600)
    stored = s3.get_object(Bucket=PRIVATE_BUCKET, Key=photo.file.name)["Body"].read()
    # Private: no grant to anyone but the owner, and the bucket's address answers a stranger 403.
    grants = s3.get_object_acl(Bucket=PRIVATE_BUCKET, Key=photo.file.name)["Grants"]
    assert [grant["Grantee"].get("URI") for grant in grants] == [None]
    assert anonymous_get(f"{s3.endpoint}/{PRIVATE_BUCKET}/{photo.file.name}") == 403

    response = client.get(f"/en/complaints/photo/{photo.public_id}/")
    assert response.status_code == 200 and response.streaming and response["Content-Type"] == "image/jpeg"
    assert b"".join(response.streaming_content) == stored and int(response["Content-Length"]) == len(stored)

    complaint = photo.complaint
    Complaint.objects.filter(pk=complaint.pk).update(status=Complaint.Status.CLOSED)
    with django_capture_on_commit_callbacks(execute=True):
        services.erase_personal_data(Complaint.objects.get(pk=complaint.pk), reason="retention")
    assert keys(s3, PRIVATE_BUCKET) == set()
    assert client.get(f"/en/complaints/photo/{photo.public_id}/").status_code == 404


def test_s3_rollback_and_orphan_sweep(client, form_data, s3, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("outbox unavailable")

    with monkeypatch.context() as patch:
        patch.setattr(notifications, "queue_confirmation", broken)
        with pytest.raises(RuntimeError):
            client.post("/en/complaints/", form_data(photos=[jpeg()]))
    assert keys(s3, PRIVATE_BUCKET) == set()

    assert client.post("/en/complaints/", form_data(photos=[jpeg()])).status_code == 302
    s3.put_object(Bucket=PRIVATE_BUCKET, Key="2026/11/orphan.jpg", Body=b"x")
    referenced = ComplaintPhoto.objects.get().file.name
    call_command("complaints_housekeeping", stdout=open(os.devnull, "w"))  # noqa: SIM115
    assert keys(s3, PRIVATE_BUCKET) == {referenced, "2026/11/orphan.jpg"}  # both younger than the grace period
    from complaints import photos

    assert photos.sweep_orphans(now=timezone.now() + timedelta(hours=25)) == 1
    assert keys(s3, PRIVATE_BUCKET) == {referenced}


def test_s3_unreachable_gives_the_form_back(client, form_data, s3, settings):
    # The private bucket's endpoint does not answer (a closed port on this machine).
    from botocore.config import Config

    broken = json.loads(json.dumps(settings.STORAGES))
    broken["complaint_photos"]["OPTIONS"].update(
        endpoint_url="http://127.0.0.1:9", client_config=Config(connect_timeout=1, retries={"max_attempts": 0}))
    settings.STORAGES = broken
    response = client.post("/en/complaints/", form_data(photos=[jpeg()]))
    assert response.status_code == 503 and "Your photo could not be stored just now" in response.content.decode()
    assert not Complaint.objects.exists()


def test_s3_renditions_are_made_in_the_media_bucket(s3):
    from wagtail.images import get_image_model

    image = get_image_model()(title="Kebun Raya", file=jpeg(size=(800, 600), name="kebun.jpg"))
    image.save()
    assert image.file.name in keys(s3, MEDIA_BUCKET)
    rendition = image.get_rendition("fill-200x150")
    assert rendition.file.name in keys(s3, MEDIA_BUCKET)
    assert rendition.url.startswith(f"{s3.endpoint}/{MEDIA_BUCKET}/")
    assert s3.endpoint in s3.csp["DIRECTIVES"]["img-src"]  # pages may show images from the bucket
