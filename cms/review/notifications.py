"""E-mails of the review loop: one per person and event, in that person's admin language, sent by
a background task after the transaction commits (a slow mail server never slows the admin).

Wagtail's own workflow notifiers are disconnected: they e-mail every member of every group of a
task plus every superuser (the admin twice: once as superuser, once for the task), in whatever
language the request happened to run.

  submitted  a task starts (first submission, resubmission, or the previous step approved):
             the groups that must act now (loop.notify_groups), without the person who acted
  returned   changes requested: the person who submitted, with the reviewer's comment
  approved   a step approved: the person who submitted, "published" or "now with <next step>"
"""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.urls import reverse
from django.utils import timezone, translation
from django_tasks import default_task_backend, task
from wagtail.models import Page, TaskState, WorkflowState
from wagtail.signals import task_approved, task_submitted, workflow_approved, workflow_rejected, workflow_submitted
from wagtail.users.models import UserProfile

from cms.email import render_subject, render_text
from cms.tasks import enqueue_after_commit, retry_delay

from . import loop

logger = logging.getLogger(__name__)

# Wagtail's receivers (wagtail/admin/signal_handlers.py), by the ids it connects them with.
WAGTAIL_NOTIFIERS = (
    (task_submitted, TaskState, "group_approval_task_submitted_email_notification"),
    (workflow_submitted, WorkflowState, "workflow_state_submitted_email_notification"),
    (workflow_rejected, WorkflowState, "workflow_state_rejected_email_notification"),
    (workflow_approved, WorkflowState, "workflow_state_approved_email_notification"),
)


def connect():
    for signal, sender, dispatch_uid in WAGTAIL_NOTIFIERS:
        signal.disconnect(sender=sender, dispatch_uid=dispatch_uid)
    task_submitted.connect(on_task_submitted, dispatch_uid="cms_review_task_submitted")
    task_approved.connect(on_task_approved, dispatch_uid="cms_review_task_approved")
    workflow_rejected.connect(on_workflow_rejected, dispatch_uid="cms_review_workflow_rejected")
    workflow_approved.connect(on_workflow_approved, dispatch_uid="cms_review_workflow_approved")


def _page(workflow_state):
    """The page under review (the loop links to the page editor; other objects are not ours)."""
    obj = workflow_state.content_object
    return obj if isinstance(obj, Page) else None


def on_task_submitted(sender, instance, user=None, **kwargs):
    task_state = instance
    workflow_state = task_state.workflow_state
    page = _page(workflow_state)
    if page is None:
        return
    groups = loop.notify_groups(task_state.task, page)
    ids = loop.recipient_ids(groups=groups, exclude=user, preference="submitted")
    previous = None
    if user is not None:
        # A step approved by this person just handed the page on to this task.
        previous = (TaskState.objects.filter(workflow_state=workflow_state, status=TaskState.STATUS_APPROVED,
                                             finished_by=user).exclude(pk=task_state.pk)
                    .order_by("-finished_at", "-pk").values_list("pk", flat=True).first())
    queue("submitted", ids, page=page.pk, task_state=task_state.pk, actor=getattr(user, "pk", None),
          previous=previous)


def _tell_requester(instance, user, kind, preference):
    """The person who submitted the page hears of the decision (not when they took it themselves)."""
    page = _page(instance)
    if page is None:
        return
    ids = loop.recipient_ids(users=[instance.requested_by], exclude=user, preference=preference)
    queue(kind, ids, page=page.pk, task_state=instance.current_task_state_id, actor=getattr(user, "pk", None))


def on_workflow_rejected(sender, instance, user=None, **kwargs):
    _tell_requester(instance, user, "returned", preference="rejected")


def on_workflow_approved(sender, instance, user=None, **kwargs):
    _tell_requester(instance, user, "approved", preference="approved")


