"""Editor groups, page permissions and review workflows, derived from who owns each page.

Each unit gets two groups: "<unit> editors" (write in the pages the unit owns, submit for review,
propose city news) and "<unit> reviewers" (also publish there). Which pages a unit owns is kept in
`cms.ownership.PageOwnership` (its section, set here; the tourism section or a service page, set by
the apps that own those pages through `set_owner`). This module turns ownership into Wagtail page
permissions, in one place. Reviews run through two workflows of `UnitReviewTask`, which asks the
page's owning unit at run time: "Unit review" on the home page (every page inherits it) and
"City news proposal" on the city news index (the proposing unit's kecamatan first, then Diskominfo).
The pages of a unit's section come from the app named in UNIT_SECTION_PROVIDER (home owns the pages).
"""

from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.db.models import Q
from django.utils.module_loading import import_string
from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
    Workflow,
    WorkflowPage,
    WorkflowState,
    WorkflowTask,
)

from cms.ownership import DISKOMINFO_GROUP, SITE_PUBLISHER_UNIT, PageOwnership, UnitReviewTask, group_name, owner_of  # noqa: F401

TRANSLATORS_GROUP = "Translators"
DESK_GROUP = "Complaint desk"
LIAISON_GROUP = "OPD liaisons"
EDITOR_PAGE_PERMISSIONS = ("add_page", "change_page")
REVIEWER_PAGE_PERMISSIONS = ("add_page", "change_page", "publish_page", "lock_page", "unlock_page")
OWNERSHIP_PERMISSIONS = ("add_pageownership", "change_pageownership", "delete_pageownership", "view_pageownership")
# Images and documents live in collections: a shared city one everybody chooses from, and one per
# unit. Wagtail checks these per collection (GroupCollectionPermission), not model permissions.
CITY_COLLECTION = "Kota Bogor — bersama"  # data, like the units' names
MEDIA_PERMISSION_MODELS = (("wagtailimages", "image"), ("wagtaildocs", "document"))
EDITOR_MEDIA_ACTIONS = ("add", "change", "choose")
REVIEWER_MEDIA_ACTIONS = ("add", "change", "delete", "choose")
TRANSLATOR_PERMISSIONS = ("review_translation", "add_glossaryterm", "change_glossaryterm", "delete_glossaryterm",
                          "view_glossaryterm")


@dataclass
class UnitGroups:
    editors: Group
    reviewers: Group


def _admin_access(group):
    group.permissions.add(Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"))
    # Model-level image/document permissions grant nothing in Wagtail (collections decide); groups made
    # before collections existed had them.
    group.permissions.remove(*Permission.objects.filter(
        content_type__app_label__in=("wagtailimages", "wagtaildocs"),
        codename__in=("add_image", "choose_image", "add_document", "choose_document")))


def _grant_media(group, collection, actions):
    """Give the group these actions on images and documents in the collection (and those below)."""
    wanted = Q()
    for app_label, model in MEDIA_PERMISSION_MODELS:
        wanted |= Q(content_type__app_label=app_label, codename__in=[f"{action}_{model}" for action in actions])
    have = set(GroupCollectionPermission.objects.filter(group=group, collection=collection)
               .values_list("permission_id", flat=True))
    GroupCollectionPermission.objects.bulk_create([
        GroupCollectionPermission(group=group, collection=collection, permission=perm)
        for perm in Permission.objects.filter(wanted) if perm.pk not in have], ignore_conflicts=True)


def city_collection():
    """The shared city collection, directly under the root; Diskominfo manages everything from the
    root down, translators choose anywhere (they fix pages of every unit)."""
    root = Collection.get_first_root_node()
    shared = root.get_children().filter(name=CITY_COLLECTION).first()
    if shared is None:
        shared = root.add_child(name=CITY_COLLECTION)
    diskominfo, _ = Group.objects.get_or_create(name=DISKOMINFO_GROUP)
    translators, _ = Group.objects.get_or_create(name=TRANSLATORS_GROUP)
    _grant_media(diskominfo, root, REVIEWER_MEDIA_ACTIONS)
    _grant_media(translators, root, ("choose",))
    return shared


def ensure_unit_collection(unit, groups):
    """The unit's collection (a sibling of the shared one, so the shared rights do not leak into it):
    its editors add, edit and choose there, its reviewers also delete; both choose from the shared one."""
    shared = city_collection()
    name = str(unit)[:255]
    collection = unit.collection
    if collection is None:
        collection = Collection.get_first_root_node().add_child(name=name)
        unit.collection = collection
        unit.save(update_fields=["collection"])
    elif collection.name != name:
        collection.name = name
        collection.save(update_fields=["name"])
    _grant_media(groups.editors, collection, EDITOR_MEDIA_ACTIONS)
    _grant_media(groups.reviewers, collection, REVIEWER_MEDIA_ACTIONS)
    for group in (groups.editors, groups.reviewers):
        _grant_media(group, shared, ("choose",))
    return collection


def _page_permission(codename):
    return Permission.objects.get(content_type__app_label="wagtailcore", codename=codename)


def _grant(group, page, codenames):
    for codename in codenames:
        GroupPagePermission.objects.get_or_create(group=group, page=page, permission=_page_permission(codename))


def _revoke(groups, page):
    GroupPagePermission.objects.filter(page=page, group__in=groups).delete()


UNIT_REVIEW = "Unit review"
CITY_NEWS_REVIEW = "City news proposal"


def _review_task(name, scope):
    task, _ = UnitReviewTask.objects.get_or_create(name=name, defaults={"scope": scope})
    if task.scope != scope or not task.active:
        task.scope, task.active = scope, True
        task.save(update_fields=["scope", "active"])
    return task


def _workflow(name, tasks, page):
    """The workflow `name` made of exactly `tasks`, in order, assigned to `page`."""
    workflow, _ = Workflow.objects.get_or_create(name=name)
    if not workflow.active:
        workflow.active = True
        workflow.save(update_fields=["active"])
    if list(workflow.workflow_tasks.order_by("sort_order").values_list("task_id", flat=True)) != [t.pk for t in tasks]:
        workflow.workflow_tasks.all().delete()
        for order, task in enumerate(tasks):
            WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=order)
    WorkflowPage.objects.update_or_create(page=page, defaults={"workflow": workflow})
    return workflow


