"""The factories build what they promise, on a database that holds only migrations' reference data."""

import pytest
from django.contrib.auth.models import Group

from cms.models import UnitMembership
from complaints import access
from complaints.models import Complaint, ComplaintEvent

from . import factories as f

S = Complaint.Status


@pytest.mark.django_db
def test_no_demo_without_asking():
    assert not Complaint.objects.exists()
    assert not f.UserFactory._meta.model.objects.filter(username="desk").exists()


@pytest.mark.django_db
def test_site_tree_answers_at_the_demo_addresses(client):
    tree = f.site_tree()
    assert f.site_tree().home.pk == tree.home.pk  # idempotent
    assert tree.complaints.localized_url("id") == "/id/pengaduan/"
    assert client.get("/id/pengaduan/", HTTP_HOST="localhost").status_code == 200
    assert client.get("/en/tourism/events/", HTTP_HOST="localhost").status_code == 200


@pytest.mark.django_db
def test_people_get_real_groups():
    desk = f.desk_officer()
    pupr = f.liaison("dpupr", username="pupr")
    assert access.is_desk(desk) and not access.is_desk(pupr)
    assert access.unit_ids(pupr) == {f.unit("dpupr").pk}
    f.site_tree()
    editor = f.member("dishub", "reviewer")
    assert editor.groups.filter(name__endswith=" reviewers").exists()
    assert UnitMembership.objects.filter(user=editor, role="reviewer").exists()
    translator = f.member("diskominfo", "translator")
    assert translator.groups.filter(name="Translators").exists()
    assert Group.objects.filter(name=access.MONITOR_GROUP).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("status", list(f.PATHS))
def test_complaint_in_each_state_through_the_workflow(status):
    complaint = f.complaint_in(status)
    assert complaint.status == status
    if f.PATHS[status]:
        assert ComplaintEvent.objects.filter(complaint=complaint, action=f.PATHS[status][-1]).exists()


@pytest.mark.django_db
def test_photos_supporters_api_clients_glossary():
    from complaints.models import ApiClient

    photo = f.ComplaintPhotoFactory()
    assert photo.width == 64
    supporter = f.SupporterFactory(complaint=photo.complaint)
    assert supporter.complaint.supporters.count() == 1
    f.ApiClientFactory()
    assert ApiClient.authenticate("demo-key") is not None
    assert f.GlossaryTermFactory(term="istilah uji").translation == "term uji"
