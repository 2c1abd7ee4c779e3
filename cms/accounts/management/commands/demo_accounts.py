from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db.models import Q

from cms.models import UnitMembership


class Command(BaseCommand):
    help = "List the demo accounts; they all use DEMO_PASSWORD."

    def handle(self, *args, **options):
        users = (get_user_model().objects.filter(is_active=True).exclude(password__startswith="!")
                 .prefetch_related("groups", "unit_memberships__unit").order_by("-is_superuser", "username"))
        editor_roles = Q(unit_memberships__role__in=[UnitMembership.Role.EDITOR, UnitMembership.Role.REVIEWER])
        officers = users.exclude(editor_roles)
        for user in officers:
            units = ", ".join(sorted({m.unit.display_name for m in user.unit_memberships.all()}))
            role = "superuser" if user.is_superuser else ", ".join(g.name for g in user.groups.all()) or "-"
            self.stdout.write(f"    {user.username:<16} {role}{f' ({units})' if units else ''}")
        editors = users.filter(editor_roles).distinct()
        if editors.exists():
            examples = []
            for user in editors[:60]:
                m = user.unit_memberships.first()
                if m and m.unit.kind not in {e[1] for e in examples}:
                    examples.append((user.username, m.unit.kind, m.unit.display_name, m.get_role_display()))
            self.stdout.write(f"    and {editors.count()} jubir digital from the sample roster, for example:")
            for username, _kind, unit, role in examples[:4]:
                self.stdout.write(f"      {username:<30} {role}, {unit}")
