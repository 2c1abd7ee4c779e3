"""Less friction in the page editor: unit chooser, opening-hour ranges, validation at save, slugs
left behind by autosave, help texts."""

import datetime
import json
import re

import pytest
from django.apps import apps
from django.db import models
from django.test import RequestFactory
from django.utils import translation
from modelcluster.fields import ParentalKey
from wagtail.models import Page
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from cms.models import OrganisationUnit, UnitMembership
from home.models import NewsIndexPage, NewsPage, StandardPage
from tourism import hours, jsonld
from tourism.models import AttractionPage, OpeningException, OpeningHours

# Still on the demo site (not yet built with tests/factories.py).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_site")]

CHOOSER = "/admin/snippets/choose/cms/organisationunit/"
WIB = hours.WIB


@pytest.fixture
def admin_user(django_user_model):
    return django_user_model.objects.get(username="admin")


@pytest.fixture
def admin_client(verified_login, admin_user):
    return verified_login(admin_user)


# -- 1. the unit chooser ---------------------------------------------------------------------------

def _chosen_names(client, **params):
    """The units listed in the chooser's results (each a link that chooses it)."""

    response = client.get(CHOOSER + "results/", params)
    assert response.status_code == 200
    html = response.content.decode()
    labels = [label.strip() for label in re.findall(r"data-chooser-modal-choice[^>]*>([^<]+)<", html)]
    units = OrganisationUnit.objects.select_related("parent")
    if params.get("kind"):
        units = units.filter(kind=params["kind"])
    return [u for u in units if str(u) in labels], html


def test_chooser_searches_code_names_in_both_languages_kind_and_kecamatan(admin_client):
    with translation.override("en"):
        found, _html = _chosen_names(admin_client, q="dinkes")
        assert [u.code for u in found] == ["dinkes"]
        found, _html = _chosen_names(admin_client, q="Health Agency")  # English name
        assert "dinkes" in [u.code for u in found]
        found, _html = _chosen_names(admin_client, q="kesehatan")  # Indonesian name
        assert "dinkes" in [u.code for u in found]
        # A kelurahan is found by its kecamatan's name; the kecamatan itself too.
        tanah_sareal = OrganisationUnit.objects.get(kind="kecamatan", name_ind__icontains="Tanah Sareal")
        found, _html = _chosen_names(admin_client, q="tanah sareal", kind="kelurahan")
        assert found and all(u.parent_id == tanah_sareal.pk for u in found)
        assert len(found) == OrganisationUnit.objects.filter(parent=tanah_sareal, kind="kelurahan").count()
        # The kind, by its label.
        found, _html = _chosen_names(admin_client, q="puskesmas")
        puskesmas = set(OrganisationUnit.objects.filter(kind="puskesmas").values_list("code", flat=True))
        assert puskesmas and puskesmas <= {u.code for u in found}


def test_chooser_filters_by_kind_and_lists_the_editors_unit_first(admin_client, admin_user):
    bpbd = OrganisationUnit.objects.get(code="bpbd")
    UnitMembership.objects.get_or_create(user=admin_user, unit=bpbd, role="editor")
    with translation.override("en"):
        response = admin_client.get(CHOOSER)
        assert response.status_code == 200
        html = json.loads(response.content)["html"]
        # A search box and a kind filter in the modal.
        assert 'name="q"' in html and 'name="kind"' in html and "data-chooser-modal-search-filter" in html
        first = re.search(r"data-chooser-modal-choice[^>]*>([^<]+)<", html).group(1).strip()
        assert first == str(bpbd)
        found, _html = _chosen_names(admin_client, kind="kecamatan")
        assert len(found) == 6 and {u.kind for u in found} == {"kecamatan"}


def test_unit_fields_use_the_searchable_chooser(admin_client):
    index = NewsIndexPage.objects.first()
    html = admin_client.get(f"/admin/pages/add/home/newspage/{index.pk}/").content.decode()
    assert CHOOSER in html  # the unit field opens our chooser


