import io

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings
from wagtail.images import get_image_model
from wagtail.models import Page

from home.models import NewsPage, StandardPage

# The whole demo site: these tests are about it.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_site")]


def test_seed_creates_the_sections_later_work_fills(client):
    for id_url, en_url in (("/id/wisata/", "/en/tourism/"), ("/id/layanan/", "/en/services/"),
                           ("/id/pengaduan/", "/en/complaints/")):
        assert client.get(id_url).status_code == 200
        assert client.get(en_url).status_code == 200
    assert NewsPage.objects.live().count() >= 5
    assert StandardPage.objects.filter(slug_ind="tentang-bogor", slug_en="about-bogor").exists()


@override_settings(DEBUG=True)
def test_seed_is_idempotent_and_keeps_editors_changes():
    about = StandardPage.objects.get(slug_ind="tentang-bogor")
    about.intro_en = "Written by an editor."
    about.save_revision().publish()
    pages, images = Page.objects.count(), get_image_model().objects.count()

    call_command("seed_demo", stdout=io.StringIO())

    assert Page.objects.count() == pages
    assert get_image_model().objects.count() == images
    about.refresh_from_db()
    assert about.intro_en == "Written by an editor."


@override_settings(DEBUG=False)
def test_seed_refuses_to_run_in_production_without_force():
    with pytest.raises(CommandError, match="--force"):
        call_command("seed_demo", stdout=io.StringIO())


def test_demo_complaints_have_no_steps_in_the_future():
    from django.utils import timezone

    from complaints.models import ComplaintEvent

    assert ComplaintEvent.objects.exists()
    assert not ComplaintEvent.objects.filter(created_at__gt=timezone.now()).exists()
