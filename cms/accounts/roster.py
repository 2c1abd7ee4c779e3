"""The jubir digital roster: who edits, reviews or answers complaints for which unit.

A roster CSV has the columns `email`, `full_name`, `unit_code`, `roles` (roles separated by
";": editor, reviewer, liaison, head, translator). Importing is idempotent: a second import of the
same file changes nothing; a changed row updates that person. No passwords travel in the file:
new accounts get an e-mail with a link to set their own.
"""

import csv
import io
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction

from cms.models import OrganisationUnit, UnitMembership

from . import permissions

ROLES = {"editor", "reviewer", "liaison", "head", "translator"}
COLUMNS = ("email", "full_name", "unit_code", "roles")


@dataclass
class Report:
    created: list = field(default_factory=list)
    updated: list = field(default_factory=list)
    unchanged: list = field(default_factory=list)
    errors: list = field(default_factory=list)  # (line number, message)
    invited: list = field(default_factory=list)


def username_for(email):
    return email.split("@", 1)[0].lower()[:150]


def parse_roles(text):
    return {r.strip().lower() for r in (text or "").replace(",", ";").split(";") if r.strip()}


def read(fileobj):
    """Yield (line number, row dict) from a CSV file object; raises ValueError on a bad header."""
    text = fileobj.read()
    if isinstance(text, bytes):
        text = text.decode("utf-8-sig")
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    missing = [c for c in COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        raise ValueError(f"missing column(s): {', '.join(missing)}")
    for row in reader:
        yield reader.line_num, {k: (v or "").strip() for k, v in row.items() if k}


def import_roster(fileobj, *, dry_run=False, invite=None):
    """Create or update the people in the roster. `invite(user)` is called for each new account.

    The rows of one person (all their units and roles) are applied together, in one transaction:
    what the roster says they do is what they may do, so a liaison who moved to another unit loses
    the old unit. A bad row is reported with its line number; the other people still import.
    """
    report = Report()
    User = get_user_model()
    units = {u.code: u for u in OrganisationUnit.objects.all()}
    people = {}  # e-mail -> {"name": ..., "assignments": {(unit, role), ...}, "lines": [...]}
    for line, row in read(fileobj):
        email = row["email"].lower()
        try:
            validate_email(email)
        except ValidationError:
            report.errors.append((line, f"invalid e-mail address {row['email']!r}"))
            continue
        unit = units.get(row["unit_code"])
        if unit is None:
            report.errors.append((line, f"unknown unit code {row['unit_code']!r}"))
            continue
        roles = parse_roles(row["roles"])
        unknown = roles - ROLES
        if unknown or not roles:
            report.errors.append((line, f"unknown role(s) {', '.join(sorted(unknown)) or '(none)'}"))
            continue
        person = people.setdefault(email, {"name": row["full_name"], "assignments": set(), "lines": []})
        person["assignments"] |= {(unit, role) for role in roles}
        person["lines"].append(line)
    for email, person in people.items():
        label = f"{email} → " + "; ".join(sorted(f"{u.code}: {r}" for u, r in person["assignments"]))
        matches = list(User.objects.filter(email__iexact=email)[:2])
        if len(matches) > 1:
            report.errors.append((person["lines"][0], f"{email} belongs to more than one account; fix that first"))
            continue
        if dry_run:
            (report.updated if matches else report.created).append(label)
            continue
        with transaction.atomic():
            user, created, changed = _apply(User, matches[0] if matches else None, email, person["name"],
                                            person["assignments"])
        if created:
            report.created.append(label)
            if invite:
                transaction.on_commit(lambda user=user: invite(user))
                report.invited.append(email)
        elif changed:
            report.updated.append(label)
        else:
            report.unchanged.append(label)
    return report


ROLE_MAP = {"editor": UnitMembership.Role.EDITOR, "reviewer": UnitMembership.Role.REVIEWER,
            "liaison": UnitMembership.Role.LIAISON, "head": UnitMembership.Role.HEAD}


def _managed_group_ids():
    """The groups the roster decides about (others, given by hand, are left alone)."""
    names = [permissions.TRANSLATORS_GROUP, permissions.LIAISON_GROUP, permissions.DISKOMINFO_GROUP]
    q = Group.objects.filter(name__in=names) | Group.objects.filter(name__endswith=" editors") | \
        Group.objects.filter(name__endswith=" reviewers")
    return set(q.values_list("pk", flat=True))


def _apply(User, user, email, full_name, assignments):
    created = user is None
    first, _, last = full_name.partition(" ")
    changed = False
    if created:
        username = username_for(email)
        if User.objects.filter(username=username).exists():
            username = email[:150]
        user = User(username=username, email=email, first_name=first[:150], last_name=last[:150])
        user.set_unusable_password()  # they set their own through the invitation link
        user.save()
    elif full_name and (user.first_name, user.last_name) != (first[:150], last[:150]):
        user.first_name, user.last_name = first[:150], last[:150]
        user.save(update_fields=["first_name", "last_name"])
        changed = True
    wanted = set()
    for unit, role in assignments:
        if role in ("editor", "reviewer", "head"):
            groups = permissions.ensure_unit_groups(unit)
            wanted.add(groups.editors)
            if role in ("reviewer", "head"):
                wanted.add(groups.reviewers)
                if unit.code == permissions.SITE_PUBLISHER_UNIT:
                    wanted.add(Group.objects.get(name=permissions.DISKOMINFO_GROUP))
        elif role == "translator":
            wanted.add(Group.objects.get_or_create(name=permissions.TRANSLATORS_GROUP)[0])
        elif role == "liaison":
            wanted.add(Group.objects.get_or_create(name=permissions.LIAISON_GROUP)[0])
    current = set(user.groups.filter(pk__in=_managed_group_ids()))
    if wanted - current:
        user.groups.add(*(wanted - current))
        changed = True
    if current - wanted:
        user.groups.remove(*(current - wanted))
        changed = True
    wanted_memberships = {(unit.pk, ROLE_MAP[role]) for unit, role in assignments if role in ROLE_MAP}
    existing = {(m.unit_id, m.role): m for m in UnitMembership.objects.filter(user=user)}
    for key in wanted_memberships - set(existing):
        UnitMembership.objects.create(user=user, unit_id=key[0], role=key[1])
        changed = True
    for key in set(existing) - wanted_memberships:
        existing[key].delete()
        changed = True
    return user, created, changed and not created
