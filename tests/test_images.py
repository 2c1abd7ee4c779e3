"""Images and documents for every editor: collections per unit, upload from the chooser, alt text in
both languages on the public pages."""

import io
import re
import types

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from PIL import Image as PILImage
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection, GroupCollectionPermission
from wagtail.permissions import policy_registry

from cms.accounts.permissions import CITY_COLLECTION, DISKOMINFO_GROUP, TRANSLATORS_GROUP, ensure_unit_groups
from cms.images.forms import ALT_TEXT_REQUIRED
from cms.models import OrganisationUnit
from tourism.models import AttractionImage, AttractionPage

# Still on the demo site (not yet built with tests/factories.py).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_site")]
User = get_user_model()
Image = get_image_model()
Document = get_document_model()
UPLOAD = reverse("wagtailimages_chooser:create")


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)  # uploads of a test go away with it


@pytest.fixture
def policy():
    return policy_registry.get_by_type(Image)


@pytest.fixture
def batu_tulis():
    return OrganisationUnit.objects.get(code="kel-batu-tulis")


@pytest.fixture
def bondongan():
    return OrganisationUnit.objects.get(code="kel-bondongan")


@pytest.fixture
def editor():
    """A jubir of kelurahan Batu Tulis who writes, but does not publish (no two-step code needed)."""
    return User.objects.get(username="fajar.hermawan")


@pytest.fixture
def reviewer():
    return User.objects.get(username="ujang.pratama")  # editor and reviewer of Batu Tulis


@pytest.fixture
def shared():
    return Collection.objects.get(name=CITY_COLLECTION)


def png(name="foto.png", colour=(30, 120, 60)):
    buffer = io.BytesIO()
    PILImage.new("RGB", (40, 30), colour).save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def an_image(collection, title="Foto uji", **fields):
    image = Image(title=title, collection=collection, **fields)
    image.file = png(f"{title}.png")
    image.save()
    return image


def upload(client, **fields):
    data = {"image-chooser-upload-title": "Kantor kelurahan", "image-chooser-upload-file": png(),
            "image-chooser-upload-alt_text_ind": "Kantor Kelurahan Batu Tulis dengan halaman berumput",
            "image-chooser-upload-alt_text_en": "Batu Tulis sub-district office with a grass yard"}
    data.update({f"image-chooser-upload-{k}": v for k, v in fields.items()})
    return client.post(UPLOAD, {k: v for k, v in data.items() if v is not None})


# --- collections and permissions -------------------------------------------------------------------

def test_each_unit_has_its_collection_beside_the_shared_one(batu_tulis, bondongan, shared):
    assert batu_tulis.collection.name == str(batu_tulis)
    assert batu_tulis.collection.get_parent().is_root() and shared.get_parent().is_root()
    assert batu_tulis.collection != bondongan.collection
    # Demo images sit in the shared collection.
    assert not Image.objects.exclude(collection=shared).exists()


def test_editor_adds_and_chooses_in_own_and_shared_collection_only(policy, editor, batu_tulis, bondongan, shared):
    assert set(policy.collections_user_has_permission_for(editor, "add")) == {batu_tulis.collection}
    choosable = set(policy.collections_user_has_permission_for(editor, "choose"))
    assert {batu_tulis.collection, shared} <= choosable
    assert bondongan.collection not in choosable
    theirs = an_image(bondongan.collection)
    ours = an_image(batu_tulis.collection)
    city = Image.objects.filter(collection=shared).first()
    choose = policy.instances_user_has_permission_for(editor, "choose")
    assert ours in choose and city in choose and theirs not in choose
    assert policy.user_has_permission_for_instance(editor, "change", ours)
    assert not policy.user_has_permission_for_instance(editor, "change", theirs)
    assert not policy.user_has_permission_for_instance(editor, "change", city)
    # Editors fix images; removing them is for the unit's reviewers.
    assert not policy.user_has_permission_for_instance(editor, "delete", ours)
    doc_policy = policy_registry.get_by_type(Document)
    assert set(doc_policy.collections_user_has_permission_for(editor, "add")) == {batu_tulis.collection}
    assert shared in doc_policy.collections_user_has_permission_for(editor, "choose")


