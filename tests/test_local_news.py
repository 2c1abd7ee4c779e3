"""A kecamatan's and a kelurahan's own news, and their proposals for the city's front page."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from cms.accounts.permissions import ensure_unit_groups
from cms.models import OrganisationUnit
from home.models import HomePage, NewsIndexPage, NewsPage, UnitPage
from tests.factories import NewsPageFactory, roster_people, site_tree

pytestmark = pytest.mark.django_db
User = get_user_model()


@pytest.fixture(autouse=True)
def site(db):
    """Jubir and reviewers of a kelurahan, two kecamatan, an agency and Diskominfo (from the sample
    roster, with their sections), and one local news item in Sempur."""
    tree = site_tree()
    roster_people("maya.kusuma", "hadi.mulyana", "indah.maulana", "wawan.gunawan", "kurnia.pratama", "iis.sopian")
    sempur = UnitPage.objects.get(unit__code="kel-sempur")
    NewsPageFactory(parent=NewsIndexPage.objects.child_of(sempur).get(), unit=sempur.unit,
                    title_ind="Kerja bakti membersihkan bantaran Ciliwung", title_en="Residents clean up the Ciliwung banks",
                    slug_ind="kerja-bakti-bantaran-ciliwung", slug_en="clean-up-along-the-ciliwung",
                    intro_ind="Warga RW 03 dan RW 05 Sempur membersihkan sampah di bantaran Sungai Ciliwung.",
                    intro_en="Residents of RW 03 and RW 05 in Sempur cleared rubbish along the Ciliwung.")
    return tree


def user(username):
    return User.objects.get(username=username)


def names(groups):
    return [g.name for g in groups]


def _news_form(slug, **overrides):
    from wagtail.test.utils.form_data import nested_form_data, streamfield

    data = {"title_ind": f"Berita {slug}", "title_en": "", "slug_ind": slug, "slug_en": slug, "date": "2030-01-15",
            "intro_ind": "Ringkasan berita.", "intro_en": "", "body_ind": streamfield([]), "body_en": streamfield([]),
            "tags": ""}
    data.update(overrides)
    return nested_form_data(data)


def _approve(client, page, task_state):
    url = reverse("wagtailadmin_pages:workflow_action", args=(page.pk, "approve", task_state.pk))
    return client.post(url, {"comment": ""})


def test_kecamatan_and_kelurahan_sections_have_their_own_news_index_agencies_do_not():
    sempur = UnitPage.objects.get(unit__code="kel-sempur")
    local = NewsIndexPage.objects.child_of(sempur).get()
    assert local.live and local.slug_ind == "berita" and local.slug_en == "news"
    assert NewsIndexPage.objects.child_of(UnitPage.objects.get(unit__code="kec-bogor-tengah")).exists()
    assert not NewsIndexPage.objects.child_of(UnitPage.objects.get(unit__code="dishub")).exists()
    # Granting again does not add a second one.
    ensure_unit_groups(sempur.unit)
    assert NewsIndexPage.objects.child_of(sempur).count() == 1


def test_the_section_shows_its_latest_news_and_the_home_page_only_city_news(client):
    sempur = UnitPage.objects.get(unit__code="kel-sempur")
    item = NewsPage.objects.descendant_of(sempur).live().get()  # the demo's item
    html = client.get(sempur.localized_url("id")).content.decode()
    assert item.title_ind in html
    assert item.title_ind not in client.get("/id/").content.decode()
    html = client.get(item.localized_url("en")).content.decode()
    assert item.title_en in html


def test_a_kelurahan_editor_publishes_local_news_through_the_kecamatan_reviewer(verified_login, client):
    editor = user("maya.kusuma")  # Sempur editor (Sempur has no reviewer of its own)
    local = NewsIndexPage.objects.child_of(UnitPage.objects.get(unit__code="kel-sempur")).get()
    jubir = verified_login(editor)
    response = jubir.post(f"/admin/pages/add/home/newspage/{local.pk}/",
                          _news_form("posyandu-balita", **{"action-submit": "submit"}))
    assert response.status_code == 302, response.content.decode()[:2000]
    item = NewsPage.objects.get(slug_ind="posyandu-balita")
    assert not item.live and item.owner == editor
    task = item.current_workflow_task
    assert names(task.approver_groups(item)) == ["Sempur reviewers", "Bogor Tengah reviewers", "Diskominfo publishers"]
    assert "Diskominfo publishers" not in names(task.notify_groups(item))
    # Another kecamatan's reviewer cannot approve it; Bogor Tengah's can, and that publishes it.
    assert not task.get_actions(item, user("hadi.mulyana"))  # Bogor Selatan reviewer
    reviewer = verified_login(user("indah.maulana"))  # Bogor Tengah reviewer
    assert _approve(reviewer, item, item.current_workflow_task_state).status_code in (200, 302)
    item = NewsPage.objects.get(pk=item.pk)
    assert item.live
    assert item.title_ind in client.get(local.get_parent().specific.localized_url("id")).content.decode()


def test_a_kelurahan_proposal_for_city_news_goes_to_its_kecamatan_then_diskominfo(verified_login):
    editor = user("maya.kusuma")
    home = HomePage.objects.get()
    city = NewsIndexPage.objects.child_of(home).get()
    jubir = verified_login(editor)
    response = jubir.post(f"/admin/pages/add/home/newspage/{city.pk}/",
                          _news_form("pasar-murah-sempur", **{"action-submit": "submit"}))
    assert response.status_code == 302, response.content.decode()[:2000]
    item = NewsPage.objects.get(slug_ind="pasar-murah-sempur")
    first = item.current_workflow_task
    assert names(first.approver_groups(item)) == ["Bogor Tengah reviewers", "Diskominfo publishers"]
    assert names(first.notify_groups(item)) == ["Bogor Tengah reviewers"]
    assert not first.get_actions(item, user("hadi.mulyana"))  # another kecamatan
    kecamatan = verified_login(user("indah.maulana"))
    _approve(kecamatan, item, item.current_workflow_task_state)
    item = NewsPage.objects.get(pk=item.pk)
    assert not item.live  # the kecamatan vouches; Diskominfo decides what the city's front page shows
    second = item.current_workflow_task
    assert second.pk != first.pk
    assert names(second.approver_groups(item)) == ["Diskominfo publishers"]
    assert not second.get_actions(item, user("indah.maulana"))
    diskominfo = verified_login(user("wawan.gunawan"))
    _approve(diskominfo, item, item.current_workflow_task_state)
    item = NewsPage.objects.get(pk=item.pk)
    assert item.live
    assert item.title_ind in diskominfo.get("/id/").content.decode()


def test_an_agencys_proposal_goes_to_its_own_reviewers_and_diskominfos_straight_to_diskominfo():
    city = NewsIndexPage.objects.child_of(HomePage.objects.get()).get()
    dishub = OrganisationUnit.objects.get(code="dishub")
    for username, slug in (("kurnia.pratama", "parkir-baru"), ("iis.sopian", "portal-baru")):
        author = user(username)
        item = NewsPage(title_ind=f"Berita {slug}", slug_ind=slug, slug_en=slug, owner=author, live=False)
        city.add_child(instance=item)
        item.save_revision(user=author)
        item.get_workflow().start(item, author)
        task = NewsPage.objects.get(pk=item.pk).current_workflow_task
        if username == "kurnia.pratama":  # a Dishub editor: Dishub's reviewers first
            assert names(task.approver_groups(item)) == [f"{dishub} reviewers", "Diskominfo publishers"]
            assert task.scope == "proposer"
        else:  # a Diskominfo editor: the first step is skipped
            assert task.scope == "owner" and names(task.approver_groups(item)) == ["Diskominfo publishers"]


def test_a_kelurahan_editor_may_only_propose_city_news_not_publish_it():
    editor = user("maya.kusuma")
    city = NewsIndexPage.objects.child_of(HomePage.objects.get()).get()
    perms = city.permissions_for_user(editor)
    assert perms.can_add_subpage() and not perms.can_publish_subpage() and not perms.can_edit()
