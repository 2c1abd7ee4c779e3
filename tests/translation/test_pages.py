"""Publishing queues the machine; it fills empty or outdated machine English, never a person's."""

import pytest
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import PageLogEntry

from cms.blocks import BodyBlock
from cms.machine_translation import segments
from cms.machine_translation.models import PageTranslationState
from home.models import StandardPage
from tests.factories import officer

pytestmark = pytest.mark.django_db
State = PageTranslationState.State

BODY = [
    {"type": "heading", "value": {"text": "Jalan ke Kebun Raya Bogor", "level": "h2"}},
    {"type": "paragraph",
     "value": '<p>Warga <b>kota</b> dan <a linktype="page" id="3">halaman</a>.</p><ul><li>Sampah</li></ul>'},
    {"type": "cta", "value": {"text": "Pengaduan", "page": None, "url": "https://kotabogor.go.id/jalan"}},
]


@pytest.fixture
def publish(django_capture_on_commit_callbacks):
    def run(page, user=None):
        with django_capture_on_commit_callbacks(execute=True):
            page.save_revision(user=user).publish(user=user)
        return StandardPage.objects.get(pk=page.pk)

    return run


@pytest.fixture
def new_page(home):
    def make(**fields):
        values = {"title_ind": "Jalan dan sampah", "slug_ind": "jalan-dan-sampah", "intro_ind": "Warga kota",
                  "body_ind": BODY}
        values.update(fields)
        page = StandardPage(**values)
        home.add_child(instance=page)
        return page

    return make


def state_of(page):
    return PageTranslationState.objects.get(page_id=page.pk)


def raw(page, name):
    return list(getattr(page, name).get_prep_value())


def test_publishing_indonesian_fills_the_english_by_machine(libre, new_page, publish):
    page = publish(new_page())
    assert page.title_en == "STREET AND RUBBISH"
    assert page.intro_en == "RESIDENTS CITY"
    body_en, body_id = raw(page, "body_en"), raw(page, "body_ind")
    block = BodyBlock()
    assert segments.structure(block, body_en) == segments.structure(block, body_id)
    assert body_en[0]["value"]["text"] == "STREET KE Bogor Botanic Gardens"  # the glossary held
    assert body_en[1]["value"] == ('<p>RESIDENTS <b>CITY</b> AND <a linktype="page" id="3">PAGE</a>.</p>'
                                   '<ul><li>RUBBISH</li></ul>')
    assert body_en[2]["value"]["url"] == "https://kotabogor.go.id/jalan"
    assert state_of(page).state == State.MACHINE
    assert page.live and not page.has_unpublished_changes
    assert PageLogEntry.objects.filter(page=page, action="cms.machine_translation").exists()
    # The text went in one request, in the body.
    assert len(libre.requests) == 1 and libre.requests[0]["query"] == ""


def test_a_persons_english_is_never_overwritten(libre, new_page, publish, django_user_model):
    editor = officer("admin")
    page = publish(new_page(intro_en="A person's introduction"), user=editor)
    assert page.intro_en == "A person's introduction"  # kept
    assert page.title_en == "STREET AND RUBBISH"  # filled
    assert state_of(page).fields["intro"]["by"] == "person"

    # A person corrects the machine's title: from now on it is theirs.
    page.title_en = "Streets and rubbish"
    page = publish(page, user=editor)
    assert state_of(page).fields["title"]["by"] == "person"

    # The Indonesian changes: the person's English is outdated, not replaced; the machine's body is redone.
    page.title_ind, page.intro_ind = "Jalan kota", "Warga dan sampah"
    page.body_ind = [{"type": "heading", "value": {"text": "Sampah kota", "level": "h2"}}]
    libre.reset()
    page = publish(page, user=editor)
    assert page.title_en == "Streets and rubbish"
    assert page.intro_en == "A person's introduction"
    assert raw(page, "body_en")[0]["value"]["text"] == "RUBBISH CITY"
    assert state_of(page).state == State.OUTDATED
    sent = " ".join(request["q"] for request in libre.requests)
    assert "Jalan kota" not in sent and "Warga dan sampah" not in sent


def test_machine_english_is_refreshed_when_the_indonesian_changes(libre, new_page, publish):
    page = publish(new_page())
    page.intro_ind = "Sampah di jalan"
    page = publish(page)
    assert page.intro_en == "RUBBISH IN STREET"
    assert state_of(page).state == State.MACHINE


def test_provider_down_keeps_the_page_publishable_and_the_state_missing(provider_down, new_page, publish, libre_server,
                                                                        settings):
    page = publish(new_page())
    assert page.live and page.title_ind == "Jalan dan sampah"
    assert page.title_en in ("", None) and page.intro_en in ("", None)
    record = state_of(page)
    assert record.state == State.MISSING and record.last_error == "unavailable" and record.attempts == 1
    assert record.next_attempt_at > timezone.now()

    # Later the provider is back: the retry (here the command's --due run) fills the English.
    PageTranslationState.objects.filter(pk=record.pk).update(next_attempt_at=timezone.now())
    libre_server.reset()
    settings.TRANSLATION_BASE_URL = libre_server.url
    call_command("translate_pages", "--due", stdout=open("/dev/null", "w"))
    page = StandardPage.objects.get(pk=page.pk)
    assert page.title_en == "STREET AND RUBBISH"
    record = state_of(page)
    assert record.state == State.MACHINE and record.attempts == 0 and record.last_error == ""