def on_task_approved(sender, instance, user=None, **kwargs):
    """A step approved and the workflow moved on (the last step is on_workflow_approved's)."""
    workflow_state = instance.workflow_state
    if workflow_state.status != WorkflowState.STATUS_IN_PROGRESS or \
            workflow_state.current_task_state_id in (None, instance.pk):
        return
    page = _page(workflow_state)
    if page is None:
        return
    ids = loop.recipient_ids(users=[workflow_state.requested_by], exclude=user, preference="approved")
    queue("approved", ids, page=page.pk, task_state=instance.pk, actor=getattr(user, "pk", None),
          next_task_state=workflow_state.current_task_state_id)


def queue(kind, recipient_ids, **data):
    """One background e-mail per person, once the action has committed (none if it rolls back)."""
    for recipient_id in recipient_ids or ():
        enqueue_after_commit(send_review_email, kind, recipient_id, data)


def build_context(kind, data):
    page = Page.objects.filter(pk=data["page"]).first()
    task_state = TaskState.objects.select_related("task", "finished_by", "workflow_state__requested_by") \
        .filter(pk=data.get("task_state")).first()
    if page is None or task_state is None:
        return None
    User = get_user_model()
    actor = User.objects.filter(pk=data.get("actor")).first() if data.get("actor") else None
    draft = page.get_latest_revision_as_object()  # the version under review
    context = {
        "kind": kind,
        "page_title": draft.title or page.get_admin_display_title(),  # in the active (recipient's) language
        "actor": loop.display_name(actor),
        "step": loop.reviewers_label(task_state.task, page),
        "task_state": task_state,
        "comment": task_state.comment.strip(),
        "edit_url": settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse("wagtailadmin_pages:edit", args=[page.pk]),
    }
    if kind == "submitted":
        previous = TaskState.objects.select_related("task").filter(pk=data.get("previous")).first() \
            if data.get("previous") else None
        context["previous_step"] = loop.reviewers_label(previous.task, page) if previous else ""
        context["resubmitted"] = TaskState.objects.filter(workflow_state_id=task_state.workflow_state_id,
                                                          status=TaskState.STATUS_REJECTED).exists()
        context["author"] = loop.display_name(task_state.workflow_state.requested_by)
    elif kind == "approved":
        next_state = TaskState.objects.select_related("task").filter(pk=data.get("next_task_state")).first() \
            if data.get("next_task_state") else None
        context["next_step"] = loop.reviewers_label(next_state.task, page) if next_state else ""
        context["live"] = page.live
    return context


@task()
def send_review_email(kind, recipient_id, data, attempt=1):
    """Render and send one review e-mail in the recipient's language; retried later on failure."""
    recipient = get_user_model().objects.filter(pk=recipient_id, is_active=True).exclude(email="").first()
    if recipient is None:
        return False
    profile = UserProfile.objects.filter(user=recipient).first()
    with translation.override(loop.language_for(profile)), \
            timezone.override(getattr(profile, "current_time_zone", "") or settings.TIME_ZONE):
        context = build_context(kind, data)
        if context is None:
            return False  # the page or its review is gone: nothing to say
        context["recipient"] = loop.display_name(recipient)
        subject = render_subject(f"cms/review/email/{kind}_subject.txt", context)
        body = render_text(f"cms/review/email/{kind}.txt", context).strip() + "\n"
    message = EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [recipient.email],
                           headers={"Auto-Submitted": "auto-generated"})
    try:
        message.send(fail_silently=False)
    except Exception as error:
        # Never log the address or the text: only which kind failed and why.
        logger.warning("Review e-mail %r not sent (attempt %s): %s", kind, attempt, type(error).__name__)
        if attempt < settings.EMAIL_MAX_ATTEMPTS and default_task_backend.supports_defer:
            send_review_email.using(run_after=timezone.now() + retry_delay(attempt)).enqueue(
                kind, recipient_id, data, attempt + 1)
        raise
    return True