def test_editor_sees_only_allowed_images_in_chooser_and_library(client, editor, batu_tulis, bondongan, shared):
    city = Image.objects.filter(collection=shared).order_by("-created_at", "-pk").first()
    theirs = an_image(bondongan.collection, title="Milik Bondongan")
    ours = an_image(batu_tulis.collection, title="Milik Batu Tulis")
    client.force_login(editor)
    chooser = client.get(reverse("wagtailimages_chooser:choose"))
    assert chooser.status_code == 200
    html = chooser.json()["html"]
    assert "Milik Batu Tulis" in html and city.title in html and "Milik Bondongan" not in html
    assert 'name="image-chooser-upload-file"' in html  # the upload tab is there
    library = client.get(reverse("wagtailimages:index"))
    assert library.status_code == 200
    assert "Milik Batu Tulis" in library.text and "Milik Bondongan" not in library.text
    assert client.get(reverse("wagtailimages:edit", args=[ours.pk])).status_code == 200
    refused = client.get(reverse("wagtailimages:edit", args=[theirs.pk]))
    assert refused.status_code in (302, 403)
    assert client.post(reverse("wagtailimages:delete", args=[ours.pk])).status_code in (302, 403)
    assert Image.objects.filter(pk=ours.pk).exists()


def test_upload_from_chooser_lands_in_own_collection_and_is_chosen(client, editor, batu_tulis):
    client.force_login(editor)
    response = upload(client)
    assert response.status_code == 200
    assert response.json()["step"] == "chosen"
    image = Image.objects.get(title="Kantor kelurahan")
    assert image.collection == batu_tulis.collection and image.uploaded_by_user == editor
    assert image.alt_text_ind.startswith("Kantor Kelurahan") and image.alt_text_en.startswith("Batu Tulis")
    assert not image.is_decorative


def test_editor_cannot_upload_into_another_units_collection(client, editor, batu_tulis, bondongan):
    client.force_login(editor)
    # With one collection of their own the field is not even offered; a forged value is ignored.
    upload(client, collection=str(bondongan.collection.pk))
    assert not Image.objects.filter(collection=bondongan.collection).exists()
    assert Image.objects.get(title="Kantor kelurahan").collection == batu_tulis.collection
    # A jubir of two units picks between those two, their first unit preselected; others are refused.
    sempur = OrganisationUnit.objects.get(code="kel-sempur")
    editor.groups.add(ensure_unit_groups(sempur).editors)
    form = client.get(reverse("wagtailimages_chooser:choose")).json()["html"]
    options = re.findall(r'<option value="(\d+)"( selected)?', form.split('name="image-chooser-upload-collection"')[1]
                         .split("</select>")[0])
    assert {int(pk) for pk, _ in options} == {batu_tulis.collection.pk, sempur.collection.pk}
    assert (str(batu_tulis.collection.pk), " selected") in options
    response = upload(client, title="Ke Bondongan", collection=str(bondongan.collection.pk))
    assert response.json()["step"] == "reshow_creation_form"
    assert not Image.objects.filter(title="Ke Bondongan").exists()


def test_reviewer_deletes_in_own_collection_only(verified_login, policy, reviewer, batu_tulis, bondongan):
    ours = an_image(batu_tulis.collection)
    theirs = an_image(bondongan.collection)
    assert policy.user_has_permission_for_instance(reviewer, "delete", ours)
    assert not policy.user_has_permission_for_instance(reviewer, "delete", theirs)
    client = verified_login(reviewer)
    assert client.post(reverse("wagtailimages:delete", args=[ours.pk])).status_code == 302
    assert not Image.objects.filter(pk=ours.pk).exists()
    client.post(reverse("wagtailimages:delete", args=[theirs.pk]))
    assert Image.objects.filter(pk=theirs.pk).exists()


