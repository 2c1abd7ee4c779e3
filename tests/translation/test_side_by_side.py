"""The translators' side-by-side view: Indonesian beside English, the English edited and saved as a
revision (published, sent to the reviewers or a draft), marked as reviewed; the report of pages that
need work; "Translate to English" on pages with a draft."""

import html as html_lib
import re

import pytest
from django.contrib.auth.models import Group, Permission
from django.test import Client
from django.utils import translation
from wagtail.models import Page, PageLogEntry
from wagtail.users.models import UserProfile

from cms.accounts.permissions import DISKOMINFO_GROUP, TRANSLATORS_GROUP
from cms.machine_translation.models import PageTranslationState
from home.models import StandardPage, UnitPage
from tests.factories import officer

pytestmark = pytest.mark.django_db
State = PageTranslationState.State
ACTION = "/admin/bulk/wagtailcore/page/translate_english/"
BODY = [
    {"type": "heading", "value": {"text": "Jalan ke Kebun Raya Bogor", "level": "h2"}},
    {"type": "paragraph", "value": '<p>Warga <b>kota</b> dan <a linktype="page" id="3">halaman</a>.</p>'},
    {"type": "cta", "value": {"text": "Pengaduan", "page": None, "url": "https://kotabogor.go.id/jalan"}},
]


def make_user(django_user_model, name, group, language="en"):
    user = django_user_model.objects.create_user(name, f"{name}@kotabogor.go.id", "x-Very-long-pass-123")
    user.groups.add(Group.objects.get(name=group))
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = language  # the admin's language, so labels can be asserted
    profile.save()
    return user


@pytest.fixture
def translator(django_user_model):
    return make_user(django_user_model, "penerjemah", TRANSLATORS_GROUP)


@pytest.fixture
def publisher(django_user_model):
    return make_user(django_user_model, "kominfo-x", DISKOMINFO_GROUP)


@pytest.fixture
def section():
    return UnitPage.objects.filter(depth__gte=4).select_related("unit").first()


@pytest.fixture
def machine_page(libre, section, django_capture_on_commit_callbacks):
    """A page of a unit (which has a review workflow) with English written by the machine."""
    page = StandardPage(title_ind="Jalan dan sampah", slug_ind="jalan-dan-sampah-uji", intro_ind="Warga kota",
                        body_ind=BODY)
    section.add_child(instance=page)
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
    page = StandardPage.objects.get(pk=page.pk)
    assert PageTranslationState.objects.get(page=page).state == State.MACHINE
    return page


def url(page):
    return f"/admin/english/{page.pk}/review/"


def form_of(html):
    """{name: value} of the view's inputs and textareas, as a browser would submit them."""
    fields = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', html))
    fields.update(re.findall(r'<input type="text" name="([\w-]+)" id="[\w-]+" lang="en" value="([^"]*)"', html))
    fields.update(re.findall(r'<textarea name="([\w-]+)"[^>]*>([^<]*)</textarea>', html))
    return {name: html_lib.unescape(value) for name, value in fields.items()}


def name_of(html, text):
    """The form name of the input holding `text` (a field's English, or a segment's)."""
    for name, value in form_of(html).items():
        if value == text:
            return name
    raise AssertionError(f"no input holds {text!r}")


def test_indonesian_beside_english_with_the_fields_human_labels(translator, verified_login, machine_page):
    html = verified_login(translator).get(url(machine_page)).content.decode()
    sections = re.findall(r'<section class="mt-field" data-field="(\w+)" data-status="(\w+)"', html)
    assert sections == [("title", "machine"), ("intro", "machine"), ("body", "machine")]
    # Labels in the admin's language, never code names.
    for label in ("Title", "Introduction", "Body"):
        assert re.search(rf'<h2 id="f\d+-label">{label}</h2>', html)
    assert "intro_en" not in html and "body_ind" not in html and ">intro<" not in html
    assert html.count("Machine translated</span>") == 3
    # A plain field: the Indonesian beside an input holding the English.
    assert '<div class="mt-text" id="f3-id">Warga kota</div>' in html
    assert '<textarea name="f3" id="f3" lang="en" rows="4" aria-describedby="f3-id">RESIDENTS CITY</textarea>' in html
    # The StreamField block by block, with the blocks' labels; text segments paired, markup hidden.
    assert "<h3>Heading</h3>" in html and "<h3>Paragraph</h3>" in html and "<h3>Call to action</h3>" in html
    assert re.search(r'Jalan ke Kebun Raya Bogor</label></div>\s*<div class="mt-en"><textarea name="f4-0"[^>]*>'
                     r'STREET KE Bogor Botanic Gardens</textarea>', html)
    assert ">Button text</span>" in html
    assert "linktype" not in html  # the link's markup stays out of the translator's way
    assert "The whole text" in html


