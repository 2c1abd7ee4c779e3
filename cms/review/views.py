"""The page editor and the workflow action view with the review loop's messages and notice.

Registered as the viewset for every page type (wagtail_hooks.py), so the admin's own URLs route
here: no URL or Wagtail code is replaced.
"""

from django.utils.translation import gettext as _
from wagtail.admin import messages
from wagtail.admin.views.pages.edit import EditView
from wagtail.admin.views.pages.workflow import WorkflowActionView
from wagtail.admin.viewsets.pages import PageViewSet
from wagtail.models import WorkflowState

from . import loop


class ReviewEditView(EditView):
    def get_template_names(self):
        names = super().get_template_names()
        if names == ["wagtailadmin/pages/edit.html"]:
            return ["cms/review/edit.html"]
        return names

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["returned"] = loop.returned_task_state(self.workflow_state)
        return context

    def perform_workflow_action(self):
        self.review_task_state_id = self.page.current_workflow_task_state.pk
        return super().perform_workflow_action()

    def add_save_confirmation_message(self):
        # Called by perform_workflow_action once the reviewer's action is done.
        message = None
        if getattr(self, "review_task_state_id", None):
            message = loop.outcome_message(self.page, self.review_task_state_id)
        if message is None:
            return super().add_save_confirmation_message()
        messages.success(self.request, message, buttons=[self.get_edit_message_button()])

    def send_commenting_notifications(self, changes):
        # A reviewer's decision or a submission is announced by the review e-mail; Wagtail's
        # comment e-mail would tell the same people about the same moment a second time.
        if self.action_name in ("submit", "perform_workflow_action"):
            return None
        return super().send_commenting_notifications(changes)

    def submit_action(self):
        # Wagtail's EditView.submit_action (8.0), with the message saying to whom the page went;
        # tests/test_review_loop.py checks that the upstream method is still the one copied here.
        self.page = self.form.save(commit=not self.page.live)
        self.subscription.save()
        revision = self.page.save_revision(
            user=self.request.user, log_action=True, previous_revision=self.previous_revision)
        if self.has_content_changes and "comments" in self.form.formsets:
            changes = self.get_commenting_changes()
            self.log_commenting_changes(changes, revision)
            self.send_commenting_notifications(changes)
        if self.workflow_state and self.workflow_state.status == WorkflowState.STATUS_NEEDS_CHANGES:
            self.workflow_state.resume(self.request.user)
        else:
            self.page.get_workflow().start(self.page, self.request.user)

        message = loop.submitted_message(self.page)
        if message is None:  # the workflow finished on its own (no task to wait for)
            message = _("Page '%(page_title)s' has been submitted for moderation.") % {
                "page_title": self.page.get_admin_display_title()}
        messages.success(self.request, message,
                         buttons=[self.get_view_draft_message_button(), self.get_edit_message_button()])

        response = self.run_hook("after_edit_page", self.request, self.page)
        if response:
            return response
        return self.redirect_away()


class ReviewWorkflowActionView(WorkflowActionView):
    """Approve / request changes from the dashboard or a modal, with the same messages."""

    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        message = loop.outcome_message(self.object, self.task_state.pk)
        if message:
            messages.success(request, message)
        return response


class ReviewPageViewSet(PageViewSet):
    edit_view_class = ReviewEditView
    workflow_action_view_class = ReviewWorkflowActionView
