"""Editor groups, page permissions and review workflows, one set per organisational unit.

Each unit gets two groups: "<unit> editors" (write in the unit's section, submit for review,
propose city news) and "<unit> reviewers" (also publish there). A workflow sends a submission
to the unit's reviewers, or to Diskominfo for the home page and site-wide sections. The pages
of a unit's section come from the app named in UNIT_SECTION_PROVIDER (home owns the pages).
"""

from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.db.models import Q
from django.utils.module_loading import import_string
from wagtail.models import (Collection, GroupApprovalTask, GroupCollectionPermission, GroupPagePermission, Page,
                            Workflow, WorkflowPage, WorkflowTask)

DISKOMINFO_GROUP = "Diskominfo publishers"
SITE_PUBLISHER_UNIT = "diskominfo"  # this unit's reviewers publish site-wide
TRANSLATORS_GROUP = "Translators"
DESK_GROUP = "Complaint desk"
LIAISON_GROUP = "OPD liaisons"
EDITOR_PAGE_PERMISSIONS = ("add_page", "change_page")
REVIEWER_PAGE_PERMISSIONS = ("add_page", "change_page", "publish_page", "lock_page", "unlock_page")
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


def _grant(group, page, codenames):
    for codename in codenames:
        GroupPagePermission.objects.get_or_create(
            group=group, page=page, permission=Permission.objects.get(content_type__app_label="wagtailcore",
                                                                      codename=codename))


def _workflow(name, groups, page):
    task, _ = GroupApprovalTask.objects.get_or_create(name=f"Review: {name}"[:255])
    task.groups.set(groups)
    workflow, created = Workflow.objects.get_or_create(name=f"Review: {name}"[:255])
    if created or not workflow.workflow_tasks.exists():
        WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    WorkflowPage.objects.update_or_create(page=page, defaults={"workflow": workflow})
    return workflow


def site_groups():
    """Diskominfo (site-wide publishing) and translators, on the site's home page."""
    home = Page.objects.filter(depth=2).first()
    diskominfo, _ = Group.objects.get_or_create(name=DISKOMINFO_GROUP)
    translators, _ = Group.objects.get_or_create(name=TRANSLATORS_GROUP)
    for group in (diskominfo, translators):
        _admin_access(group)
    # Reviewing machine English and keeping the glossary (cms/machine_translation).
    for perm in Permission.objects.filter(content_type__app_label="cms", codename__in=TRANSLATOR_PERMISSIONS):
        diskominfo.permissions.add(perm)
        translators.permissions.add(perm)
    # Diskominfo reads the whole audit log, complaint steps included (Reports → Site history).
    audit = Permission.objects.filter(content_type__app_label="complaints", codename="view_complaint").first()
    if audit:
        diskominfo.permissions.add(audit)
    if home is not None:
        _grant(diskominfo, home, REVIEWER_PAGE_PERMISSIONS)
        _grant(translators, home, ("change_page",))
        _workflow("home page and site-wide sections (Diskominfo)", [diskominfo], home)
    return diskominfo, translators


def news_index():
    provider = getattr(settings, "CITY_NEWS_PROVIDER", "")
    return import_string(provider)() if provider else None


def ensure_unit_groups(unit):
    """Create (or complete) the unit's groups, section, permissions and review workflow."""
    diskominfo, _ = site_groups()
    editors, _ = Group.objects.get_or_create(name=f"{unit.short_name or unit.name} editors"[:150])
    reviewers, _ = Group.objects.get_or_create(name=f"{unit.short_name or unit.name} reviewers"[:150])
    for group in (editors, reviewers):
        _admin_access(group)
    section = import_string(settings.UNIT_SECTION_PROVIDER)(unit)
    if section is not None:
        _grant(editors, section, EDITOR_PAGE_PERMISSIONS)
        _grant(reviewers, section, REVIEWER_PAGE_PERMISSIONS)
        reviewer_groups = [reviewers, diskominfo]
        if unit.kind == unit.Kind.KELURAHAN and unit.parent_id:
            # The kecamatan's reviewers may approve their kelurahan's pages too.
            reviewer_groups.insert(1, ensure_unit_groups(unit.parent).reviewers)
        _workflow(unit.short_name or unit.name, reviewer_groups, section)
    city_news = news_index()
    if city_news is not None:
        # Any unit may propose news for the city home page; Diskominfo publishes it.
        _grant(editors, city_news, ("add_page",))
    ensure_unit_collection(unit, UnitGroups(editors, reviewers))
    return UnitGroups(editors, reviewers)