def test_labels_follow_the_admin_language(django_user_model, verified_login, machine_page):
    user = make_user(django_user_model, "penerjemah-id", TRANSLATORS_GROUP, language="id")
    html = verified_login(user).get(url(machine_page)).content.decode()
    with translation.override("id"):
        label = str(StandardPage._meta.get_field("intro").verbose_name)
    assert re.search(rf'<h2 id="f\d+-label">{label.capitalize()}</h2>', html)


def test_a_publisher_corrects_the_english_and_publishes_it(publisher, verified_login, machine_page, client, libre):
    admin = verified_login(publisher)
    html = admin.get(url(machine_page)).content.decode()
    assert 'data-mode="publish"' in html and "Publish and mark as reviewed" in html
    data = form_of(html)
    data[name_of(html, "RESIDENTS CITY")] = "The city's residents"
    data[name_of(html, "CITY")] = "town"  # one text segment of the paragraph, inside <b>
    data["action"] = "finish"
    response = admin.post(url(machine_page), data)
    assert response.status_code == 302 and response["Location"] == "/admin/english/"

    page = StandardPage.objects.get(pk=machine_page.pk)
    assert not page.has_unpublished_changes
    assert page.intro_en == "The city's residents"
    paragraph = list(page.body_en.get_prep_value())[1]["value"]
    assert paragraph == '<p>RESIDENTS <b>town</b> AND <a linktype="page" id="3">PAGE</a>.</p>'
    assert page.intro_ind == "Warga kota"  # the Indonesian is untouched
    record = PageTranslationState.objects.get(page=page)
    assert record.state == State.REVIEWED and record.reviewed_by == publisher
    assert {record.fields[key]["by"] for key in ("title", "intro", "body")} == {"reviewed"}
    assert PageLogEntry.objects.filter(page=page, action="wagtail.publish", user=publisher).exists()
    # Visitors of the English page read the corrected text, without the machine's notice.
    public = client.get(page.localized_url("en")).content.decode()
    assert "The city&#x27;s residents" in public or "The city's residents" in public
    assert "machine-translation-notice" not in public


def test_a_translator_saves_a_draft_sent_to_the_units_reviewers(translator, verified_login, machine_page,
                                                                django_capture_on_commit_callbacks):
    admin = verified_login(translator)
    html = admin.get(url(machine_page)).content.decode()
    assert 'data-mode="submit"' in html  # a translator may edit, not publish: the unit's workflow decides
    data = form_of(html) | {"action": "finish"}
    data[name_of(html, "RESIDENTS CITY")] = "Residents of the city"
    assert admin.post(url(machine_page), data).status_code == 302

    page = StandardPage.objects.get(pk=machine_page.pk)
    assert page.intro_en == "RESIDENTS CITY"  # the published English waits for the reviewers
    assert page.has_unpublished_changes and page.current_workflow_state is not None
    assert page.get_latest_revision_as_object().intro_en == "Residents of the city"
    record = PageTranslationState.objects.get(page=page)
    # What the translator read as published is reviewed; their correction counts once published.
    assert record.fields["title"]["by"] == "reviewed" and record.fields["intro"]["by"] == "machine"
    assert record.state == State.MACHINE and record.reviewed_by == translator

    with django_capture_on_commit_callbacks(execute=True):
        page.get_latest_revision().publish()  # a reviewer approves
    record = PageTranslationState.objects.get(page=page)
    assert StandardPage.objects.get(pk=page.pk).intro_en == "Residents of the city"
    assert record.fields["intro"]["by"] == "person" and record.state == State.REVIEWED


