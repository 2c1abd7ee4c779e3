"""Who sees which complaints: the desk sees all; a unit's liaisons and head see their unit's only.

Every list, detail, action and export goes through complaints_for(); nothing else decides. An
officer who has given only a password this session (not the two-step code) is nobody here, in the
admin and on the public routes alike.
"""

from django.contrib.auth.models import Group, Permission

from cms.accounts.permissions import DESK_GROUP, DISKOMINFO_GROUP, LIAISON_GROUP  # noqa: F401  (the names live with the other groups)
from cms.accounts.two_factor import two_factor_passed
from cms.models import UnitMembership

from .models import Complaint

MONITOR_GROUP = "Complaint monitoring"  # heads of units and the mayor's office: read-only figures


def _signed_in(user):
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    # A request's user carries django-otp's is_verified() (OTPMiddleware); a user loaded elsewhere
    # (a task, a command) has no session to ask.
    return not hasattr(user, "is_verified") or two_factor_passed(user)


def is_desk(user):
    if not _signed_in(user):
        return False
    if not hasattr(user, "_complaint_desk"):
        user._complaint_desk = user.is_superuser or user.groups.filter(name=DESK_GROUP).exists()
    return user._complaint_desk


def unit_ids(user):
    if not _signed_in(user):
        return frozenset()
    if not hasattr(user, "_complaint_units"):
        user._complaint_units = frozenset(
            UnitMembership.objects.filter(user=user, role__in=UnitMembership.COMPLAINT_ROLES)
            .values_list("unit_id", flat=True)
        )
    return user._complaint_units


def can_use_inbox(user):
    return is_desk(user) or bool(unit_ids(user))


def complaints_for(user):
    if is_desk(user):
        return Complaint.objects.all()
    ids = unit_ids(user)
    return Complaint.objects.filter(unit_id__in=ids) if ids else Complaint.objects.none()


def sees_every_step(user):
    """The whole audit log of complaints: the desk, Diskominfo (the city's administrators) and superusers."""
    return is_desk(user) or (_signed_in(user) and user.groups.filter(name=DISKOMINFO_GROUP).exists())


def log_entries_for(user, entries):
    """The complaint log entries (models.ComplaintLogEntry) this person may read in Reports → Site
    history and its export: the steps of the reports they may open, whatever their permissions say."""
    if sees_every_step(user):
        return entries
    return entries.filter(complaint_id__in=complaints_for(user).values("pk"))


def show_reporter(user, complaint):
    """Anonymous reporters are hidden from everyone, the desk included; erased data is gone."""
    return not complaint.anonymous and complaint.personal_data_erased_at is None and (
        is_desk(user) or complaint.unit_id in unit_ids(user))


DESK_PERMISSIONS = [
    ("wagtailadmin", "admin", "access_admin"),
    ("complaints", "complaint", "view_complaint"), ("complaints", "complaint", "change_complaint"),
    *[("complaints", model, f"{action}_{model}")
      for model in ("category", "routingrule", "authorityrule", "responsetemplate")
      for action in ("add", "change", "delete", "view")],
    # The desk issues and revokes Open311 keys and reads their log (which holds no personal data).
    ("complaints", "apiclient", "add_apiclient"), ("complaints", "apiclient", "change_apiclient"),
    ("complaints", "apiclient", "view_apiclient"), ("complaints", "apirequestlog", "view_apirequestlog"),
]
LIAISON_PERMISSIONS = [("wagtailadmin", "admin", "access_admin"), ("complaints", "complaint", "view_complaint"),
                       ("complaints", "responsetemplate", "view_responsetemplate")]
MONITOR_PERMISSIONS = [("wagtailadmin", "admin", "access_admin")]


def ensure_groups(**kwargs):
    """Create the complaint groups with least privilege (idempotent; run after every migrate).

    What a liaison sees is decided by complaints_for(), not by these permissions: the
    `view_complaint` permission alone opens no report of another unit.
    """
    for name, perms in ((DESK_GROUP, DESK_PERMISSIONS), (LIAISON_GROUP, LIAISON_PERMISSIONS),
                        (MONITOR_GROUP, MONITOR_PERMISSIONS)):
        group, _ = Group.objects.get_or_create(name=name)
        wanted = [Permission.objects.filter(content_type__app_label=app, content_type__model=model, codename=code).first()
                  for app, model, code in perms]
        group.permissions.add(*[p for p in wanted if p])


def can_monitor(user):
    return is_desk(user) or user.groups.filter(name=MONITOR_GROUP).exists() or bool(unit_ids(user))
