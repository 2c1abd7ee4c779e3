"""The officers' inbox in the Wagtail admin. Every view starts from access.complaints_for(user)."""

import statistics

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Avg, Count, F, Q
from django.http import FileResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from cms.models import OrganisationUnit

from . import access, export, sla, workflow
from .filters import ComplaintFilter
from .models import Complaint, ComplaintPhoto, ResponseTemplate, SurveyResponse


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


def inbox(request):
    _require_inbox(request)
    queryset = (access.complaints_for(request.user)
                .select_related("category", "kelurahan", "unit", "suggested_unit", "authority_rule")
                .order_by(F("due_at").asc(nulls_last=True), "created_at"))
    filters = ComplaintFilter(request.GET or None, queryset=queryset)
    results = filters.qs
    if request.GET.get("export") in ("csv", "xlsx"):
        return export.response(results, request.GET["export"], request.user)
    page = Paginator(results, 50).get_page(request.GET.get("page"))
    now = timezone.now()
    for complaint in page.object_list:
        complaint.late = sla.is_late(complaint, now)
    return TemplateResponse(request, "complaints/admin/inbox.html", {
        "page_obj": page, "filters": filters, "is_desk": access.is_desk(request.user),
        "query": request.GET.urlencode(), "total": results.count(),
    })


@require_POST
def bulk(request):
    if not access.is_desk(request.user):
        raise PermissionDenied
    ids = request.POST.getlist("selected")
    action = request.POST.get("bulk_action")
    done, failed = 0, 0
    for complaint in access.complaints_for(request.user).filter(pk__in=ids).select_related("suggested_unit"):
        try:
            if action == "verify":
                workflow.apply(complaint, "verify", request.user)
            elif action == "dispatch_suggested":
                workflow.apply(complaint, "dispatch", request.user, unit=complaint.suggested_unit)
            else:
                raise workflow.TransitionError(_("Unknown action."))
            done += 1
        except workflow.TransitionError:
            failed += 1
    messages.success(request, _("%(done)d report(s) updated, %(failed)d skipped.") % {"done": done, "failed": failed})
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
        "events": complaint.events.select_related("actor", "unit").order_by("created_at", "pk"),
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
    response = FileResponse(item.file.open("rb"), content_type="image/jpeg")
    response["Cache-Control"] = "private, max-age=600"
    return response


def _median_hours(pairs):
    values = [(end - start).total_seconds() / 3600 for start, end in pairs if start and end]
    return round(statistics.median(values), 1) if values else None


def dashboard(request):
    if not access.can_monitor(request.user):
        raise PermissionDenied
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
    return TemplateResponse(request, "complaints/admin/dashboard.html", {
        "status_rows": [(label, n, round(100 * n / top)) for label, n in status_rows],
        "units": units, "late_max": late_max, "total": complaints.count(),
    })
