"""156 jubir digital: the roster import, per-unit groups and sections, permissions and review workflows."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import call_command
from wagtail.models import Page

from cms.accounts.roster import import_roster
from cms.models import OrganisationUnit, UnitMembership
from home.models import NewsIndexPage, UnitPage

# Still on the demo site (not yet built with tests/factories.py).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_site")]
User = get_user_model()


def test_demo_roster_is_loaded_by_seed_demo():
    editors = User.objects.filter(unit_memberships__role__in=["editor", "reviewer"]).distinct()
    assert editors.count() >= 150
    kinds = set(UnitMembership.objects.values_list("unit__kind", flat=True))
    assert {"opd", "bumd", "kecamatan", "kelurahan", "puskesmas"} <= kinds
    # Every kelurahan of the roster has its profile page under its kecamatan.
    batu_tulis = UnitPage.objects.get(unit__code="kel-batu-tulis")
    assert batu_tulis.get_parent().specific.unit.code == "kec-bogor-selatan"


def test_import_is_idempotent_reports_bad_rows_and_sends_invitations(django_capture_on_commit_callbacks):
    csv = io.StringIO(
        "email,full_name,unit_code,roles\n"
        "rina.baru@kotabogor.go.id,Rina Baru,kel-sempur,editor\n"
        "bukan-email,Orang Salah,kel-sempur,editor\n"
        "dedi.baru@kotabogor.go.id,Dedi Baru,tidak-ada,editor\n"
        "ayu.baru@kotabogor.go.id,Ayu Baru,dlh,reviewer;liaison\n"
        "iis.baru@kotabogor.go.id,Iis Baru,dlh,boss\n"
    )
    with django_capture_on_commit_callbacks(execute=True):
        from cms.accounts.tasks import send_invitation

        report = import_roster(csv, invite=lambda user: send_invitation.enqueue(user.pk))
    assert [line for line, _ in report.errors] == [3, 4, 6]
    assert "invalid e-mail" in report.errors[0][1] and "unknown unit" in report.errors[1][1]
    assert "unknown role" in report.errors[2][1]
    assert len(report.created) == 2
    rina = User.objects.get(email="rina.baru@kotabogor.go.id")
    assert not rina.has_usable_password()
    assert {g.name for g in rina.groups.all()} == {"Sempur editors"}
    ayu = User.objects.get(email="ayu.baru@kotabogor.go.id")
    assert {g.name for g in ayu.groups.all()} == {"DLH editors", "DLH reviewers", "OPD liaisons"}
    # The invitation carries a password link, not a password.
    assert len(mail.outbox) == 2
    assert "/admin/password_reset/" in mail.outbox[0].body or "/admin/password_reset/" in mail.outbox[1].body
    csv.seek(0)
    again = import_roster(csv)
    assert not again.created and not again.updated and len(again.unchanged) == 2


def test_dry_run_changes_nothing(capsys, tmp_path):
    roster = tmp_path / "roster.csv"
    roster.write_text("email,full_name,unit_code,roles\nbaru@kotabogor.go.id,Orang Baru,kel-sempur,editor\n"
                      "x,Y,kel-sempur,editor\n")
    out = io.StringIO()
    err = io.StringIO()
    call_command("import_jubir", str(roster), "--dry-run", stdout=out, stderr=err)
    assert "would create: baru@kotabogor.go.id" in out.getvalue()
    assert "line 3: invalid e-mail" in err.getvalue()
    assert not User.objects.filter(email="baru@kotabogor.go.id").exists()


def editor_of(code, role="editor"):
    return User.objects.filter(unit_memberships__unit__code=code, unit_memberships__role=role).first()


def test_each_unit_edits_only_its_own_part():
    sempur_editor = editor_of("kel-sempur")
    sempur = UnitPage.objects.get(unit__code="kel-sempur")
    other = UnitPage.objects.get(unit__code="kel-batu-tulis")
    mine, theirs = sempur.permissions_for_user(sempur_editor), other.permissions_for_user(sempur_editor)
    assert mine.can_edit() and mine.can_add_subpage()
    assert not mine.can_publish()  # a jubir submits for review
    assert not theirs.can_edit()
    home = Page.objects.get(depth=2)
    assert not home.permissions_for_user(sempur_editor).can_edit()
    # Any unit may propose news for the city home page, not publish it.
    news = NewsIndexPage.objects.child_of(home).get().permissions_for_user(sempur_editor)
    assert news.can_add_subpage() and not news.can_publish_subpage()


def test_reviewers_publish_their_section_and_diskominfo_everywhere():
    reviewer = editor_of("dpupr", "reviewer")
    section = UnitPage.objects.get(unit__code="dpupr")
    assert section.permissions_for_user(reviewer).can_publish()
    assert not UnitPage.objects.get(unit__code="dlh").permissions_for_user(reviewer).can_edit()
    diskominfo = User.objects.filter(groups__name="Diskominfo publishers").first()
    assert Page.objects.get(depth=2).permissions_for_user(diskominfo).can_publish()
    assert section.permissions_for_user(diskominfo).can_publish()


def test_submissions_go_to_the_units_reviewers_or_diskominfo():
    section = UnitPage.objects.get(unit__code="kel-sempur")
    # One review step for the whole site; it asks the page's owning unit who approves.
    task = section.get_workflow().tasks.specific().get()
    groups = [g.name for g in task.approver_groups(section)]
    assert groups == ["Sempur reviewers", "Bogor Tengah reviewers", "Diskominfo publishers"]
    about = Page.objects.get(slug_ind="tentang-bogor")
    task = about.get_workflow().tasks.specific().get()
    assert [g.name for g in task.approver_groups(about)] == ["Diskominfo publishers"]


def test_section_urls_in_both_languages(client):
    client.defaults["HTTP_HOST"] = "localhost"
    assert client.get("/id/wilayah/kecamatan-bogor-tengah/sempur/").status_code in (200, 404)
    page = UnitPage.objects.get(unit__code="kel-sempur")
    from django.utils import translation

    for lang in ("id", "en"):
        with translation.override(lang):
            url = page.get_url()
        assert url.startswith(f"/{lang}/")
        assert client.get(url).status_code == 200


def test_reviewers_are_reminded_of_stale_pages():
    from datetime import timedelta

    from django.utils import timezone

    section = UnitPage.objects.get(unit__code="dpupr")
    Page.objects.filter(pk=section.pk).update(last_published_at=timezone.now() - timedelta(days=400))
    out = io.StringIO()
    call_command("remind_stale_pages", stdout=out)
    reviewer = editor_of("dpupr", "reviewer")
    to_reviewer = [m for m in mail.outbox if m.to == [reviewer.email]]
    assert len(to_reviewer) == 1 and section.title_ind in to_reviewer[0].body  # reviewers read Indonesian
    assert f"/admin/pages/{section.pk}/edit/" in to_reviewer[0].body


def test_complaint_steps_are_in_the_audit_log():
    from complaints import workflow
    from complaints.models import Category, Complaint, ComplaintLogEntry

    complaint = Complaint.objects.create(category=Category.objects.get(code="sampah"), description="Sampah menumpuk.",
                                         status=Complaint.Status.RECEIVED)
    desk = User.objects.get(username="desk")
    workflow.apply(complaint, "verify", desk)
    entry = ComplaintLogEntry.objects.get(complaint=complaint, action="complaints.verify")
    assert entry.user == desk and "Sampah" not in str(entry.data)


def test_diskominfo_reads_the_audit_log(verified_login):
    from complaints import workflow
    from complaints.models import Category, Complaint

    complaint = Complaint.objects.create(category=Category.objects.get(code="pkl"), description="PKL di trotoar.",
                                         status=Complaint.Status.RECEIVED)
    workflow.apply(complaint, "verify", User.objects.get(username="desk"))
    publisher = User.objects.filter(groups__name="Diskominfo publishers").first()
    client = verified_login(publisher)
    html = client.get("/admin/reports/site-history/").content.decode()
    assert complaint.tracking_code in html
    editor = User.objects.filter(unit_memberships__role="editor", unit_memberships__unit__kind="kelurahan").first()
    client.force_login(editor)
    assert complaint.tracking_code not in client.get("/admin/reports/site-history/").content.decode()


def test_unit_news_stays_in_the_unit_until_diskominfo_publishes_city_news(client):
    from home.models import NewsPage

    client.defaults["HTTP_HOST"] = "localhost"
    section = UnitPage.objects.get(unit__code="dlh")
    unit_news = NewsIndexPage(title_ind="Berita DLH", slug_ind="berita-dlh", slug_en="dlh-news", title_en="DLH news")
    section.add_child(instance=unit_news)
    unit_news.save_revision().publish()
    item = NewsPage(title_ind="Bank sampah baru di Sempur", slug_ind="bank-sampah-sempur", slug_en="waste-bank-sempur",
                    title_en="New waste bank in Sempur", intro_ind="Bank sampah dibuka.")
    unit_news.add_child(instance=item)
    item.save_revision().publish()
    assert "Bank sampah baru di Sempur" not in client.get("/id/").content.decode()
    assert client.get(item.localized_url("id")).status_code == 200


def test_a_liaison_who_moves_loses_the_old_unit():
    first = io.StringIO("email,full_name,unit_code,roles\npindah@kotabogor.go.id,Dedi Pindah,dpupr,liaison;editor\n")
    import_roster(first)
    user = User.objects.get(email="pindah@kotabogor.go.id")
    assert set(user.unit_memberships.values_list("unit__code", flat=True)) == {"dpupr"}
    moved = io.StringIO("email,full_name,unit_code,roles\npindah@kotabogor.go.id,Dedi Pindah,dishub,liaison\n")
    report = import_roster(moved)
    assert report.updated
    assert set(user.unit_memberships.values_list("unit__code", "role")) == {("dishub", "liaison")}
    assert not user.groups.filter(name="Dinas PUPR editors").exists()
    from complaints import access

    assert access.unit_ids(User.objects.get(pk=user.pk)) == {OrganisationUnit.objects.get(code="dishub").pk}


def test_an_address_shared_by_two_accounts_is_refused():
    User.objects.create_user("kembar1", email="kembar@kotabogor.go.id")
    User.objects.create_user("kembar2", email="KEMBAR@kotabogor.go.id")
    report = import_roster(io.StringIO("email,full_name,unit_code,roles\nkembar@kotabogor.go.id,K,dlh,reviewer\n"))
    assert report.errors and "more than one account" in report.errors[0][1]
    assert not User.objects.filter(groups__name="DLH reviewers", username__startswith="kembar").exists()


def test_every_kecamatan_and_kelurahan_gets_a_profile_page():
    out = io.StringIO()
    call_command("create_unit_sections", "kecamatan", "kelurahan", stdout=out)
    assert "74 unit(s)" in out.getvalue()
    assert UnitPage.objects.filter(unit__kind="kelurahan").count() == 68
    assert UnitPage.objects.filter(unit__kind="kecamatan").count() == 6
    for page in UnitPage.objects.filter(unit__kind="kelurahan").select_related("unit"):
        assert page.get_parent().specific.unit_id == page.unit.parent_id  # under its kecamatan
