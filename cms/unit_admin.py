"""Organisational units in the admin: a listing and a chooser an editor can search and filter.

Searches run on the database (`icontains` over a handful of columns) rather than on Wagtail's
search index: the units come from data migrations and the roster import, which bypass the
signals that keep an index fresh, and 105 rows need no index.
"""

from django import forms
from django.db.models import Case, IntegerField, Q, Value, When
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.choosers import BaseFilterForm
from wagtail.admin.ui.tables import Column
from wagtail.snippets.views.chooser import ChooseResultsView, ChooseView, SnippetChooserViewSet
from wagtail.snippets.views.snippets import IndexView, SnippetViewSet

from .models import OrganisationUnit
from .page_forms import user_unit_ids

SEARCHED_COLUMNS = ("code", "name_ind", "name_en", "short_name_ind", "short_name_en", "region_code",
                    # A kelurahan is found by its kecamatan's name too.
                    "parent__name_ind", "parent__name_en", "parent__short_name_ind", "parent__short_name_en")


def search_units(queryset, query):
    """Units whose code, name (either language), region code, kind or kecamatan contains every word."""
    for word in query.split():
        condition = Q()
        for column in SEARCHED_COLUMNS:
            condition |= Q(**{f"{column}__icontains": word})
        # The kind is matched on its label in the admin's language and in English ("kelurahan",
        # "puskesmas", "agency", "dinas" is in the names anyway).
        kinds = [value for value, label in OrganisationUnit.Kind.choices
                 if word.lower() in str(label).lower() or word.lower() in value]
        if kinds:
            condition |= Q(kind__in=kinds)
        queryset = queryset.filter(condition)
    return queryset


def own_units_first(queryset, user):
    ids = user_unit_ids(user)
    if not ids:
        return queryset
    return queryset.annotate(
        own_unit=Case(When(pk__in=ids, then=Value(0)), default=Value(1), output_field=IntegerField())
    ).order_by("own_unit", *OrganisationUnit._meta.ordering)


class UnitFilterForm(BaseFilterForm):
    q = forms.CharField(
        label=_("Search term"), required=False,
        help_text=_("Code, name, kind or kecamatan, e.g. \"dinkes\", \"Tanah Sareal\" or \"puskesmas\"."),
        widget=forms.TextInput(attrs={"placeholder": _("Search units")}),
    )
    kind = forms.ChoiceField(
        label=_("Kind"), required=False,
        choices=[("", _("All kinds"))] + list(OrganisationUnit.Kind.choices),
        widget=forms.Select(attrs={"data-chooser-modal-search-filter": True}),
    )

    def filter(self, objects):
        objects = super().filter(objects)
        kind = self.cleaned_data.get("kind")
        if kind:
            objects = objects.filter(kind=kind)
        query = (self.cleaned_data.get("q") or "").strip()
        if query:
            objects = search_units(objects, query)
            self.is_searching = True
            self.search_query = query
        return objects


class KindColumn(Column):
    def get_value(self, instance):
        return instance.get_kind_display()


class ParentColumn(Column):
    def get_value(self, instance):
        return str(instance.parent) if instance.parent_id else ""


class OwnUnitColumn(Column):
    def get_value(self, instance):
        return gettext("Your unit") if getattr(instance, "own_unit", 1) == 0 else ""


class UnitChooseMixin:
    filter_form_class = UnitFilterForm

    def get_object_list(self):
        return OrganisationUnit.objects.select_related("parent")

    def apply_object_list_ordering(self, objects):
        # The editor's own units come first, so the usual choice is one click away.
        return own_units_first(objects, self.request.user)

    @property
    def columns(self):
        return super().columns + [
            KindColumn("kind", label=_("Kind")),
            ParentColumn("parent", label=_("Parent unit")),
            OwnUnitColumn("own_unit", label=""),
        ]


class UnitChooseView(UnitChooseMixin, ChooseView):
    pass


class UnitChooseResultsView(UnitChooseMixin, ChooseResultsView):
    pass


class UnitChooserViewSet(SnippetChooserViewSet):
    choose_view_class = UnitChooseView
    choose_results_view_class = UnitChooseResultsView


class UnitIndexView(IndexView):
    def search_queryset(self, queryset):
        if not self.is_searching:
            return queryset
        return search_units(queryset, self.search_query)


class OrganisationUnitViewSet(SnippetViewSet):
    model = OrganisationUnit
    icon = "group"
    index_view_class = UnitIndexView
    chooser_viewset_class = UnitChooserViewSet
    chooser_per_page = 25
    list_per_page = 50
    # Declared so the listing offers a search box; the search itself is `search_units`.
    search_fields = ["code", "name_ind", "name_en"]
    list_filter = ["kind"]
    list_display = ["__str__", "code", "kind", "parent"]
