"""The officers' inbox: access per unit, filters, actions, bulk, export, figures, the home panel."""

import pytest

from cms.models import OrganisationUnit
from complaints import routing
from complaints.models import Category, Complaint, ComplaintPhoto
from tests.factories import officer

from .conftest import jpeg

pytestmark = pytest.mark.django_db
S = Complaint.Status


def unit(code):
    return OrganisationUnit.objects.get(code=code)


def make(category="jalan-rusak", status=S.DISPATCHED, unit_code="dpupr", description="Jalan berlubang di Jl. Semeru.",
         **fields):
    complaint = Complaint(category=Category.objects.get(code=category), description=description, address="Jl. Semeru",
                          status=status, unit=unit(unit_code) if unit_code else None,
                          name="Budi Warga", email="budi@contoh.id", phone="+6281234567890", **fields)
    routing.assess(complaint)
    complaint.save()
    return complaint


@pytest.fixture
def login(verified_login, django_user_model):
    def as_user(username):
        return verified_login(officer(username))
    return as_user


def test_liaison_sees_only_their_unit(login):
    pupr_report = make()
    dishub_report = make(category="parkir-liar", unit_code="dishub", description="Parkir liar di trotoar.")
    client = login("dishub")
    listing = client.get("/admin/complaints/inbox/").content.decode()
    assert dishub_report.tracking_code in listing and pupr_report.tracking_code not in listing
    assert client.get(f"/admin/complaints/inbox/{pupr_report.pk}/").status_code in (403, 404)
    assert client.post(f"/admin/complaints/inbox/{pupr_report.pk}/action/",
                       {"action": "resolve", "public_message": "x"}).status_code in (403, 404)
    export = b"".join(client.get("/admin/complaints/inbox/?export=csv").streaming_content).decode()
    assert dishub_report.tracking_code in export and pupr_report.tracking_code not in export
    photo = ComplaintPhoto(complaint=pupr_report)
    photo.file.save("p.jpg", jpeg(), save=True)
    assert client.get(f"/admin/complaints/inbox/photo/{photo.pk}/").status_code in (403, 404)
    pupr_report.refresh_from_db()
    assert pupr_report.status == S.DISPATCHED


def test_export_has_no_personal_data(login):
    make()
    export = b"".join(login("desk").get("/admin/complaints/inbox/?export=csv").streaming_content).decode()
    assert "Budi" not in export and "budi@contoh.id" not in export and "+62812" not in export


def test_desk_sees_everything_and_the_reporter_unless_anonymous(login):
    named = make()
    anonymous = make(anonymous=True)
    client = login("desk")
    assert "Budi Warga" in client.get(f"/admin/complaints/inbox/{named.pk}/").content.decode()
    html = client.get(f"/admin/complaints/inbox/{anonymous.pk}/").content.decode()
    assert "Budi Warga" not in html and "budi@contoh.id" not in html
    assert "Anonim: identitas dirahasiakan" in html  # officers work in Indonesian


def test_people_without_a_role_are_kept_out(client, django_user_model):
    from django.contrib.auth.models import Group, Permission

    editor = django_user_model.objects.create_user("jubir", password="x-Long-enough-9")
    group = Group.objects.create(name="Editors of a kelurahan")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    editor.groups.add(group)
    client.force_login(editor)
    report = make()
    for url in ("/admin/complaints/inbox/", f"/admin/complaints/inbox/{report.pk}/", "/admin/complaints/inbox/dashboard/"):
        response = client.get(url)
        # Wagtail answers a PermissionDenied in its admin with a redirect to the dashboard and a message.
        assert response.status_code in (302, 403), url
        assert report.tracking_code.encode() not in response.content


def test_filters_search_and_due_date_order(login):
    late = make(description="Lubang lama sekali.")
    Complaint.objects.filter(pk=late.pk).update(due_at="2026-01-05T09:00:00Z")
    fresh = make(category="sampah", unit_code="dlh", description="Sampah di pasar.")
    client = login("desk")
    html = client.get("/admin/complaints/inbox/", {"late": "true"}).content.decode()
    assert late.tracking_code in html and fresh.tracking_code not in html
    html = client.get("/admin/complaints/inbox/", {"q": fresh.tracking_code.lower()}).content.decode()
    assert fresh.tracking_code in html and late.tracking_code not in html
    html = client.get("/admin/complaints/inbox/", {"category": Category.objects.get(code="sampah").pk}).content.decode()
    assert fresh.tracking_code in html and late.tracking_code not in html
    html = client.get("/admin/complaints/inbox/").content.decode()
    assert html.index(late.tracking_code) < html.index(fresh.tracking_code)


def test_actions_through_the_inbox(login):
    complaint = make(status=S.VERIFIED, unit_code=None)
    client = login("desk")
    detail = client.get(f"/admin/complaints/inbox/{complaint.pk}/").content.decode()
    assert 'value="dispatch"' in detail and 'value="resolve"' not in detail  # only what the state allows
    response = client.post(f"/admin/complaints/inbox/{complaint.pk}/action/",
                           {"action": "dispatch", "unit": unit("dpupr").pk})
    assert response.status_code == 302
    complaint.refresh_from_db()
    assert complaint.status == S.DISPATCHED and complaint.unit.code == "dpupr"
    refused = client.post(f"/admin/complaints/inbox/{complaint.pk}/action/", {"action": "verify"}, follow=True)
    assert "tidak dapat diberi langkah ini" in refused.content.decode()

    client = login("pupr")
    client.post(f"/admin/complaints/inbox/{complaint.pk}/action/",
                {"action": "resolve", "public_message": "Sudah ditambal."})
    complaint.refresh_from_db()
    assert complaint.status == S.RESOLVED
    client.post(f"/admin/complaints/inbox/{complaint.pk}/note/", {"internal_note": "Tim 2, aspal dingin"})
    assert complaint.events.filter(is_public=False, internal_note="Tim 2, aspal dingin").exists()