def test_new_page_proposes_the_editors_unit(admin_client, admin_user):
    bpbd = OrganisationUnit.objects.get(code="bpbd")
    index = NewsIndexPage.objects.first()
    url = f"/admin/pages/add/home/newspage/{index.pk}/"
    form = admin_client.get(url).context["form"]
    assert form.initial.get("unit") is None  # no unit of one's own: nothing proposed
    UnitMembership.objects.create(user=admin_user, unit=bpbd, role="editor")
    form = admin_client.get(url).context["form"]
    assert form.initial["unit"] == bpbd.pk
    assert f'value="{bpbd.pk}"' in admin_client.get(url).content.decode()
    # An existing page keeps what it has (or has not).
    news = NewsPage.objects.filter(unit__isnull=True).first() or NewsPage.objects.first()
    edit_form = admin_client.get(f"/admin/pages/{news.pk}/edit/").context["form"]
    assert edit_form.initial.get("unit") == news.unit_id


# -- 2. opening hours as day ranges ------------------------------------------------------------------

def _row(first, opens, closes, last=None):
    return OpeningHours(weekday=first, last_weekday=last, opens=datetime.time(*opens), closes=datetime.time(*closes))


def _same_result(ranged, separate, page=None):
    # The week table, "open now" over two weeks every 30 minutes, and the JSON-LD all agree.
    assert hours.week(ranged) == hours.week(separate)
    moment = datetime.datetime(2026, 6, 1, 0, 0, tzinfo=WIB)  # a Monday
    for step in range(14 * 48):
        at = moment + datetime.timedelta(minutes=30 * step)
        assert hours.status(at, ranged, []) == hours.status(at, separate, []), at
    if page is not None:
        request = RequestFactory().get("/", HTTP_HOST="localhost")

        def spec(rows):
            page.hours.set(rows)
            return jsonld.attraction(page, request)["openingHoursSpecification"]

        assert spec(ranged) == spec(separate)


def test_a_range_of_days_means_one_row_per_day():
    page = AttractionPage.objects.first()
    ranged = [_row(1, (8, 0), (16, 0), last=6)]  # Tuesday to Sunday
    separate = [_row(day, (8, 0), (16, 0)) for day in range(1, 7)]
    _same_result(ranged, separate, page)
    monday = datetime.datetime(2026, 6, 1, 10, 0, tzinfo=WIB)
    assert not hours.status(monday, ranged, []).is_open
    assert hours.status(monday + datetime.timedelta(days=1), ranged, []).is_open


def test_a_range_may_wrap_past_sunday_and_mix_with_single_days():
    page = AttractionPage.objects.first()
    ranged = [_row(4, (18, 0), (2, 0), last=0), _row(2, (9, 0), (12, 0))]  # Fri–Mon evenings past midnight, Wed morning
    separate = [_row(d, (18, 0), (2, 0)) for d in (4, 5, 6, 0)] + [_row(2, (9, 0), (12, 0))]
    _same_result(ranged, separate, page)
    assert hours.days_of(4, 0) == [4, 5, 6, 0] and hours.days_of(3) == [3] and hours.days_of(3, 3) == [3]
    # Monday 01:00 is still Sunday's night; Tuesday 01:00 is Monday's night (Monday is in the range).
    assert hours.status(datetime.datetime(2026, 6, 2, 1, 0, tzinfo=WIB), ranged, []).is_open
    assert not hours.status(datetime.datetime(2026, 6, 3, 1, 0, tzinfo=WIB), ranged, []).is_open


def test_existing_single_day_rows_keep_their_meaning():
    # Rows saved before ranges existed have no last day: one day each.
    page = AttractionPage.objects.filter(hours__isnull=False).distinct().first()
    assert all(row.last_weekday is None and row.days == [row.weekday] for row in page.hours.all())


