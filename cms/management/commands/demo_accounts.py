from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "List the demo accounts (user name and groups); they all use DEMO_PASSWORD."

    def handle(self, *args, **options):
        users = get_user_model().objects.filter(is_active=True).prefetch_related("groups").order_by("-is_superuser", "username")
        for user in users[:20]:
            role = "superuser" if user.is_superuser else ", ".join(g.name for g in user.groups.all()) or "-"
            self.stdout.write(f"    {user.username:<24} {role}")
        if users.count() > 20:
            self.stdout.write(f"    ... and {users.count() - 20} more")