def test_save_draft_keeps_the_published_english_and_the_state(publisher, verified_login, machine_page):
    admin = verified_login(publisher)
    html = admin.get(url(machine_page)).content.decode()
    data = form_of(html) | {"action": "save"}
    data[name_of(html, "RESIDENTS CITY")] = "Residents"
    response = admin.post(url(machine_page), data)
    assert response.status_code == 302 and response["Location"] == url(machine_page)
    page = StandardPage.objects.get(pk=machine_page.pk)
    assert page.intro_en == "RESIDENTS CITY" and page.has_unpublished_changes
    assert page.current_workflow_state is None
    assert PageTranslationState.objects.get(page=page).state == State.MACHINE
    # Opened again, the view shows the draft's English, now a person's, and says it saves a draft.
    html = admin.get(url(machine_page)).content.decode()
    assert ">Residents</textarea>" in html and 'data-mode="draft"' in html
    assert 'data-field="intro" data-status="reviewed"' in html


def test_outdated_english_is_flagged(publisher, verified_login, machine_page):
    admin = verified_login(publisher)
    html = admin.get(url(machine_page)).content.decode()
    admin.post(url(machine_page), form_of(html) | {"action": "finish"})  # reviewed as it is
    page = StandardPage.objects.get(pk=machine_page.pk)
    page.intro_ind = "Warga kota dan desa"
    page.save_revision().publish()
    html = admin.get(url(machine_page)).content.decode()
    assert 'data-field="intro" data-status="outdated_person"' in html
    assert "the Indonesian changed since this English was written" in html
    assert 'data-field="title" data-status="reviewed"' in html


def test_missing_english_is_written_segment_by_segment(publisher, verified_login, section, settings):
    settings.TRANSLATION_PROVIDER = "none"
    page = StandardPage(title_ind="Jalan", slug_ind="jalan-uji-kosong", intro_ind="Warga kota", body_ind=BODY)
    section.add_child(instance=page)
    page.save_revision().publish()
    admin = verified_login(publisher)
    html = admin.get(url(page)).content.decode()
    assert 'data-field="body" data-status="missing"' in html and "No English yet" in html
    data = form_of(html) | {"action": "finish"}
    segments = sorted(name for name in data if name.startswith("f4-"))
    assert len(segments) == 6  # heading, four text nodes of the paragraph, the button's text
    data[segments[0]] = "Getting to the Bogor Botanic Gardens"
    response = admin.post(url(page), data)  # one part only: refused, what was typed is kept
    assert response.status_code == 400 and "Fill in every part" in response.content.decode()
    assert 'Getting to the Bogor Botanic Gardens</textarea>' in response.content.decode()
    for name, text in zip(segments[1:], ["Residents", "city", "and", "page", "Complaints"], strict=True):
        data[name] = text
    assert admin.post(url(page), data).status_code == 302
    body = list(StandardPage.objects.get(pk=page.pk).body_en.get_prep_value())
    assert body[0]["value"]["text"] == "Getting to the Bogor Botanic Gardens"
    assert body[1]["value"] == '<p>Residents <b>city</b> and <a linktype="page" id="3">page</a>.</p>'
    assert body[2]["value"] == {"text": "Complaints", "page": None, "url": "https://kotabogor.go.id/jalan"}


def test_english_built_differently_is_read_only_with_a_link_to_the_editor(publisher, verified_login, section):
    page = StandardPage(title_ind="Jalan", slug_ind="jalan-uji-beda", intro_ind="Warga", body_ind=BODY,
                        title_en="Roads", intro_en="Residents",
                        body_en=[{"type": "paragraph", "value": "<p>Our own English, one paragraph.</p>"}])
    section.add_child(instance=page)
    page.save_revision().publish()
    html = verified_login(publisher).get(url(page)).content.decode()
    body = html[html.index('data-field="body"'):]
    assert "Edit this field in the page editor" in body and "Our own English, one paragraph." in body
    assert "<textarea" not in body


def test_who_may_save(django_user_model, translator, verified_login, machine_page, client):
    # An editor without the review permission: no view at all.
    editor = django_user_model.objects.create_user("jubir-x", "jubir-x@kotabogor.go.id", "x-Very-long-pass-123")
    editor.groups.add(Group.objects.filter(name__endswith=" editors").first())
    verified_login(editor)
    assert client.get(url(machine_page)).status_code == 403
    assert client.post(url(machine_page), {"action": "finish", "f3": "x"}).status_code == 403

    # A reviewer of English without the right to edit this page: reads, may not save.
    reader_group = Group.objects.create(name="English readers")
    reader_group.permissions.add(Permission.objects.get(codename="review_translation"),
                                 Permission.objects.get(codename="access_admin"))
    reader = django_user_model.objects.create_user("pembaca", "pembaca@kotabogor.go.id", "x-Very-long-pass-123")
    reader.groups.add(reader_group)
    client.logout()
    verified_login(reader)
    html = client.get(url(machine_page)).content.decode()
    assert "RESIDENTS CITY" in html and "readonly" in html and 'name="action"' not in html
    data = form_of(html) | {"action": "finish", name_of(html, "RESIDENTS CITY"): "Changed"}
    assert client.post(url(machine_page), data).status_code == 403
    assert client.post(url(machine_page)).status_code == 403  # marking reviewed neither
    page = StandardPage.objects.get(pk=machine_page.pk)
    assert page.intro_en == "RESIDENTS CITY" and not page.has_unpublished_changes
    assert PageTranslationState.objects.get(page=page).state == State.MACHINE


