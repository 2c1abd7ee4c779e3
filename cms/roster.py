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

from . import permissions
from .models import OrganisationUnit, UnitMembership

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

    Each row is its own transaction: a bad row is reported with its line number and the rest
    still imports.
    """
    report = Report()
    User = get_user_model()
    units = {u.code: u for u in OrganisationUnit.objects.all()}
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
        if dry_run:
            exists = User.objects.filter(email__iexact=email).exists()
            (report.updated if exists else report.created).append(f"{email} → {unit.code}: {', '.join(sorted(roles))}")
            continue
        with transaction.atomic():
            user, created, changed = _apply(User, email, row["full_name"], unit, roles)
        label = f"{email} → {unit.code}: {', '.join(sorted(roles))}"
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


def _apply(User, email, full_name, unit, roles):
    user = User.objects.filter(email__iexact=email).first()
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
    elif (user.first_name, user.last_name) != (first[:150], last[:150]) and full_name:
        user.first_name, user.last_name = first[:150], last[:150]
        user.save(update_fields=["first_name", "last_name"])
        changed = True
    groups = permissions.ensure_unit_groups(unit)
    wanted = set()
    if roles & {"editor", "reviewer", "head"}:
        wanted.add(groups.editors)
    if roles & {"reviewer", "head"}:
        wanted.add(groups.reviewers)
        if unit.code == permissions.SITE_PUBLISHER_UNIT:
            wanted.add(Group.objects.get(name=permissions.DISKOMINFO_GROUP))
    if "translator" in roles:
        wanted.add(Group.objects.get(name=permissions.TRANSLATORS_GROUP))
    if "liaison" in roles:
        wanted.add(Group.objects.get(name=permissions.LIAISON_GROUP))
    missing = [g for g in wanted if not user.groups.filter(pk=g.pk).exists()]
    if missing:
        user.groups.add(*missing)
        changed = True
    role_map = {"editor": UnitMembership.Role.EDITOR, "reviewer": UnitMembership.Role.REVIEWER,
                "liaison": UnitMembership.Role.LIAISON, "head": UnitMembership.Role.HEAD}
    for role in roles & set(role_map):
        _, made = UnitMembership.objects.get_or_create(user=user, unit=unit, role=role_map[role])
        changed |= made
    return user, created, changed and not created
