"""Who owns a page: the organisational unit whose editors write it and whose reviewers approve it.

A `PageOwnership` row gives a page and everything below it to a unit (a unit's section, the
tourism section, one public-service page). The nearest owned ancestor decides. Page permissions
are derived from it in cms/accounts/permissions.py; reviews read it at run time through one task type,
`UnitReviewTask`, so a page that changes hands goes to its new unit's reviewers at once.

This module only reads; it imports neither home nor tourism.
"""

from django.contrib.auth.models import Group
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.models import LockableMixin, Task, TaskState, WorkflowState

DISKOMINFO_GROUP = "Diskominfo publishers"
SITE_PUBLISHER_UNIT = "diskominfo"  # this unit's reviewers publish site-wide
PAGE_STEPLEN = 4  # treebeard's path step


class PageOwnership(models.Model):
    page = models.OneToOneField("wagtailcore.Page", verbose_name=_("page"), on_delete=models.CASCADE,
                                related_name="ownership")
    unit = models.ForeignKey("cms.OrganisationUnit", verbose_name=_("owning unit"), on_delete=models.CASCADE,
                             related_name="owned_pages")

    class Meta:
        app_label = "cms"
        verbose_name = _("page ownership")
        verbose_name_plural = _("page ownerships")

    def __str__(self):
        return f"{self.page} → {self.unit}"


def group_name(unit, role):
    """"<unit> editors" / "<unit> reviewers": the names the roster and the permissions share."""
    return f"{unit.display_name} {role}"[:150]


def owner_of(page):
    """The unit owning `page` (the nearest owned ancestor, the page included), or None."""
    paths = [page.path[:i] for i in range(PAGE_STEPLEN, len(page.path) + 1, PAGE_STEPLEN)]
    found = (PageOwnership.objects.filter(page__path__in=paths).select_related("unit", "unit__parent")
             .order_by("-page__depth").first())
    return found.unit if found else None


def _groups(names):
    by_name = Group.objects.in_bulk(names, field_name="name")
    return [by_name[n] for n in names if n in by_name]


def _is_site_publisher(unit):
    return unit is None or unit.code == SITE_PUBLISHER_UNIT


def proposing_unit(page):
    """The unit proposing `page` for a city-wide listing: the submitter's own unit (the page's
    `unit` field when it names one of theirs), else the page's `unit` field."""
    specific = page.specific
    named = getattr(specific, "unit", None)
    state = (WorkflowState.objects.active().for_instance(page).select_related("requested_by")
             .order_by("-created_at").first())
    requester = state.requested_by if state else None
    if requester is not None:
        units = [m.unit for m in requester.unit_memberships.filter(role__in=("editor", "reviewer", "head"))
                 .select_related("unit", "unit__parent").order_by("pk")]
        if named is not None and named in units:
            return named
        if units:
            return units[0]
    return named


class UnitReviewTask(Task):
    """A review step whose approvers come from the page's unit when it runs, not from a fixed list.

    "owner": the reviewers of the unit that owns the page (and the kecamatan's, for a kelurahan).
    "proposer": for a proposal to a city-wide section, the reviewers of the proposing unit's
    kecamatan (a kelurahan's or kecamatan's proposal) or of the proposing unit itself (an agency);
    skipped when Diskominfo proposes. Diskominfo publishers may approve any step (oversight) but are
    only told about a submission when no one else would be.
    """

    class Scope(models.TextChoices):
        OWNER = "owner", _("Reviewers of the unit that owns the page")
        PROPOSER = "proposer", _("Reviewers of the proposing unit's kecamatan (or agency)")

    scope = models.CharField(_("who reviews"), max_length=20, choices=Scope.choices, default=Scope.OWNER)

    admin_form_fields = Task.admin_form_fields + ["scope"]

    class Meta:
        app_label = "cms"
        verbose_name = _("unit review task")
        verbose_name_plural = _("unit review tasks")

    @classmethod
    def get_description(cls):
        return _("The reviewers of the page's own unit approve it; Diskominfo publishers may approve any page")

    # Who

    def _first_unit(self, page):
        return proposing_unit(page) if self.scope == self.Scope.PROPOSER else owner_of(page)

    def _unit_reviewer_names(self, unit):
        if _is_site_publisher(unit):
            return []
        kelurahan = unit.kind == "kelurahan" and unit.parent_id
        if self.scope == self.Scope.PROPOSER:
            # A kelurahan's proposal is vouched for by its kecamatan, not by itself.
            return [group_name(unit.parent, "reviewers")] if kelurahan else [group_name(unit, "reviewers")]
        names = [group_name(unit, "reviewers")]
        if kelurahan:
            names.append(group_name(unit.parent, "reviewers"))
        return names

    def skipped_for(self, page):
        """True when this step has no one of its own to ask (Diskominfo's own proposal)."""
        return self.scope == self.Scope.PROPOSER and _is_site_publisher(proposing_unit(page))

    def approver_groups(self, page):
        """Groups who may approve `page` at this step: the unit's reviewers first, Diskominfo last."""
        return _groups(self._unit_reviewer_names(self._first_unit(page)) + [DISKOMINFO_GROUP])

    def notify_groups(self, page):
        """Groups to tell about a submission: the unit's own reviewers, not Diskominfo, unless
        Diskominfo owns the page or the unit has no reviewer yet."""
        groups = _groups(self._unit_reviewer_names(self._first_unit(page)))
        if not any(g.user_set.filter(is_active=True).exists() for g in groups):
            groups = _groups([DISKOMINFO_GROUP])
        return groups

    def _can_approve(self, obj, user):
        if user.is_superuser:
            return True
        cache = user.__dict__.setdefault("_unit_review_checks", {})
        key = (self.pk, obj.pk)
        if key not in cache:
            cache[key] = user.groups.filter(pk__in=[g.pk for g in self.approver_groups(obj)]).exists()
        return cache[key]

    # Wagtail's task API, as GroupApprovalTask does it

    def start(self, workflow_state, user=None):
        page = workflow_state.content_object
        if self.skipped_for(page):
            return TaskState.objects.create(workflow_state=workflow_state, task=self, status=TaskState.STATUS_SKIPPED,
                                            revision=page.get_latest_revision())
        if isinstance(page, LockableMixin) and page.locked_by and not self._can_approve(page, page.locked_by):
            page.locked, page.locked_by, page.locked_at = False, None, None
            page.save(update_fields=["locked", "locked_by", "locked_at"])
        return super().start(workflow_state, user=user)

    def user_can_access_editor(self, obj, user):
        return self._can_approve(obj, user)

    def locked_for_user(self, obj, user):
        return not self._can_approve(obj, user)

    def user_can_lock(self, obj, user):
        return self._can_approve(obj, user)

    def user_can_unlock(self, obj, user):
        return False

    def get_actions(self, obj, user):
        if self._can_approve(obj, user):
            return [
                ("reject", _("Request changes"), True),
                ("approve", _("Approve"), False),
                ("approve", _("Approve with comment"), True),
            ]
        return []

    def get_task_states_user_can_moderate(self, user, **kwargs):
        states = self.task_states.filter(status=TaskState.STATUS_IN_PROGRESS)
        if user.is_superuser or user.groups.filter(name=DISKOMINFO_GROUP).exists():
            return states
        if not user.groups.filter(name__endswith=" reviewers").exists():
            return TaskState.objects.none()
        # Few submissions wait at a time: ask each one's page who reviews it.
        allowed = [state.pk for state in states.select_related("workflow_state")
                   if (page := state.workflow_state.content_object) is not None and self._can_approve(page, user)]
        return self.task_states.filter(pk__in=allowed)