def test_posts_need_the_csrf_token(translator, machine_page):
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    client = Client(enforce_csrf_checks=True, HTTP_HOST="localhost")
    client.force_login(translator)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = TOTPDevice.objects.create(user=translator, name="t", confirmed=True).persistent_id
    session.save()
    html = client.get(url(machine_page)).content.decode()
    data = form_of(html) | {"action": "finish", name_of(html, "RESIDENTS CITY"): "Changed"}
    token = data.pop("csrfmiddlewaretoken")
    assert client.post(url(machine_page), data).status_code == 403
    assert StandardPage.objects.get(pk=machine_page.pk).get_latest_revision_as_object().intro_en == "RESIDENTS CITY"
    assert client.post(url(machine_page), data | {"csrfmiddlewaretoken": token}).status_code == 302
    assert StandardPage.objects.get(pk=machine_page.pk).get_latest_revision_as_object().intro_en == "Changed"


def test_a_locked_page_is_not_saved(publisher, django_user_model, verified_login, machine_page):
    other = officer("admin")
    Page.objects.filter(pk=machine_page.pk).update(locked=True, locked_by=other)
    admin = verified_login(publisher)
    html = admin.get(url(machine_page)).content.decode()
    assert "data-locked" in html and 'name="action"' not in html
    data = form_of(html) | {"action": "finish", name_of(html, "RESIDENTS CITY"): "Changed"}
    response = admin.post(url(machine_page), data)
    assert response.status_code == 409
    page = StandardPage.objects.get(pk=machine_page.pk)
    assert page.latest_revision_id == machine_page.latest_revision_id and page.intro_en == "RESIDENTS CITY"


def test_a_page_saved_meanwhile_is_not_overwritten(publisher, verified_login, machine_page):
    admin = verified_login(publisher)
    html = admin.get(url(machine_page)).content.decode()
    page = StandardPage.objects.get(pk=machine_page.pk)
    page.intro_ind = "Warga kota baru"
    page.save_revision()  # an editor saves a draft meanwhile
    data = form_of(html) | {"action": "finish", name_of(html, "RESIDENTS CITY"): "My English"}
    response = admin.post(url(machine_page), data)
    assert response.status_code == 409
    html = response.content.decode()
    assert ">My English</textarea>" in html  # nothing typed is lost
    assert "Warga kota baru" in html
    latest = StandardPage.objects.get(pk=page.pk).get_latest_revision_as_object()
    assert latest.intro_ind == "Warga kota baru" and latest.intro_en == "RESIDENTS CITY"


def test_report_opens_on_pages_that_need_work(translator, verified_login, machine_page, section):
    reviewed = StandardPage(title_ind="Sudah", slug_ind="sudah-uji", intro_ind="Warga", title_en="Done",
                            intro_en="Residents")
    section.add_child(instance=reviewed)
    reviewed.save_revision().publish()  # a person's English: reviewed
    admin = verified_login(translator)
    html = admin.get(f"/admin/english/?unit={section.unit_id}").content.decode()
    assert f'data-page="{machine_page.pk}" data-state="machine"' in html
    assert f'data-page="{reviewed.pk}"' not in html
    in_section = Page.objects.filter(path__startswith=section.path)
    todo = PageTranslationState.objects.filter(page__in=in_section, state__in=["machine", "outdated", "missing"])
    assert f'data-state="todo" data-count="{todo.count()}"' in html
    assert html.count("data-page=") == todo.count()
    assert f'href="/admin/english/{machine_page.pk}/review/"' in html  # each row opens the side-by-side view
    everything = admin.get(f"/admin/english/?unit={section.unit_id}&state=all").content.decode()
    assert f'data-page="{reviewed.pk}"' in everything

    # By page type.
    standard = re.search(r'<option value="(\d+)"[^>]*>Standard page</option>', html).group(1)
    unit_type = re.search(r'<option value="(\d+)"[^>]*>Unit page</option>', everything).group(1)
    only_standard = admin.get(f"/admin/english/?unit={section.unit_id}&state=all&type={standard}").content.decode()
    assert f'data-page="{machine_page.pk}"' in only_standard and f'data-page="{section.pk}"' not in only_standard
    only_units = admin.get(f"/admin/english/?unit={section.unit_id}&state=all&type={unit_type}").content.decode()
    assert f'data-page="{section.pk}"' in only_units and f'data-page="{machine_page.pk}"' not in only_units
    # The filters stay on the state links.
    assert f"?state=reviewed&amp;unit={section.unit_id}&amp;type={unit_type}" in only_units