def test_bulk_verify_and_dispatch_to_suggested_unit(login):
    first = make(status=S.RECEIVED, unit_code=None)
    second = make(category="sampah", status=S.RECEIVED, unit_code=None, description="Sampah menumpuk.")
    client = login("desk")
    client.post("/admin/complaints/inbox/bulk/", {"selected": [first.pk, second.pk], "bulk_action": "verify"})
    client.post("/admin/complaints/inbox/bulk/", {"selected": [first.pk, second.pk], "bulk_action": "dispatch_suggested"})
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, first.unit.code) == (S.DISPATCHED, "dpupr")
    assert (second.status, second.unit.code) == (S.DISPATCHED, "dlh")
    third = make(status=S.RECEIVED, unit_code=None)
    response = login("pupr").post("/admin/complaints/inbox/bulk/", {"selected": [third.pk], "bulk_action": "verify"})
    assert response.status_code in (302, 403)
    third.refresh_from_db()
    assert third.status == S.RECEIVED


def test_reassignment_removes_the_old_units_access(login):
    complaint = make()
    login("desk").post(f"/admin/complaints/inbox/{complaint.pk}/action/",
                       {"action": "reassign", "unit": unit("dishub").pk, "internal_note": "Rambu, bukan jalan"})
    assert login("pupr").get(f"/admin/complaints/inbox/{complaint.pk}/").status_code == 404
    assert login("dishub").get(f"/admin/complaints/inbox/{complaint.pk}/").status_code == 200


def test_figures_and_home_panel(login):
    late = make()
    Complaint.objects.filter(pk=late.pk).update(due_at="2026-01-05T09:00:00Z")
    html = login("desk").get("/admin/complaints/inbox/dashboard/").content.decode()
    assert "Dinas Pekerjaan Umum" in html and "Median jam sampai tanggapan pertama" in html
    home = login("pupr").get("/admin/").content.decode()
    assert late.tracking_code in home and "pengaduan terlambat" in home


BULK = "/admin/bulk/complaints/complaint/{}/"


def test_wagtail_bulk_actions_for_the_desk(login):
    first = make(status=S.RECEIVED, unit_code=None)
    second = make(category="sampah", status=S.RECEIVED, unit_code=None, description="Sampah menumpuk.")
    client = login("desk")
    listing = client.get("/admin/complaints/inbox/").content.decode()
    assert '<option value="verify">' in listing and '<option value="dispatch_suggested">' in listing
    query = f"?id={first.pk}&id={second.pk}"
    confirm = client.get(BULK.format("verify") + query)
    assert confirm.status_code == 200 and first.tracking_code in confirm.content.decode()
    response = client.post(BULK.format("verify") + query)
    assert response.status_code == 302 and response["Location"] == "/admin/complaints/inbox/"
    client.post(BULK.format("dispatch_suggested") + query)
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, first.unit.code) == (S.DISPATCHED, "dpupr")
    assert (second.status, second.unit.code) == (S.DISPATCHED, "dlh")
    # The workflow's guards still decide: a dispatched report is not verified again.
    client.post(BULK.format("verify") + query)
    first.refresh_from_db()
    assert first.status == S.DISPATCHED


def test_bulk_actions_refused_without_the_permission(login):
    own = make(status=S.RECEIVED)  # the liaison's own unit, and still not theirs to verify in bulk
    client = login("pupr")
    assert client.get(f"{BULK.format('verify')}?id={own.pk}").status_code in (302, 403)
    assert client.post(f"{BULK.format('verify')}?id={own.pk}").status_code in (302, 403)
    assert client.post("/admin/complaints/inbox/bulk/",
                       {"selected": [own.pk], "bulk_action": "verify"}).status_code in (302, 403)
    own.refresh_from_db()
    assert own.status == S.RECEIVED
    assert 'name="selected"' not in client.get("/admin/complaints/inbox/").content.decode()


def test_bulk_actions_choose_only_from_the_officers_unit(rf, django_user_model):
    from complaints.bulk_actions import VerifyBulkAction, selected

    own = make(status=S.RECEIVED)
    other = make(category="parkir-liar", status=S.RECEIVED, unit_code="dishub", description="Parkir liar.")
    liaison = officer("pupr")
    request = rf.get(f"{BULK.format('verify')}?id={own.pk}&id={other.pk}&id=all")
    request.user = liaison
    chosen, no_access = VerifyBulkAction(request, Complaint).get_actionable_objects()
    assert chosen == [own] and no_access == {"items_with_no_access": []}
    assert selected(liaison, [own.pk, other.pk, "x"]) == [own]
    assert len(selected(officer("desk"), [own.pk, other.pk])) == 2
