"""The complaint desk's own views: reports from other channels, merging, priority issues.

Desk only. A report typed in here goes through the intake pipeline (intake.from_desk) and
services.submit(), like a web report, so routing, deadlines, notifications and privacy are the same.
"""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from . import access, intake
from .forms import ComplaintForm
from .models import Complaint, normalise_code
from .similar.merge import MergeError
from .similar.merge import merge as merge_reports
from .similar.priority import priority_issues

# Web and Open311 reports arrive by themselves; these the desk types in.
DESK_CHANNELS = [(value, label) for value, label in Complaint.Channel.choices
                 if value not in (Complaint.Channel.WEB, Complaint.Channel.OPEN311)]


def _require_desk(request):
    if not access.is_desk(request.user):
        raise PermissionDenied


class DeskComplaintForm(ComplaintForm):
    """The web form's fields and checks, plus where the report came from; contact details optional."""

    channel = forms.ChoiceField(label=gettext_lazy("Received through"), choices=DESK_CHANNELS,
                                error_messages={"required": gettext_lazy("Choose the channel the report came through.")})
    channel_reference = forms.CharField(
        label=gettext_lazy("Original link or reference"), max_length=500, required=False,
        help_text=gettext_lazy("The link to the post or message, the SP4N-LAPOR! number, or the time of the call."))
    contact_handle = forms.CharField(label=gettext_lazy("Social-media account or other contact"), max_length=120,
                                     required=False,
                                     help_text=gettext_lazy("For example @warga_bogor. Never shown publicly."))
    language = forms.ChoiceField(label=gettext_lazy("Language of the reporter"), choices=settings.LANGUAGES,
                                 initial="id")

    field_order = ["channel", "channel_reference", "category", "description", "kelurahan", "address", "latitude",
                   "longitude", "photos", "name", "contact_handle", "email", "phone", "language", "anonymous",
                   "confidential"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The citizen gave their consent on the original channel, and no bot fills in the desk's form.
        del self.fields["consent"], self.fields["website"]
        self.fields["category"].widget = forms.Select(choices=self.fields["category"].choices)
        self.fields["category"].empty_label = "—"
        self.fields["name"].label = gettext_lazy("Reporter's name")

    def clean(self):
        # Often a handle is all the desk has: contact details are optional here (the web form asks
        # for one unless the report is anonymous). The other checks are the web form's own.
        anonymous = self.cleaned_data.get("anonymous")
        self.cleaned_data["anonymous"] = True
        data = super().clean()
        data["anonymous"] = anonymous
        return data


@sensitive_post_parameters("name", "email", "phone", "contact_handle", "description", "address", "latitude",
                           "longitude", "channel_reference")
def new_complaint(request):
    _require_desk(request)
    if request.method != "POST":
        return _new_page(request, DeskComplaintForm(initial={"language": "id"}))
    result = intake.from_desk(DeskComplaintForm(request.POST, request.FILES), user=request.user)
    if not result.saved:
        return _new_page(request, result.form, kept=result.kept, status=result.status)
    messages.success(request, _("Report %(code)s saved. Give the reporter this code so that they can follow it.")
                     % {"code": result.complaint.tracking_code})
    return HttpResponseRedirect(reverse("complaints_inbox:detail", args=[result.complaint.pk]))


def _new_page(request, form, kept=(), status=200):
    response = TemplateResponse(request, "complaints/admin/new.html", {"form": form, "kept": kept})
    response.status_code = status
    return response


@require_POST
def merge(request, pk):
    _require_desk(request)
    duplicate = get_object_or_404(Complaint, pk=pk)
    code = normalise_code(request.POST.get("master", ""))
    master = Complaint.objects.filter(tracking_code=code).first()
    try:
        if master is None:
            raise MergeError(_("No report has the code %(code)s.") % {"code": code or "—"})
        merge_reports(duplicate, master, request.user, request.POST.get("reason", ""))
    except MergeError as error:
        messages.error(request, str(error))
        return HttpResponseRedirect(reverse("complaints_inbox:detail", args=[pk]))
    messages.success(request, _("Report %(dup)s merged into %(master)s; its reporter now follows %(master)s.")
                     % {"dup": duplicate.tracking_code, "master": master.tracking_code})
    return HttpResponseRedirect(reverse("complaints_inbox:detail", args=[master.pk]))


def priority(request):
    _require_desk(request)
    return TemplateResponse(request, "complaints/admin/priority.html", {
        "groups": priority_issues(), "days": settings.COMPLAINT_PRIORITY_DAYS,
        "minimum": settings.COMPLAINT_PRIORITY_MIN_REPORTS,
    })