def test_report_of_pages_that_need_work_has_a_fixed_number_of_queries(translator, verified_login,
                                                                      django_assert_max_num_queries, many_pages):
    client = verified_login(translator)
    pages = list(Page.objects.filter(depth__gt=1).order_by("path")[:30])
    PageTranslationState.objects.update(state=State.REVIEWED)

    def needing_work(count):
        for page in pages[:count]:
            PageTranslationState.objects.update_or_create(page_id=page.pk, defaults={"state": State.MACHINE})
        client.get("/admin/english/")  # warm up sessions, permissions, content types
        with django_assert_max_num_queries(30) as queries:
            response = client.get("/admin/english/")
        assert response.content.count(b"data-page=") == count
        return len(queries.captured_queries)

    assert needing_work(3) == needing_work(30)


def test_translate_action_on_a_page_with_a_draft_says_what_it_does(libre, translator, verified_login, section,
                                                                     django_capture_on_commit_callbacks):
    pages = []
    for n in range(2):
        page = StandardPage(title_ind="Sampah di kota", slug_ind=f"sampah-draf-{n}", intro_ind="Warga kota")
        section.add_child(instance=page)
        page.save_revision().publish()
        pages.append(page)
    drafted, clean = pages
    drafted.intro_ind = "Draf baru"
    drafted.save_revision()
    admin = verified_login(translator)
    confirm = admin.get(f"{ACTION}?id={drafted.pk}&id={clean.pk}").content.decode()
    assert f'data-page="{drafted.pk}" data-waiting="draft"' in confirm
    assert "does not publish over the draft" in confirm and "publish or discard the draft first" in confirm
    assert f'data-page="{clean.pk}">' in confirm
    with django_capture_on_commit_callbacks(execute=True):
        response = admin.post(f"{ACTION}?id={drafted.pk}&id={clean.pk}&next=/admin/english/", {}, follow=True)
    text = response.content.decode()
    assert "1 page queued for machine translation" in text
    assert "1 page was not translated: it has unpublished changes" in text
    assert StandardPage.objects.get(pk=clean.pk).title_en == "RUBBISH IN CITY"
    drafted = StandardPage.objects.get(pk=drafted.pk)
    assert drafted.title_en in ("", None) and drafted.has_unpublished_changes
    assert drafted.get_latest_revision_as_object().intro_ind == "Draf baru"
    sent = " ".join(request["q"] for request in libre.requests)
    assert "Draf baru" not in sent


def test_segments_pair_by_name_whatever_the_order_of_the_stored_values():
    from cms.machine_translation import review

    page = StandardPage(
        title_ind="Jalan", title_en="Road",
        body_ind=[{"type": "quote", "id": "a", "value": {"quote": "Kota hujan", "attribution": "Warga"}}],
        body_en=[{"type": "quote", "id": "a", "value": {"attribution": "A resident", "quote": "Rain city"}}])
    with translation.override("en"):
        items, _children = review.build(page, {})
    body = next(item for item in items if item.key == "body")
    assert [(s.label, s.source, s.english) for s in body.segment_list] == [
        ("Attribution", "Warga", "A resident"), ("Quote", "Kota hujan", "Rain city")]
    data = {s.name: s.english for s in body.segment_list}
    data[body.segment_list[1].name] = "The rain city"
    assert review.apply(items, data) == ["body"]
    assert list(page.body_en.get_prep_value())[0]["value"] == {"attribution": "A resident", "quote": "The rain city"}