def test_inline_rows_refuse_inconsistent_hours():
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as error:
        _row(0, (8, 0), (8, 0)).clean()
    assert "closes" in error.value.message_dict
    exception = OpeningException(label="Renovasi", start=datetime.date(2026, 6, 5), end=datetime.date(2026, 6, 1))
    with pytest.raises(ValidationError) as error:
        exception.clean()
    assert "end" in error.value.message_dict
    exception = OpeningException(label="Ramadan", start=datetime.date(2026, 6, 1), end=datetime.date(2026, 6, 5),
                                 closed=False)
    with pytest.raises(ValidationError) as error:
        exception.clean()
    assert "opens" in error.value.message_dict


# -- 4. what fails at submit fails at save, with the same message ------------------------------------

def _standard_page_data(title, slug, body=()):
    return nested_form_data({
        "title_ind": title, "slug_ind": slug, "title_en": "", "slug_en": "", "intro_ind": "", "intro_en": "",
        "body_ind": streamfield(list(body)), "body_en": streamfield([]), "comments": inline_formset([]),
    })


def _body_errors(response):
    assert response.status_code == 200, "the page was saved"
    form = response.context["form"]
    return [str(e) for e in form.errors.get("body_ind", [])], form


@pytest.mark.parametrize("paragraph", [
    "null",  # a paragraph block added and never typed in
    rich_text(""),  # text typed and deleted: "<p></p>"
])
def test_an_empty_paragraph_is_refused_at_save_as_at_publish(admin_client, paragraph):
    parent = StandardPage.objects.get(slug_ind="tentang-bogor").get_parent()
    url = f"/admin/pages/add/home/standardpage/{parent.pk}/"
    body = [("paragraph", paragraph)]
    with translation.override("en"):
        saved = admin_client.post(url, _standard_page_data("Kosong", "kosong", body))
        published = admin_client.post(url, {**_standard_page_data("Kosong", "kosong", body), "action-publish": "1"})
    save_errors, save_form = _body_errors(saved)
    publish_errors, publish_form = _body_errors(published)
    assert save_errors and save_errors == publish_errors
    block_errors = save_form.errors["body_ind"].as_data()[0].block_errors
    assert [e.code for e in block_errors[0].error_list] == ["required"]
    assert not StandardPage.objects.filter(slug_ind="kosong").exists()


def test_complete_blocks_still_save_and_an_empty_body_is_fine(admin_client):
    parent = StandardPage.objects.get(slug_ind="tentang-bogor").get_parent()
    url = f"/admin/pages/add/home/standardpage/{parent.pk}/"
    response = admin_client.post(url, _standard_page_data("Berisi", "berisi", [("paragraph", rich_text("Halo"))]))
    assert response.status_code == 302
    assert admin_client.post(url, _standard_page_data("Kosong", "kosong-sama-sekali")).status_code == 302
    # A heading without text: refused at save too.
    response = admin_client.post(url, _standard_page_data("Judul", "judul", [("heading", {"text": "", "level": "h2"})]))
    assert response.status_code == 200 and "body_ind" in response.context["form"].errors


# -- 5. autosave does not leave a slug behind that blocks a new page --------------------------------

def test_an_abandoned_autosaved_draft_does_not_block_a_new_page(admin_client):
    parent = StandardPage.objects.get(slug_ind="tentang-bogor").get_parent()
    url = f"/admin/pages/add/home/standardpage/{parent.pk}/"
    # Wagtail 8's autosave posts the create form in the background (a JSON request): it creates the
    # page, with the slug the title gave it, before the editor has pressed anything.
    autosaved = admin_client.post(url, _standard_page_data("Festival Budaya", "festival-budaya"),
                                  HTTP_ACCEPT="application/json")
    assert autosaved.status_code == 200 and json.loads(autosaved.content)["success"]
    abandoned = StandardPage.objects.get(pk=json.loads(autosaved.content)["pk"])
    assert abandoned.slug_ind == "festival-budaya" and not abandoned.live

    # Later, a fresh start with the same title: the page is created, at the next free address, and
    # the editor is told which draft holds the address.
    with translation.override("en"):
        response = admin_client.post(url, _standard_page_data("Festival Budaya", "festival-budaya"), follow=True)
    new = StandardPage.objects.exclude(pk=abandoned.pk).get(title_ind="Festival Budaya")
    assert new.slug_ind == "festival-budaya-2"
    messages = [str(m) for m in response.context["messages"]]
    assert any("festival-budaya-2" in m and str(abandoned.pk) in m for m in messages), messages

    # An autosave of a second fresh start: the open editor is told the slug it got.
    again = admin_client.post(url, _standard_page_data("Festival Budaya", "festival-budaya"),
                              HTTP_ACCEPT="application/json")
    assert json.loads(again.content)["field_updates"]["slug_ind"] == "festival-budaya-3"


