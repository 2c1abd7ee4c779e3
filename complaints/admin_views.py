"""The officers' inbox in the Wagtail admin. Every view starts from access.complaints_for(user)."""

import statistics

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Avg, Count, F, Q
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView
from wagtail.admin.ui.tables import Column, Table
from wagtail.admin.views.generic import IndexView, WagtailAdminTemplateMixin

from cms.models import OrganisationUnit

from . import access, bulk_actions, sla, workflow
from .export import SpreadsheetExport
from .filters import ComplaintFilter
from .models import Complaint, ComplaintPhoto, ResponseTemplate, SurveyResponse
from .photos import photo_response


def _require_inbox(request):
    if not access.can_use_inbox(request.user):
        raise PermissionDenied


class ActionForm(forms.Form):
    action = forms.ChoiceField(choices=[(name, t.label) for name, t in workflow.TRANSITIONS.items()])
    public_message = forms.CharField(label=gettext_lazy("Message to the reporter"), required=False,
                                     widget=forms.Textarea(attrs={"rows": 3}))
    internal_note = forms.CharField(label=gettext_lazy("Internal note"), required=False,
                                    widget=forms.Textarea(attrs={"rows": 2}))
    unit = forms.ModelChoiceField(label=gettext_lazy("Unit"), required=False, queryset=OrganisationUnit.objects.exclude(
        kind__in=["kelurahan", "kecamatan", "external"]))
    external_body = forms.ModelChoiceField(label=gettext_lazy("Responsible body"), required=False,
                                           queryset=OrganisationUnit.objects.filter(kind="external"))
    reason = forms.ChoiceField(label=gettext_lazy("Reason"), required=False,
                               choices=[("", "—"), *workflow.REJECT_REASONS.items()])
    lapor_reference = forms.CharField(label=gettext_lazy("SP4N-LAPOR! reference"), required=False, max_length=60)


class InboxColumn(Column):
    """A column of the inbox; its cell is drawn by inbox_cell.html, by the column's name."""

    cell_template_name = "complaints/admin/inbox_cell.html"


class SelectColumn(InboxColumn):
    header_template_name = "complaints/admin/inbox_select_header.html"


class InboxTable(Table):
    def get_row_classname(self, instance):
        return "late" if instance.late else ""


class InboxView(SpreadsheetExport, IndexView):
    """The officer's list of reports: the filter set, 50 a page by due date, CSV/XLSX of the
    filtered list. Only what access.complaints_for() gives, whatever is asked."""

    model = Complaint
    permission_policy = None  # who may enter is access.can_use_inbox(), checked in dispatch()
    any_permission_required = None
    filterset_class = ComplaintFilter
    is_searchable = False  # "q" is the filter set's own search by code or text
    template_name = "complaints/admin/inbox.html"
    index_url_name = "complaints_inbox:list"
    page_kwarg = "page"
    paginate_by = 50
    page_title = gettext_lazy("Complaints inbox")
    header_icon = "warning"
    table_class = InboxTable

    def dispatch(self, request, *args, **kwargs):
        _require_inbox(request)
        return super().dispatch(request, *args, **kwargs)

    def get_base_queryset(self):
        return (access.complaints_for(self.request.user)
                .select_related("category", "kelurahan", "unit", "suggested_unit", "authority_rule")
                .order_by(F("due_at").asc(nulls_last=True), "created_at"))

    def filter_queryset(self, queryset):
        # A value the form cannot read is left out and the others still apply (django-filter's qs).
        if self.filters is not None:
            self.filters.is_valid()
            queryset = self.filters.filter_queryset(queryset)
        return queryset

    @cached_property
    def is_desk(self):
        return access.is_desk(self.request.user)

    @cached_property
    def columns(self):
        columns = [SelectColumn("select", label=gettext_lazy("Select"))] if self.is_desk else []
        return columns + [
            InboxColumn("code", label=gettext_lazy("Code")),
            InboxColumn("received", label=gettext_lazy("Received")),
            InboxColumn("category", label=gettext_lazy("Category")),
            InboxColumn("kelurahan", label=gettext_lazy("Kelurahan")),
            InboxColumn("status", label=gettext_lazy("Status")),
            InboxColumn("unit", label=gettext_lazy("Unit")),
            InboxColumn("due", label=gettext_lazy("Due")),
        ]

    def get(self, request, *args, **kwargs):
        if self.is_export:  # straight to the file: no page, no table
            return self.as_spreadsheet(self.get_queryset(), request.GET["export"])
        return super().get(request, *args, **kwargs)

    def get_table(self, object_list):
        object_list = list(object_list)
        now = timezone.now()
        for complaint in object_list:
            complaint.late = sla.is_late(complaint, now)
        return super().get_table(object_list)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update({
            "is_desk": self.is_desk, "query": self.request.GET.urlencode(), "total": context["items_count"],
            "bulk_actions": [(name, action.display_name) for name, action in bulk_actions.ACTIONS.items()],
        })
        return context


inbox = InboxView.as_view()


@require_POST
def bulk(request):
    """The inbox's own bulk form (fields `selected` and `bulk_action`); the steps are the bulk actions'."""
    if not access.is_desk(request.user):
        raise PermissionDenied
    objects = bulk_actions.selected(request.user, request.POST.getlist("selected"))
    action = bulk_actions.ACTIONS.get(request.POST.get("bulk_action"))
    done, failed = action.execute_action(objects, user=request.user) if action else (0, len(objects))
    messages.success(request, bulk_actions.message(done, failed))
    return HttpResponseRedirect(reverse("complaints_inbox:list") + "?" + request.POST.get("query", ""))