def _retire_per_unit_workflows():
    """Earlier versions gave every section a workflow of its own ("Review: <unit>", one group approval
    task each). Unlink them, so sections inherit the unit review, and retire each one once nothing is
    waiting in it (a submission under way finishes where it started)."""
    legacy = Workflow.objects.filter(name__startswith="Review: ")
    WorkflowPage.objects.filter(workflow__in=legacy).delete()
    for workflow in legacy.filter(active=True):
        if not WorkflowState.objects.active().filter(workflow=workflow).exists():
            tasks = GroupApprovalTask.objects.filter(workflow_tasks__workflow=workflow, name__startswith="Review: ")
            tasks.update(active=False)
            workflow.active = False
            workflow.save(update_fields=["active"])


def site_groups():
    """Diskominfo (site-wide publishing) and translators, on the site's home page; the review workflows."""
    home = Page.objects.filter(depth=2).first()
    diskominfo, _ = Group.objects.get_or_create(name=DISKOMINFO_GROUP)
    translators, _ = Group.objects.get_or_create(name=TRANSLATORS_GROUP)
    for group in (diskominfo, translators):
        _admin_access(group)
    # Reviewing machine English and keeping the glossary (cms/machine_translation).
    for perm in Permission.objects.filter(content_type__app_label="machine_translation",
                                            codename__in=TRANSLATOR_PERMISSIONS):
        diskominfo.permissions.add(perm)
        translators.permissions.add(perm)
    # Only Diskominfo says which unit owns what (a section's unit, a service's responsible unit).
    diskominfo.permissions.add(*Permission.objects.filter(content_type__app_label="cms",
                                                          codename__in=OWNERSHIP_PERMISSIONS))
    # Diskominfo reads the whole audit log, complaint steps included (Reports → Site history).
    audit = Permission.objects.filter(content_type__app_label="complaints", codename="view_complaint").first()
    if audit:
        diskominfo.permissions.add(audit)
    if home is not None:
        _grant(diskominfo, home, REVIEWER_PAGE_PERMISSIONS)
        _grant(translators, home, ("change_page",))
        owner_review = _review_task(UNIT_REVIEW, UnitReviewTask.Scope.OWNER)
        _retire_per_unit_workflows()
        _workflow(UNIT_REVIEW, [owner_review], home)
        city_news = news_index()
        if city_news is not None:
            proposal = _review_task("Proposing unit's review", UnitReviewTask.Scope.PROPOSER)
            _workflow(CITY_NEWS_REVIEW, [proposal, owner_review], city_news)
    return diskominfo, translators


def news_index():
    provider = getattr(settings, "CITY_NEWS_PROVIDER", "")
    return import_string(provider)() if provider else None


def unit_groups(unit):
    """The unit's editors and reviewers groups, created if missing."""
    editors, _ = Group.objects.get_or_create(name=group_name(unit, "editors"))
    reviewers, _ = Group.objects.get_or_create(name=group_name(unit, "reviewers"))
    for group in (editors, reviewers):
        _admin_access(group)
    return UnitGroups(editors, reviewers)


def set_owner(page, unit):
    """Give `page` and the pages below it to `unit` (None: back to Diskominfo alone).

    The previous owner's groups lose their permissions on the page, the new owner's gain them.
    Reviews follow at once (UnitReviewTask reads the owner when it runs).
    """
    current = PageOwnership.objects.filter(page=page).select_related("unit").first()
    if current is not None and current.unit_id != getattr(unit, "pk", None):
        old = unit_groups(current.unit)
        _revoke([old.editors, old.reviewers], page)
    if unit is None:
        if current is not None:
            current.delete()
        return
    if current is None:
        PageOwnership.objects.create(page=page, unit=unit)
    elif current.unit_id != unit.pk:
        current.unit = unit
        current.save(update_fields=["unit"])
    groups = unit_groups(unit)
    _grant(groups.editors, page, EDITOR_PAGE_PERMISSIONS)
    _grant(groups.reviewers, page, REVIEWER_PAGE_PERMISSIONS)


def ensure_unit_groups(unit):
    """Create (or complete) the unit's groups, its section and the section's ownership."""
    site_groups()
    groups = unit_groups(unit)
    section = import_string(settings.UNIT_SECTION_PROVIDER)(unit)
    if section is not None:
        if unit.kind == unit.Kind.KELURAHAN and unit.parent_id:
            # The kecamatan's reviewers approve their kelurahan's pages too: make sure they exist.
            ensure_unit_groups(unit.parent)
        set_owner(section, unit)
    city_news = news_index()
    if city_news is not None:
        # Any unit may propose news for the city home page; its kecamatan (or itself), then Diskominfo, review it.
        _grant(groups.editors, city_news, ("add_page",))
    ensure_unit_collection(unit, groups)
    return groups


def sync_all(stdout=None):
    """Re-derive every owned page's permissions (after a deploy, or a permission edited by hand)."""
    site_groups()
    count = 0
    for ownership in PageOwnership.objects.select_related("page", "unit"):
        set_owner(ownership.page, ownership.unit)
        count += 1
    return count