def test_a_published_page_still_holds_its_slug(admin_client):
    page = StandardPage.objects.get(slug_ind="tentang-bogor")
    url = f"/admin/pages/add/home/standardpage/{page.get_parent().pk}/"
    response = admin_client.post(url, _standard_page_data("Tentang", "tentang-bogor"))
    assert response.status_code == 200 and "slug_ind" in response.context["form"].errors
    # Also a page once published and then unpublished: its address was public.
    page.unpublish()
    response = admin_client.post(url, _standard_page_data("Tentang", "tentang-bogor"))
    assert response.status_code == 200 and "slug_ind" in response.context["form"].errors


def test_english_slugs_are_checked_on_their_own(admin_client):
    parent = StandardPage.objects.get(slug_ind="tentang-bogor").get_parent()
    url = f"/admin/pages/add/home/standardpage/{parent.pk}/"
    admin_client.post(url, {**_standard_page_data("Pasar", "pasar"), "title_en": "Market", "slug_en": "market"},
                      HTTP_ACCEPT="application/json")
    response = admin_client.post(url, {**_standard_page_data("Pasar Baru", "pasar-baru"), "title_en": "Market",
                                       "slug_en": "market"})
    assert response.status_code == 302
    new = StandardPage.objects.get(slug_ind="pasar-baru")
    assert new.slug_en == "market-2"


# -- 6. help texts ---------------------------------------------------------------------------------

def _editor_fields():
    """Every field an editor fills on the page types and inlines of home/ and tourism/, and on units."""
    image_model = apps.get_model("wagtailimages", "Image")
    models_ = [m for app in ("home", "tourism") for m in apps.get_app_config(app).get_models()]
    models_.append(OrganisationUnit)
    for model in models_:
        if model.__name__.endswith("Tag"):
            continue  # the tag through-table; the tags field itself is on the page
        fields = list(model._meta.local_fields) + list(model._meta.local_many_to_many) + \
            [f for f in model._meta.private_fields if f.name == "tags"]
        for field in fields:
            if (not getattr(field, "editable", True) or isinstance(field, (ParentalKey, models.AutoField))
                    or field.name in ("sort_order", "page_ptr", "id") or field.name.endswith(("_ind", "_en"))
                    or getattr(field, "related_model", None) in (image_model, Page) and field.name.endswith("ptr")
                    or getattr(field, "related_model", None) is image_model):
                continue
            yield model, field


def test_every_field_an_editor_fills_has_help_text():
    missing = [f"{model.__name__}.{field.name}" for model, field in _editor_fields() if not field.help_text]
    assert not missing, missing
    assert any(model is OpeningHours and field.name == "last_weekday" for model, field in _editor_fields())


def test_price_help_says_digits_only():
    with translation.override("en"):
        for model, name in ((apps.get_model("tourism", "TicketPrice"), "price"),
                            (apps.get_model("tourism", "EventPage"), "price"),
                            (apps.get_model("home", "ServicePage"), "fee")):
            assert "digits only: 10000" in str(model._meta.get_field(name).help_text)


# -- 3. inputs wide enough -------------------------------------------------------------------------

def test_editor_css_is_served_by_the_site(admin_client):
    index = NewsIndexPage.objects.first()
    html = admin_client.get(f"/admin/pages/add/home/newspage/{index.pk}/").content.decode()
    assert "css/admin-editor.css" in html and "//cdn" not in html.split("admin-editor.css")[0][-200:]