def detail(request, pk):
    _require_inbox(request)
    complaint = get_object_or_404(
        access.complaints_for(request.user).select_related(
            "category", "kelurahan__parent", "unit", "suggested_unit", "routing_rule", "authority_rule__responsible_body",
            "external_body"), pk=pk)
    transitions = workflow.allowed(complaint, request.user)
    initial = {"unit": complaint.unit or complaint.suggested_unit}
    if complaint.authority_rule:
        initial["external_body"] = complaint.authority_rule.responsible_body
    return TemplateResponse(request, "complaints/admin/detail.html", {
        "complaint": complaint,
        "events": complaint.events.select_related("actor", "unit", "forwarded_comment__client").order_by("created_at", "pk"),
        "photos": complaint.photos.all(),
        "show_reporter": access.show_reporter(request.user, complaint),
        "transitions": transitions,
        "form": ActionForm(initial=initial),
        "templates": ResponseTemplate.objects.filter(Q(category=complaint.category) | Q(category__isnull=True)),
        "late": sla.is_late(complaint),
        "is_desk": access.is_desk(request.user),
    })


@require_POST
def act(request, pk):
    _require_inbox(request)
    complaint = get_object_or_404(access.complaints_for(request.user), pk=pk)
    form = ActionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The action could not be read; please try again."))
        return HttpResponseRedirect(reverse("complaints_inbox:detail", args=[pk]))
    data = form.cleaned_data
    try:
        workflow.apply(complaint, data["action"], request.user, public_message=data["public_message"],
                       internal_note=data["internal_note"], unit=data["unit"], reason=data["reason"],
                       external_body=data["external_body"], lapor_reference=data["lapor_reference"])
    except workflow.TransitionError as error:
        messages.error(request, str(error))
        return HttpResponseRedirect(reverse("complaints_inbox:detail", args=[pk]))
    messages.success(request, _("Report %(code)s updated.") % {"code": complaint.tracking_code})
    if not access.complaints_for(request.user).filter(pk=pk).exists():  # reassigned away from this unit
        return HttpResponseRedirect(reverse("complaints_inbox:list"))
    return HttpResponseRedirect(reverse("complaints_inbox:detail", args=[pk]))


@require_POST
def note(request, pk):
    _require_inbox(request)
    complaint = get_object_or_404(access.complaints_for(request.user), pk=pk)
    try:
        workflow.add_note(complaint, request.user, request.POST.get("internal_note", ""))
        messages.success(request, _("Note added."))
    except workflow.TransitionError as error:
        messages.error(request, str(error))
    return HttpResponseRedirect(reverse("complaints_inbox:detail", args=[pk]))


def photo(request, pk):
    _require_inbox(request)
    item = get_object_or_404(ComplaintPhoto, pk=pk, complaint__in=access.complaints_for(request.user))
    return photo_response(item.file, max_age=600)


def _median_hours(pairs):
    values = [(end - start).total_seconds() / 3600 for start, end in pairs if start and end]
    return round(statistics.median(values), 1) if values else None


class DashboardView(WagtailAdminTemplateMixin, TemplateView):
    """Complaint figures: reports by status, and per unit open, unanswered, late, medians and satisfaction.
    The desk and the monitoring group see the whole city, a unit's officers their unit."""

    template_name = "complaints/admin/dashboard.html"
    page_title = gettext_lazy("Complaint figures")
    header_icon = "table"

    def dispatch(self, request, *args, **kwargs):
        if not access.can_monitor(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        request = self.request
        everything = access.is_desk(request.user) or request.user.groups.filter(name=access.MONITOR_GROUP).exists()
        complaints = Complaint.objects.all() if everything else access.complaints_for(request.user)
        now = timezone.now()
        by_status = {row["status"]: row["n"] for row in complaints.values("status").annotate(n=Count("pk"))}
        status_rows = [(label, by_status.get(value, 0)) for value, label in Complaint.Status.choices]
        top = max([n for _, n in status_rows] + [1])
        units = []
        unit_ids = complaints.exclude(unit=None).values_list("unit", flat=True).distinct()
        for unit in OrganisationUnit.objects.filter(pk__in=unit_ids).order_by("name_ind"):
            mine = complaints.filter(unit=unit)
            units.append({
                "unit": unit,
                "open": mine.open().count(),
                "unanswered": mine.filter(status=Complaint.Status.DISPATCHED, first_response_at__isnull=True).count(),
                "late": mine.late(now).count(),
                "median_response_h": _median_hours(mine.values_list("dispatched_at", "first_response_at")),
                "median_resolution_h": _median_hours(mine.values_list("dispatched_at", "resolved_at")),
                "satisfaction": SurveyResponse.objects.filter(complaint__in=mine).aggregate(v=Avg("rating"))["v"],
            })
        late_max = max([u["late"] for u in units] + [1])
        return {
            **super().get_context_data(**kwargs),
            "status_rows": [(label, n, round(100 * n / top)) for label, n in status_rows],
            "units": units, "late_max": late_max, "total": complaints.count(),
        }


dashboard = DashboardView.as_view()