def test_failed_task_is_queued_again_for_later(provider_down, new_page, settings):
    """With a queue that can defer (the database backend in production), a failure re-queues itself."""
    from django_tasks.backends.dummy import DummyBackend

    from cms.machine_translation.tasks import translate_page_task

    page = new_page()
    page.save_revision().publish()
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    from django_tasks import task_backends

    backend = task_backends["default"]
    assert isinstance(backend, DummyBackend) and backend.supports_defer
    backend.clear()
    translate_page_task.call(page.pk)
    assert len(backend.results) == 1
    queued = backend.results[0]
    assert queued.task.func is translate_page_task.func and queued.args == [page.pk]
    assert queued.task.run_after > timezone.now()


def test_draft_waiting_is_not_published_by_the_machine(libre, new_page):
    page = new_page()
    page.save_revision().publish()
    page.intro_ind = "Draf baru"
    page.save_revision()  # a newer draft
    from cms.machine_translation.pages import translate_page

    outcome = translate_page(page)
    assert outcome.skipped == "draft" and libre.requests == []
    assert StandardPage.objects.get(pk=page.pk).has_unpublished_changes


def test_command_dry_run_changes_nothing_and_sends_nothing(libre, new_page, home, capsys):
    page = new_page()
    page.save_revision().publish()  # the publish handler's queue is not run (no commit in a test)
    call_command("translate_pages", str(page.pk), "--dry-run")
    out = capsys.readouterr().out
    assert f"{page.pk} Jalan dan sampah: would translate title, intro, body" in out
    assert libre.requests == []
    assert StandardPage.objects.get(pk=page.pk).title_en in ("", None)

    call_command("translate_pages", "--subtree", str(home.pk))
    out = capsys.readouterr().out
    assert f"{page.pk} Jalan dan sampah: translated title, intro, body" in out
    assert StandardPage.objects.get(pk=page.pk).title_en == "STREET AND RUBBISH"
    # English written by people (About Bogor) was not sent.
    sent = " ".join(request["q"] for request in libre.requests)
    assert "Kota hujan" not in sent


def test_inline_children_are_translated_too(libre, django_capture_on_commit_callbacks):
    """Gallery captions and the reasons of opening exceptions are page content as well."""
    import datetime

    from cms.demo_utils import demo_image
    from tourism.models import AttractionImage, AttractionPage, OpeningException, TourismIndexPage

    index = TourismIndexPage.objects.first()
    page = AttractionPage(title_ind="Kebun kota", slug_ind="kebun-kota-uji", summary_ind="Kebun di kota")
    page.gallery = [AttractionImage(image=demo_image("uji", 3), caption_ind="Jalan di kebun")]
    page.exceptions = [OpeningException(label_ind="Kota tutup", start=datetime.date(2030, 1, 1),
                                        end=datetime.date(2030, 1, 2))]
    index.add_child(instance=page)
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
    page = AttractionPage.objects.get(pk=page.pk)
    assert page.title_en == "GARDEN CITY" and page.summary_en == "GARDEN IN CITY"
    assert [image.caption_en for image in page.gallery.all()] == ["STREET IN GARDEN"]
    assert [exception.label_en for exception in page.exceptions.all()] == ["CITY TUTUP"]
    record = state_of(page)
    assert record.state == State.MACHINE
    assert {key.split(".")[0] for key in record.fields} >= {"title", "summary", "gallery", "exceptions"}

    # A person corrects a caption: kept when the page is translated again.
    image = page.gallery.all()[0]
    image.caption_en = "A garden path"
    page.gallery = [image]
    page.summary_ind = "Kebun dan jalan"
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
    page = AttractionPage.objects.get(pk=page.pk)
    assert [image.caption_en for image in page.gallery.all()] == ["A garden path"]
    assert page.summary_en == "GARDEN AND STREET"


@pytest.mark.parametrize("editor_publishes", [False, True])
def test_an_edit_made_while_the_provider_works_is_kept(libre, new_page, monkeypatch, editor_publishes):
    # The provider can take minutes. An editor who saves a draft or publishes new Indonesian in that
    # time must find their work as they left it, not pushed aside by the machine's older copy.
    from cms.machine_translation import pages as mt_pages

    page = new_page()
    page.save_revision().publish()
    real_translate = mt_pages.service.translate

    def translate_while_an_editor_works(*args, **kwargs):
        result = real_translate(*args, **kwargs)  # the real request to the local LibreTranslate server
        editing = StandardPage.objects.get(pk=page.pk)
        editing.intro_ind = "Perubahan dari editor"
        revision = editing.save_revision()
        if editor_publishes:
            revision.publish()
        return result

    monkeypatch.setattr(mt_pages.service, "translate", translate_while_an_editor_works)
    outcome = mt_pages.translate_page(page)
    page = StandardPage.objects.get(pk=page.pk)
    latest = page.get_latest_revision_as_object()
    assert latest.intro_ind == "Perubahan dari editor" and not latest.title_en
    assert page.has_unpublished_changes is not editor_publishes
    assert (page.intro_ind == "Perubahan dari editor") is editor_publishes
    assert len(libre.requests) == 1 and outcome.skipped == "draft" and not outcome.written
