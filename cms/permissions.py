"""Editor groups, page permissions and review workflows, one set per organisational unit.

Each unit gets two groups: "<unit> editors" (write in the unit's section, submit for review,
propose city news) and "<unit> reviewers" (also publish there). A workflow sends a submission
to the unit's reviewers, or to Diskominfo for the home page and site-wide sections. The pages
of a unit's section come from the app named in UNIT_SECTION_PROVIDER (home owns the pages).
"""

from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.utils.module_loading import import_string
from wagtail.models import GroupApprovalTask, GroupPagePermission, Page, Workflow, WorkflowPage, WorkflowTask

DISKOMINFO_GROUP = "Diskominfo publishers"
SITE_PUBLISHER_UNIT = "diskominfo"  # this unit's reviewers publish site-wide
TRANSLATORS_GROUP = "Translators"
DESK_GROUP = "Complaint desk"
LIAISON_GROUP = "OPD liaisons"
EDITOR_PAGE_PERMISSIONS = ("add_page", "change_page")
REVIEWER_PAGE_PERMISSIONS = ("add_page", "change_page", "publish_page", "lock_page", "unlock_page")
TRANSLATOR_PERMISSIONS = ("review_translation", "add_glossaryterm", "change_glossaryterm", "delete_glossaryterm",
                          "view_glossaryterm")


@dataclass
class UnitGroups:
    editors: Group
    reviewers: Group


def _admin_access(group):
    group.permissions.add(Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"))
    for codename in ("add_image", "choose_image", "add_document", "choose_document"):
        perm = Permission.objects.filter(codename=codename).first()
        if perm:
            group.permissions.add(perm)


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
    return UnitGroups(editors, reviewers)
