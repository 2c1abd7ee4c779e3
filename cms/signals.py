"""Purge the page cache whenever what visitors see may have changed."""

from django.db.models.signals import post_delete, post_save
from wagtail.signals import page_published, page_unpublished, post_page_move

from . import cache
from .models import OrganisationUnit

page_published.connect(cache.purge, dispatch_uid="cms_purge_published")
page_unpublished.connect(cache.purge, dispatch_uid="cms_purge_unpublished")
post_page_move.connect(cache.purge_restrictions, dispatch_uid="cms_purge_moved")
post_save.connect(cache.purge, sender=OrganisationUnit, dispatch_uid="cms_purge_unit_saved")
post_delete.connect(cache.purge, sender=OrganisationUnit, dispatch_uid="cms_purge_unit_deleted")

from wagtail.models import PageViewRestriction, Site  # noqa: E402

post_save.connect(cache.purge_sites, sender=Site, dispatch_uid="cms_purge_site_saved")
post_delete.connect(cache.purge_sites, sender=Site, dispatch_uid="cms_purge_site_deleted")

post_save.connect(cache.purge_restrictions, sender=PageViewRestriction, dispatch_uid="cms_purge_restriction_saved")
post_delete.connect(cache.purge_restrictions, sender=PageViewRestriction, dispatch_uid="cms_purge_restriction_deleted")

from django.db.models.signals import post_migrate  # noqa: E402

# A deploy runs migrate: start it with a fresh page cache (new templates, new catalogs).
post_migrate.connect(cache.purge_sites, dispatch_uid="cms_purge_after_migrate")
post_migrate.connect(cache.purge_restrictions, dispatch_uid="cms_purge_restrictions_after_migrate")

from .machine_translation.tasks import on_page_published  # noqa: E402

# After the purge: record the page's English state and queue the machine for what is missing.
page_published.connect(on_page_published, dispatch_uid="cms_machine_translation")

from django.contrib.auth import get_user_model  # noqa: E402
from wagtail.admin.mail import BaseGroupApprovalTaskStateEmailNotifier  # noqa: E402
from wagtail.models import TaskState  # noqa: E402
from wagtail.signals import task_submitted  # noqa: E402

from .ownership import UnitReviewTask  # noqa: E402


class UnitReviewSubmissionNotifier(BaseGroupApprovalTaskStateEmailNotifier):
    """Wagtail's "submitted for review" e-mail for a unit review: to the groups the task names for
    the page (the unit's own reviewers), since Wagtail's notifier only knows fixed-group tasks."""

    notification = "submitted"

    def can_handle(self, instance, **kwargs):
        return isinstance(instance, TaskState) and isinstance(instance.task.specific, UnitReviewTask)

    def get_recipient_users(self, task_state, **kwargs):
        page = task_state.workflow_state.content_object
        groups = task_state.task.specific.notify_groups(page)
        recipients = get_user_model().objects.filter(groups__in=groups, is_active=True).distinct()
        if kwargs.get("user") is not None:
            recipients = recipients.exclude(pk=kwargs["user"].pk)
        return recipients


unit_review_submission_notifier = UnitReviewSubmissionNotifier()  # kept here: signals hold weak references
task_submitted.connect(unit_review_submission_notifier, sender=TaskState, dispatch_uid="cms_unit_review_submitted")
