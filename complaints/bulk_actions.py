"""The desk's bulk steps on the inbox: verify, and dispatch to the suggested unit.

Wagtail bulk actions (registered in wagtail_hooks, at /admin/bulk/complaints/complaint/<action>/);
the inbox's own form (admin_views.bulk) runs the same execute_action(). Each report still goes
through workflow.apply(), so its guards decide; what may be chosen comes from access.complaints_for().
"""

from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.utils import get_valid_next_url_from_request
from wagtail.admin.views.bulk_action import BulkAction

from . import access, workflow
from .models import Complaint


def selected(user, ids):
    """The chosen reports this officer may see; others are left out as if they did not exist."""
    ids = [pk for pk in ids if str(pk).isdigit()]
    return list(access.complaints_for(user).filter(pk__in=ids).select_related("suggested_unit"))


class ComplaintBulkAction(BulkAction):
    models = (Complaint,)
    template_name = "complaints/admin/bulk_confirm.html"
    aria_label = gettext_lazy("With the selected reports:")

    def __init__(self, request, model):
        super().__init__(request, model)
        if not get_valid_next_url_from_request(request):
            self.next_url = reverse("complaints_inbox:list")

    def dispatch(self, request, *args, **kwargs):
        if not access.is_desk(request.user):  # the desk's tool, as on the inbox
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_actionable_objects(self):
        # Never "all" (every report of the city at once), never a report outside complaints_for().
        return selected(self.request.user, self.request.GET.getlist("id")), {"items_with_no_access": []}

    def get_execution_context(self):
        return {"user": self.request.user}

    @classmethod
    def execute_action(cls, objects, user=None, **kwargs):
        done, failed = 0, 0
        for complaint in objects:
            try:
                cls.step(complaint, user)
                done += 1
            except workflow.TransitionError:
                failed += 1
        return done, failed

    @classmethod
    def step(cls, complaint, user):
        raise NotImplementedError

    def get_success_message(self, num_parent_objects, num_child_objects):
        return message(num_parent_objects, num_child_objects)

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "action_label": self.display_name}


class VerifyBulkAction(ComplaintBulkAction):
    display_name = gettext_lazy("Verify")
    action_type = "verify"

    @classmethod
    def step(cls, complaint, user):
        workflow.apply(complaint, "verify", user)


class DispatchSuggestedBulkAction(ComplaintBulkAction):
    display_name = gettext_lazy("Dispatch to the suggested unit")
    action_type = "dispatch_suggested"

    @classmethod
    def step(cls, complaint, user):
        workflow.apply(complaint, "dispatch", user, unit=complaint.suggested_unit)


ACTIONS = {action.action_type: action for action in (VerifyBulkAction, DispatchSuggestedBulkAction)}


def message(done, failed):
    return _("%(done)d report(s) updated, %(failed)d skipped.") % {"done": done, "failed": failed}
