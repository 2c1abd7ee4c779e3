"""Admin: the "Translate to English" action, the report, the review permission; visitors' notice."""

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone
from wagtail.models import Page

from cms.accounts.permissions import TRANSLATORS_GROUP
from cms.machine_translation.models import PageTranslationState
from home.models import StandardPage, UnitPage

pytestmark = pytest.mark.django_db
State = PageTranslationState.State
ACTION = "/admin/bulk/wagtailcore/page/translate_english/"


@pytest.fixture
def translator(django_user_model):
    user = django_user_model.objects.create_user("penerjemah", "penerjemah@kotabogor.go.id", "x-Very-long-pass-123")
    user.groups.add(Group.objects.get(name=TRANSLATORS_GROUP))
    return user


@pytest.fixture
def editor(django_user_model):
    """An editor of one unit: may edit pages, may not review English."""
    group = Group.objects.filter(name__endswith=" editors").first()
    user = django_user_model.objects.create_user("jubir-x", "jubir-x@kotabogor.go.id", "x-Very-long-pass-123")
    user.groups.add(group)
    return user


@pytest.fixture
def unit_pages():
    """Two pages in one unit's section, in Indonesian only, published with the machine off."""
    section = UnitPage.objects.filter(depth__gte=4).select_related("unit").first()
    made = []
    for n, title in enumerate(["Sampah di kota", "Jalan kota"]):
        page = StandardPage(title_ind=title, slug_ind=f"halaman-uji-{n}", intro_ind="Warga kota")
        section.add_child(instance=page)
        page.save_revision().publish()
        made.append(page)
    return section, made


def test_translate_action_for_a_selection(libre, translator, verified_login, unit_pages,
                                          django_capture_on_commit_callbacks):
    _section, (first, second) = unit_pages
    client = verified_login(translator)
    confirm = client.get(f"{ACTION}?id={first.pk}&id={second.pk}")
    assert confirm.status_code == 200 and b"Sampah di kota" in confirm.content
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"{ACTION}?id={first.pk}&id={second.pk}&next=/admin/english/", {})
    assert response.status_code == 302
    assert StandardPage.objects.get(pk=first.pk).title_en == "RUBBISH IN CITY"
    assert StandardPage.objects.get(pk=second.pk).title_en == "STREET CITY"
    assert set(PageTranslationState.objects.filter(page__in=[first, second]).values_list("state", flat=True)) == \
        {State.MACHINE}


def test_page_header_offers_the_action_and_the_review(translator, verified_login, unit_pages):
    _section, (page, _other) = unit_pages
    html = verified_login(translator).get(f"/admin/pages/{page.pk}/edit/").content.decode()
    assert f"{ACTION}?id={page.pk}" in html and f"/admin/english/{page.pk}/review/" in html


def test_report_lists_pages_by_state_with_counts_and_unit_filter(libre, translator, verified_login, unit_pages,
                                                                 django_capture_on_commit_callbacks):
    section, (first, second) = unit_pages
    client = verified_login(translator)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"{ACTION}?id={first.pk}", {})
    response = client.get(f"/admin/english/?unit={section.unit_id}")
    html = response.content.decode()
    in_section = Page.objects.filter(path__startswith=section.path)
    assert f'<strong data-total>{in_section.count()}</strong>' in html
    assert f'data-page="{first.pk}" data-state="machine"' in html
    assert f'data-page="{second.pk}" data-state="missing"' in html
    missing = PageTranslationState.objects.filter(page__in=in_section, state=State.MISSING).count()
    assert missing >= 1
    assert f'data-state="missing" data-count="{missing}"' in html
    assert 'data-state="machine" data-count="1"' in html
    only_machine = client.get(f"/admin/english/?unit={section.unit_id}&state=machine").content.decode()
    assert f'data-page="{first.pk}"' in only_machine and f'data-page="{second.pk}"' not in only_machine
    # Another unit's filter does not show these pages.
    other = UnitPage.objects.filter(depth=section.depth).exclude(pk=section.pk).first()
    elsewhere = client.get(f"/admin/english/?unit={other.unit_id}").content.decode()
    assert f'data-page="{first.pk}"' not in elsewhere


def test_report_query_count_does_not_grow_with_pages(translator, verified_login, django_assert_max_num_queries,
                                                     many_pages):
    client = verified_login(translator)
    client.get("/admin/english/?state=all")  # warm up sessions, permissions
    with django_assert_max_num_queries(25):
        response = client.get("/admin/english/?state=all")
    assert response.status_code == 200 and response.content.count(b"data-page=") == 50


