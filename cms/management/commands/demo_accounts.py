from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "List the demo accounts (user name and groups); they all use DEMO_PASSWORD."

    def handle(self, *args, **options):
        users = (get_user_model().objects.filter(is_active=True).exclude(password__startswith="!")
                 .prefetch_related("groups", "unit_memberships__unit").order_by("-is_superuser", "username"))
        for user in users[:20]:
            units = ", ".join(sorted({m.unit.short_name or m.unit.name for m in user.unit_memberships.all()}))
            role = "superuser" if user.is_superuser else ", ".join(g.name for g in user.groups.all()) or "-"
            self.stdout.write(f"    {user.username:<16} {role}{f' ({units})' if units else ''}")
        if users.count() > 20:
            self.stdout.write(f"    ... and {users.count() - 20} more")
