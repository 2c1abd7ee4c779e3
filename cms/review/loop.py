"""The state of the review loop: who must act on a page now, what came back to whom, and the
sentence that tells the person who just acted what happened."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db.models import IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.models import Page, Revision, TaskState, WorkflowState

from cms.accounts.permissions import DISKOMINFO_GROUP
from cms.dates import when


def notify_groups(task, page):
    """The groups that must act on `page` at `task` now.

    A task type may say so itself (`notify_groups(page)`); for a group approval task it is its
    groups without Diskominfo, who may publish every page but are not the ones to ask for a
    unit's page (unless they are the only group, as for the home page).
    """
    task = task.specific
    custom = getattr(task, "notify_groups", None)
    if callable(custom):
        return list(custom(page))
    groups = getattr(task, "groups", None)
    if groups is None:
        return []
    groups = list(groups.all())
    others = [group for group in groups if group.name != DISKOMINFO_GROUP]
    return others or groups


def reviewers_label(task, page):
    names = [group.name for group in notify_groups(task, page)]
    return ", ".join(names) if names else task.name


def recipient_ids(*, groups=(), users=(), exclude=None, preference):
    """Ids of the active people with an e-mail address in `groups` or among `users`, each once,
    without `exclude` (the person who acted) and without those who turned this kind of
    notification off in their Wagtail account settings (`preference`: submitted, approved, rejected).
    """
    condition = Q(pk__in=[user.pk for user in users if user is not None])
    if groups:
        condition |= Q(groups__in=list(groups))
    people = get_user_model().objects.filter(condition, is_active=True).exclude(email="")
    if exclude is not None:
        people = people.exclude(pk=exclude.pk)
    people = people.exclude(**{f"wagtail_userprofile__{preference}_notifications": False})
    return sorted(set(people.values_list("pk", flat=True)))


def returned_task_state(workflow_state):
    """The reviewer's decision while the page waits for its author's changes, else None."""
    if workflow_state is None or workflow_state.status != WorkflowState.STATUS_NEEDS_CHANGES:
        return None
    return (TaskState.objects.select_related("finished_by", "task", "workflow_state__requested_by")
            .filter(pk=workflow_state.current_task_state_id).first())


def returned_to(user, limit=20):
    """The pages `user` submitted that came back with changes requested, newest first (one query)."""
    page_type = ContentType.objects.get_for_model(Page)
    title = Page.objects.filter(pk=Cast(OuterRef("object_id"), IntegerField())).values("draft_title")[:1]
    states = (WorkflowState.objects
              .filter(status=WorkflowState.STATUS_NEEDS_CHANGES, requested_by=user, base_content_type=page_type)
              .select_related("current_task_state__finished_by")
              .annotate(page_title=Subquery(title))
              .order_by("-current_task_state__finished_at", "-pk"))
    return list(states[:limit])


def display_name(user):
    if user is None:
        return _("a reviewer")
    return user.get_full_name() or user.get_username()


def submitted_message(page):
    """After a submission: to whom it went."""
    # Not page.current_workflow_state: the view's page may carry the states prefetched before the submit.
    workflow_state = page.workflow_states.active().select_related("current_task_state__task").first()
    title = page.get_admin_display_title()
    task_state = workflow_state.current_task_state if workflow_state else None
    if task_state is None or task_state.status != TaskState.STATUS_IN_PROGRESS:
        return None
    return _("Submitted for review to %(reviewers)s: “%(title)s”.") % {
        "reviewers": reviewers_label(task_state.task, page), "title": title}


def outcome_message(page, task_state_id):
    """After a reviewer's action on the task state `task_state_id`: what happened, or None if nothing did."""
    task_state = TaskState.objects.select_related("workflow_state").filter(pk=task_state_id).first()
    if task_state is None or task_state.status == TaskState.STATUS_IN_PROGRESS:
        return None
    workflow_state = task_state.workflow_state
    title = page.get_admin_display_title()
    if task_state.status == TaskState.STATUS_REJECTED:
        if task_state.comment.strip():
            return _("Returned to the author with a comment: “%(title)s”.") % {"title": title}
        return _("Returned to the author: “%(title)s”.") % {"title": title}
    if task_state.status != TaskState.STATUS_APPROVED:
        return None
    if workflow_state.status == WorkflowState.STATUS_APPROVED:
        go_live_at = (Revision.objects.filter(pk=task_state.revision_id)
                      .values_list("approved_go_live_at", flat=True).first())
        if go_live_at and go_live_at > timezone.now():
            return _("Approved; “%(title)s” will be published on %(date)s.") % {
                "title": title, "date": when(go_live_at)}
        return _("Approved and published: “%(title)s”.") % {"title": title}
    current = workflow_state.current_task_state
    if workflow_state.status == WorkflowState.STATUS_IN_PROGRESS and current and current.pk != task_state.pk:
        return _("Approved; sent to %(step)s: “%(title)s”.") % {
            "step": reviewers_label(current.task, page), "title": title}
    return None


def language_for(profile):
    """The recipient's admin language (Wagtail account setting), else the site's."""
    codes = {code for code, _name in settings.LANGUAGES}
    language = getattr(profile, "preferred_language", "") or ""
    return language if language in codes else settings.LANGUAGE_CODE