def test_only_translators_review(editor, translator, verified_login, unit_pages, client):
    _section, (page, _other) = unit_pages
    verified_login(editor)
    assert client.get("/admin/english/").status_code == 403
    assert client.get(f"/admin/english/{page.pk}/review/").status_code == 403
    assert client.post(f"/admin/english/{page.pk}/review/").status_code == 403

    page.title_en, page.intro_en = "Rubbish in the city", "Residents"
    page.save_revision().publish()
    client.logout()
    verified_login(translator)
    assert client.get(f"/admin/english/{page.pk}/review/").status_code == 200
    assert client.post(f"/admin/english/{page.pk}/review/").status_code == 302
    record = PageTranslationState.objects.get(page=page)
    assert record.state == State.REVIEWED and record.reviewed_by == translator
    # The tree's root has no text to review: a 404, not a server error.
    assert client.get("/admin/english/1/review/").status_code == 404
    assert client.post("/admin/english/1/review/").status_code == 404


def test_reviewed_english_is_not_replaced_by_the_machine(libre, translator, verified_login, unit_pages,
                                                          django_capture_on_commit_callbacks):
    _section, (page, _other) = unit_pages
    client = verified_login(translator)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"{ACTION}?id={page.pk}", {})
    client.post(f"/admin/english/{page.pk}/review/")
    page = StandardPage.objects.get(pk=page.pk)
    page.intro_ind = "Sampah dan warga"
    libre.reset()
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
    page = StandardPage.objects.get(pk=page.pk)
    assert page.intro_en == "RESIDENTS CITY"  # the reviewed text stays
    assert PageTranslationState.objects.get(page=page).state == State.OUTDATED
    assert libre.requests == []


def test_visitors_see_a_notice_on_machine_and_outdated_english(libre, client, home,
                                                               django_capture_on_commit_callbacks):
    page = StandardPage(title_ind="Sampah di kota", slug_ind="sampah-di-kota", intro_ind="Warga kota",
                        body_ind=[{"type": "paragraph", "value": "<p>Warga kota</p>"}])
    home.add_child(instance=page)
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
    page = StandardPage.objects.get(pk=page.pk)
    html = client.get(page.localized_url("en")).content.decode()
    assert 'id="machine-translation-notice"' in html and "translated by machine" in html
    assert f'href="{page.localized_url("id")}" hreflang="id"' in html
    assert 'id="translation-notice"' not in html
    # Indonesian visitors see no notice.
    assert "machine-translation-notice" not in client.get(page.localized_url("id")).content.decode()

    # A reviewed English page: no notice.
    reviewed = StandardPage.objects.get(slug_ind="tentang-bogor")
    assert PageTranslationState.objects.get(page=reviewed).state == State.REVIEWED
    assert "machine-translation-notice" not in client.get(reviewed.localized_url("en")).content.decode()

    # The Indonesian of a person's English changes: outdated, with the notice.
    reviewed.intro_ind = reviewed.intro_ind + " Diperbarui."
    reviewed.save_revision().publish()
    html = client.get(reviewed.localized_url("en")).content.decode()
    assert 'data-state="outdated"' in html and "has changed since this English version" in html


def test_translators_keep_the_glossary(translator, editor, verified_login, client, libre):
    verified_login(translator)
    listing = client.get("/admin/snippets/cms/glossaryterm/")
    assert listing.status_code == 200 and "Kebun Raya Bogor" in listing.content.decode()
    response = client.post("/admin/snippets/cms/glossaryterm/add/",
                           {"term": "Tugu Kujang", "translation": "", "note": "Landmark"})
    assert response.status_code == 302
    from cms.machine_translation import service

    assert service.translate(["Dari Tugu Kujang ke kota"]).texts == ["DARI Tugu Kujang KE CITY"]
    client.logout()
    verified_login(editor)
    response = client.get("/admin/snippets/cms/glossaryterm/add/")
    assert response.status_code in (302, 403)


def test_report_of_reviewed_pages_needs_no_query_per_page(translator, verified_login, django_assert_max_num_queries,
                                                          many_pages):
    # The report names who reviewed each page: one query for all of them, not one per row.
    client = verified_login(translator)
    PageTranslationState.objects.update(state=State.MACHINE)  # the reviewed pages people wrote aside
    pages = list(Page.objects.filter(depth__gt=1).order_by("path")[:20])

    def reviewed(count):
        for page in pages[:count]:
            PageTranslationState.objects.update_or_create(
                page_id=page.pk, defaults={"state": State.REVIEWED, "reviewed_by": translator,
                                           "reviewed_at": timezone.now()})
        client.get("/admin/english/?state=reviewed")  # warm up sessions, permissions
        with django_assert_max_num_queries(100) as queries:
            response = client.get("/admin/english/?state=reviewed")
        assert response.content.count(b"data-page=") == count
        assert response.content.count(b" \xc2\xb7 penerjemah</td>") == count  # who reviewed each page
        return len(queries.captured_queries)

    few = reviewed(2)
    assert reviewed(20) == few
