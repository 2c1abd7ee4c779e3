"""A page's owning unit decides who edits it and whose reviewers approve it, wherever the page sits."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from wagtail.models import Page

from cms.models import OrganisationUnit
from cms.ownership import group_name
from home.models import ServicePage, StandardPage, UnitPage
from tourism.models import AttractionPage, EventIndexPage, EventPage, TourismIndexPage

# Still on the demo site (not yet built with tests/factories.py).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_site")]
User = get_user_model()


def user(username):
    return User.objects.get(username=username)


def names(groups):
    return [g.name for g in groups]


def submit(page, by):
    """What the editor's "Submit for review" does: a revision, then the page's workflow."""
    page.save_revision(user=by)
    state = page.get_workflow().start(page, by)
    return state.current_task_state.task.specific


# The tourism section belongs to Disparbud (indah.pratama edits, budi.anggraini reviews).

def test_disparbud_editors_write_the_tourism_section_and_its_reviewers_publish_it():
    editor, reviewer = user("indah.pratama"), user("budi.anggraini")
    attraction = AttractionPage.objects.get(slug_ind="museum-zoologi")
    events = EventIndexPage.objects.get()
    mine = attraction.permissions_for_user(editor)
    assert mine.can_edit() and not mine.can_publish()
    assert events.permissions_for_user(editor).can_add_subpage()
    assert not events.permissions_for_user(editor).can_publish_subpage()
    assert attraction.permissions_for_user(reviewer).can_publish()
    assert TourismIndexPage.objects.get().permissions_for_user(reviewer).can_publish()
    # Disparbud's rights stop at its own pages.
    assert not UnitPage.objects.get(unit__code="dishub").permissions_for_user(editor).can_edit()


def test_another_units_editor_cannot_touch_the_tourism_section():
    dishub = user("kurnia.pratama")
    attraction = AttractionPage.objects.get(slug_ind="museum-zoologi")
    assert not attraction.permissions_for_user(dishub).can_edit()
    assert not EventIndexPage.objects.get().permissions_for_user(dishub).can_add_subpage()


def test_a_disparbud_editor_edits_an_attraction_in_the_admin(verified_login):
    client = verified_login(user("indah.pratama"))
    attraction = AttractionPage.objects.get(slug_ind="museum-zoologi")
    assert client.get(f"/admin/pages/{attraction.pk}/edit/").status_code == 200
    assert client.get(f"/admin/pages/add/tourism/eventpage/{EventIndexPage.objects.get().pk}/").status_code == 200
    client = verified_login(user("kurnia.pratama"))
    assert client.get(f"/admin/pages/{attraction.pk}/edit/").status_code in (302, 403)


def test_a_tourism_submission_goes_to_disparbuds_reviewers_not_first_to_diskominfo():
    editor = user("indah.pratama")
    disparbud = OrganisationUnit.objects.get(code="disparbud")
    attraction = AttractionPage.objects.get(slug_ind="museum-zoologi")
    task = submit(attraction, editor)
    assert names(task.approver_groups(attraction)) == [group_name(disparbud, "reviewers"), "Diskominfo publishers"]
    assert names(task.notify_groups(attraction)) == [group_name(disparbud, "reviewers")]
    # Disparbud's reviewer approves; another unit's reviewer cannot; Diskominfo may (oversight).
    assert task.get_actions(attraction, user("budi.anggraini"))
    assert not task.get_actions(attraction, user("asep.nugraha"))  # Dishub reviewer
    assert task.get_actions(attraction, user("wawan.gunawan"))  # Diskominfo reviewer
    # The reviewer finds it among the pages waiting for them, and only there.
    state = attraction.current_workflow_task_state
    assert state in task.get_task_states_user_can_moderate(user("budi.anggraini"))
    assert state not in task.get_task_states_user_can_moderate(user("asep.nugraha"))


def test_the_demo_shows_a_disparbud_event_waiting_for_disparbuds_reviewer():
    event = EventPage.objects.get(slug_ind="pameran-batik-bogor")
    assert not event.live and event.owner.username == "indah.pratama"
    task = event.current_workflow_task
    assert task is not None and task.get_actions(event, user("budi.anggraini"))


# Public-service pages belong to their responsible unit.

def test_a_service_belongs_to_its_responsible_unit():
    service = ServicePage.objects.get(slug_ind="ktp-elektronik")  # Disdukcapil
    assert service.permissions_for_user(user("hadi.rahmawati")).can_edit()  # Disdukcapil editor
    assert not service.permissions_for_user(user("hadi.rahmawati")).can_publish()
    assert service.permissions_for_user(user("wawan.anggraini")).can_publish()  # Disdukcapil reviewer
    assert not service.permissions_for_user(user("maya.mulyana")).can_edit()  # DPMPTSP editor
    # Its neighbour belongs to DPMPTSP, not to Disdukcapil.
    permit = ServicePage.objects.get(slug_ind="nomor-induk-berusaha")
    assert permit.permissions_for_user(user("maya.mulyana")).can_edit()
    assert not permit.permissions_for_user(user("hadi.rahmawati")).can_edit()


def test_a_service_submission_goes_to_the_responsible_units_reviewers():
    service = ServicePage.objects.get(slug_ind="ktp-elektronik")
    unit = service.responsible_unit
    task = submit(service, user("hadi.rahmawati"))
    assert names(task.approver_groups(service)) == [group_name(unit, "reviewers"), "Diskominfo publishers"]
    assert "Diskominfo publishers" not in names(task.notify_groups(service))
    assert task.get_actions(service, user("wawan.anggraini"))
    assert not task.get_actions(service, user("indah.hermawan"))  # DPMPTSP reviewer


def test_changing_the_responsible_unit_moves_the_rights():
    service = ServicePage.objects.get(slug_ind="ktp-elektronik")
    dpmptsp = OrganisationUnit.objects.get(code="dpmptsp")
    service.responsible_unit = dpmptsp
    service.save_revision(user=user("wawan.gunawan")).publish()
    service = ServicePage.objects.get(pk=service.pk)
    assert not service.permissions_for_user(user("hadi.rahmawati")).can_edit()  # Disdukcapil lost it
    assert service.permissions_for_user(user("maya.mulyana")).can_edit()  # DPMPTSP gained it
    task = service.get_workflow().tasks.specific().get()
    assert names(task.approver_groups(service))[0] == group_name(dpmptsp, "reviewers")


def test_a_units_own_reviewer_cannot_give_its_service_away(verified_login):
    service = ServicePage.objects.get(slug_ind="ktp-elektronik")
    client = verified_login(user("wawan.anggraini"))  # Disdukcapil reviewer
    form = client.get(f"/admin/pages/{service.pk}/edit/").content.decode()
    assert 'name="summary_ind"' in form and 'name="responsible_unit"' not in form


def test_diskominfo_keeps_oversight_everywhere():
    diskominfo = user("wawan.gunawan")
    for page in (AttractionPage.objects.get(slug_ind="museum-zoologi"),
                 ServicePage.objects.get(slug_ind="ktp-elektronik"), UnitPage.objects.get(unit__code="kel-sempur")):
        assert page.permissions_for_user(diskominfo).can_publish()


# A jubir cannot move their section to another unit.

def _unit_page_form(page, **overrides):
    from wagtail.test.utils.form_data import nested_form_data, streamfield

    data = {"title_ind": page.title_ind, "title_en": page.title_en, "slug_ind": page.slug_ind, "slug_en": page.slug_en,
            "intro_ind": "Profil kelurahan.", "intro_en": "", "body_ind": streamfield([]), "body_en": streamfield([])}
    data.update(overrides)
    return nested_form_data(data)


def test_a_forged_post_changing_a_sections_unit_is_ignored(verified_login):
    section = UnitPage.objects.get(unit__code="kel-batu-tulis")
    other = OrganisationUnit.objects.get(code="dishub")
    reviewer = user("ujang.pratama")  # editor and reviewer of Batu Tulis: may publish there
    client = verified_login(reviewer)
    assert 'name="unit"' not in client.get(f"/admin/pages/{section.pk}/edit/").content.decode()
    response = client.post(f"/admin/pages/{section.pk}/edit/",
                           _unit_page_form(section, unit=str(other.pk), **{"action-publish": "publish"}))
    assert response.status_code == 302
    section = UnitPage.objects.get(pk=section.pk)
    assert section.intro_ind == "Profil kelurahan."  # the rest of the form was saved and published
    assert section.unit.code == "kel-batu-tulis"
    assert section.permissions_for_user(reviewer).can_publish()
    assert not section.permissions_for_user(user("kurnia.pratama")).can_edit()


def test_diskominfo_may_reassign_a_section(verified_login):
    section = UnitPage.objects.get(unit__code="kel-batu-tulis")
    client = verified_login(user("wawan.gunawan"))
    assert 'name="unit"' in client.get(f"/admin/pages/{section.pk}/edit/").content.decode()


def test_a_jubir_cannot_create_a_section_page(verified_login):
    kecamatan = UnitPage.objects.get(unit__code="kec-bogor-selatan")
    client = verified_login(user("hadi.mulyana"))  # Bogor Selatan reviewer
    assert client.get(f"/admin/pages/add/home/unitpage/{kecamatan.pk}/").status_code in (302, 403)  # refused
    assert client.get(f"/admin/pages/add/home/standardpage/{kecamatan.pk}/").status_code == 200


def test_an_editor_cannot_move_a_page_into_another_units_section():
    editor = user("maya.kusuma")  # Sempur editor
    sempur = UnitPage.objects.get(unit__code="kel-sempur")
    draft = StandardPage(title_ind="Jadwal posyandu", slug_ind="jadwal-posyandu", slug_en="posyandu", owner=editor,
                         live=False)
    sempur.add_child(instance=draft)
    own_page = StandardPage(title_ind="Profil RW", slug_ind="profil-rw", slug_en="rw", live=False, owner=editor)
    sempur.add_child(instance=own_page)
    perms = Page.objects.get(pk=draft.pk).permissions_for_user(editor)
    assert perms.can_move_to(own_page)  # within their own section
    assert not perms.can_move_to(UnitPage.objects.get(unit__code="kel-batu-tulis"))
    assert not perms.can_move_to(TourismIndexPage.objects.get())


def test_diskominfo_assigns_a_section_with_a_command():
    from io import StringIO

    about = Page.objects.get(slug_ind="tentang-bogor")
    out = StringIO()
    call_command("page_owner", "set", "/id/tentang-bogor/", "disparbud", stdout=out)
    assert about.permissions_for_user(user("indah.pratama")).can_edit()
    call_command("page_owner", "clear", str(about.pk), stdout=out)
    assert not about.permissions_for_user(user("indah.pratama")).can_edit()


def test_granting_again_is_idempotent_and_retires_per_unit_workflows():
    from wagtail.models import GroupApprovalTask, GroupPagePermission, Workflow, WorkflowPage, WorkflowTask

    from cms.accounts.permissions import ensure_unit_groups

    sempur = UnitPage.objects.get(unit__code="kel-sempur")
    # A section as an earlier version left it: a workflow of its own.
    task = GroupApprovalTask.objects.create(name="Review: Sempur")
    legacy = Workflow.objects.create(name="Review: Sempur")
    WorkflowTask.objects.create(workflow=legacy, task=task, sort_order=0)
    WorkflowPage.objects.create(page=sempur, workflow=legacy)
    before = GroupPagePermission.objects.count()
    ensure_unit_groups(sempur.unit)
    ensure_unit_groups(sempur.unit)
    assert GroupPagePermission.objects.count() == before
    assert not WorkflowPage.objects.filter(page=sempur).exists()
    legacy.refresh_from_db()
    assert not legacy.active
    assert sempur.get_workflow().name == "Unit review"


def test_the_units_reviewers_are_told_of_a_submission_not_diskominfo(django_capture_on_commit_callbacks):
    from django.core import mail

    attraction = AttractionPage.objects.get(slug_ind="museum-zoologi")
    with django_capture_on_commit_callbacks(execute=True):
        submit(attraction, user("indah.pratama"))
    told = {address for message in mail.outbox for address in message.to}
    assert user("budi.anggraini").email in told
    assert user("wawan.gunawan").email not in told and user("indah.pratama").email not in told