def test_diskominfo_manages_all_and_translators_choose_everywhere(policy, bondongan, shared):
    publisher = User.objects.create_user("publisher-uji")
    publisher.groups.add(Group.objects.get(name=DISKOMINFO_GROUP))
    translator = User.objects.create_user("penerjemah-uji")
    translator.groups.add(Group.objects.get(name=TRANSLATORS_GROUP))
    theirs = an_image(bondongan.collection)
    for action in ("change", "delete", "choose"):
        assert policy.user_has_permission_for_instance(publisher, action, theirs)
    assert set(policy.collections_user_has_permission_for(publisher, "add")) == set(Collection.objects.all())
    assert policy.user_has_permission_for_instance(translator, "choose", theirs)
    assert not policy.user_has_permission_for_instance(translator, "change", theirs)


def test_collections_and_grants_are_idempotent_and_model_grants_are_gone(batu_tulis):
    groups = ensure_unit_groups(batu_tulis)
    before = (Collection.objects.count(), GroupCollectionPermission.objects.count())
    ensure_unit_groups(batu_tulis)
    assert (Collection.objects.count(), GroupCollectionPermission.objects.count()) == before
    assert not groups.editors.permissions.filter(codename__in=["add_image", "choose_image", "add_document"]).exists()
    # A group that still had the old, useless model grants loses them.
    groups.editors.permissions.add(Permission.objects.get(content_type__app_label="wagtailimages", codename="add_image"))
    ensure_unit_groups(batu_tulis)
    assert not groups.editors.permissions.filter(codename="add_image").exists()


# --- alt text ---------------------------------------------------------------------------------------

def test_alt_text_is_required_unless_decorative_and_nothing_typed_is_lost(client, editor):
    client.force_login(editor)
    response = upload(client, title="Tanpa alt", alt_text_ind="", alt_text_en="Only English")
    assert response.json()["step"] == "reshow_creation_form"
    html = response.json()["htmlFragment"]
    with translation.override("id"):  # the admin's language
        assert escape(str(ALT_TEXT_REQUIRED)) in html
    assert 'value="Tanpa alt"' in html and 'value="Only English"' in html
    assert not Image.objects.filter(title="Tanpa alt").exists()
    response = upload(client, title="Hiasan", alt_text_ind="", alt_text_en="", is_decorative="on")
    assert response.json()["step"] == "chosen"
    assert Image.objects.get(title="Hiasan").is_decorative


def img_alt(html, file_fragment):
    """The alt attribute of the <img> whose file name contains the fragment."""
    for tag in re.findall(r"<img\b[^>]*>", html):
        if file_fragment in tag:
            return re.search(r'alt="([^"]*)"', tag).group(1)
    raise AssertionError(f"no <img> for {file_fragment}")


def _attraction_html(client, lang, path):
    response = client.get(f"/{lang}/{path}")
    assert response.status_code == 200
    return response.content.decode()


def test_public_pages_show_alt_text_in_the_page_language_gallery_included(client):
    page = AttractionPage.objects.get(slug_ind="kebun-raya-bogor")
    lead = page.image
    lead.alt_text_ind, lead.alt_text_en = "Danau Gunting di Kebun Raya", "Gunting Lake in the Botanic Gardens"
    lead.save()
    photo = an_image(page.image.collection, title="Galeri", alt_text_ind="Jembatan merah di atas sungai",
                     alt_text_en="The red bridge over the river")
    plain = an_image(page.image.collection, title="Hiasan", is_decorative=True)
    AttractionImage.objects.create(page=page, image=photo, caption_ind="Jembatan", sort_order=1)
    AttractionImage.objects.create(page=page, image=plain, sort_order=2)
    page.save_revision().publish()
    from cms.pagecache.cache import purge

    purge()
    id_html = _attraction_html(client, "id", "wisata/kebun-raya-bogor/")
    en_html = _attraction_html(client, "en", "tourism/bogor-botanic-gardens/")
    assert 'alt="Danau Gunting di Kebun Raya"' in id_html and 'alt="Jembatan merah di atas sungai"' in id_html
    assert 'alt="Gunting Lake in the Botanic Gardens"' in en_html and 'alt="The red bridge over the river"' in en_html
    # The decorative one has an empty alt, on purpose.
    assert img_alt(en_html, "Hiasan") == img_alt(id_html, "Hiasan") == ""
    # Listings (cards) too.
    assert 'alt="Gunting Lake in the Botanic Gardens"' in client.get("/en/tourism/").content.decode()


