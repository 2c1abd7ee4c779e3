import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cms.models import OrganisationUnit

from .models import Category, Complaint, normalise_code


class ComplaintFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Code or text"), method="search")
    status = django_filters.MultipleChoiceFilter(label=_("Status"), choices=Complaint.Status.choices)
    category = django_filters.ModelChoiceFilter(label=_("Category"), queryset=Category.objects.all())
    kecamatan = django_filters.ModelChoiceFilter(label=_("District (kecamatan)"), field_name="kelurahan__parent",
                                                 queryset=OrganisationUnit.objects.filter(kind="kecamatan"))
    kelurahan = django_filters.ModelChoiceFilter(label=_("Sub-district (kelurahan)"),
                                                 queryset=OrganisationUnit.objects.filter(kind="kelurahan"))
    unit = django_filters.ModelChoiceFilter(label=_("Unit"), queryset=OrganisationUnit.objects.exclude(
        kind__in=["kelurahan", "kecamatan", "external"]))
    channel = django_filters.ChoiceFilter(label=_("Channel"), choices=Complaint.Channel.choices)
    late = django_filters.BooleanFilter(label=_("Late"), method="filter_late")
    received_from = django_filters.DateFilter(label=_("Received from"), field_name="created_at", lookup_expr="date__gte")
    received_to = django_filters.DateFilter(label=_("Received until"), field_name="created_at", lookup_expr="date__lte")

    class Meta:
        model = Complaint
        fields = []

    def search(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(Q(tracking_code=normalise_code(value)) | Q(description__icontains=value)
                               | Q(address__icontains=value))

    def filter_late(self, queryset, name, value):
        if value is None:
            return queryset
        late = queryset.late()
        return late if value else queryset.exclude(pk__in=late.values("pk"))