def test_english_alt_falls_back_to_indonesian(client):
    page = AttractionPage.objects.get(slug_ind="kebun-raya-bogor")
    Image.objects.filter(pk=page.image_id).update(alt_text_ind="Pohon-pohon tua di Kebun Raya", alt_text_en=None)
    html = _attraction_html(client, "en", "tourism/bogor-botanic-gardens/")
    assert 'alt="Pohon-pohon tua di Kebun Raya"' in html


def test_image_block_alt_follows_the_language_unless_written_for_the_place():
    from django.template import Context, Template

    image = Image.objects.first()
    image.alt_text_ind, image.alt_text_en = "Gunung Salak", "Mount Salak"
    render = Template("{% load portal_images %}{{ image|image_alt }}")
    image.contextual_alt_text, image.decorative = "Gunung Salak", False  # the chooser's pre-filled copy
    with translation.override("en"):
        assert render.render(Context({"image": image})) == "Mount Salak"
    image.contextual_alt_text = "Gunung Salak seen from the Sempur park stage"
    with translation.override("en"):
        assert render.render(Context({"image": image})) == "Gunung Salak seen from the Sempur park stage"
    image.decorative = True
    assert render.render(Context({"image": image})) == ""


def test_demo_images_have_alt_text_in_both_languages():
    assert not Image.objects.filter(alt_text_ind__isnull=True).exists()
    assert not Image.objects.filter(alt_text_ind="").exists()
    assert not Image.objects.filter(alt_text_en__isnull=True).exists()


def test_gallery_query_count_does_not_grow_with_its_length(client):
    page = AttractionPage.objects.get(slug_ind="kebun-raya-bogor")
    url = "/en/tourism/bogor-botanic-gardens/"
    from cms.pagecache.cache import purge

    def count():
        purge()
        client.get(url)  # renditions made
        purge()
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    AttractionImage.objects.create(page=page, image=an_image(page.image.collection, "G1", alt_text_ind="Satu"))
    page.save_revision().publish()
    one = count()
    for i in range(5):
        AttractionImage.objects.create(page=page, image=an_image(page.image.collection, f"G{i + 2}",
                                                                  alt_text_ind="Lagi"), sort_order=i + 2)
    page.save_revision().publish()
    assert count() == one  # a constant cost, however long the gallery


def test_copy_migration_keeps_ids_and_description_as_alt_text():
    from importlib import import_module

    from django.apps import apps
    from wagtail.images.models import Image as StockImage

    migration = import_module("cms.images.migrations.0002_copy_wagtail_images")
    source = Image.objects.first()
    stock = StockImage.objects.create(id=Image.objects.order_by("-pk").first().pk + 50, title="Lama",
                                      file=source.file.name, width=10, height=10, description="Foto lama",
                                      collection=source.collection)
    migration.copy_images(apps, types.SimpleNamespace(connection=connection))
    copied = Image.objects.get(pk=stock.pk)
    assert copied.title == "Lama" and copied.alt_text_ind == "Foto lama" and copied.file.name == source.file.name
    assert an_image(source.collection, "Baru").pk != stock.pk  # the next upload gets a fresh id


def test_document_upload_from_chooser_goes_to_own_collection(client, editor, batu_tulis):
    client.force_login(editor)
    chooser = client.get(reverse("wagtaildocs_chooser:choose")).json()["html"]
    assert 'name="document-chooser-upload-file"' in chooser
    response = client.post(reverse("wagtaildocs_chooser:create"), {
        "document-chooser-upload-title": "Persyaratan surat pindah",
        "document-chooser-upload-file": SimpleUploadedFile("syarat.pdf", b"%PDF-1.4 uji", content_type="application/pdf"),
    })
    assert response.json()["step"] == "chosen"
    assert Document.objects.get(title="Persyaratan surat pindah").collection == batu_tulis.collection
