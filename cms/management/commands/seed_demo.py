"""Load the demo site. Each app contributes through its own `demo.py`:

    seed(ctx)    creates that app's demo content (idempotent; never overwrites an editor's change)
    finish(ctx)  optional, runs after every app has seeded (for links between apps)

Apps run in INSTALLED_APPS order, so `cms` (units, accounts) comes before the content.
"""

from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import translation


class Command(BaseCommand):
    help = "Create the demo site (idempotent). Refuses to run with DEBUG off unless --force."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Run even with DEBUG off.")

    def handle(self, *args, **options):
        if not settings.DEBUG and not options["force"]:
            raise CommandError("DEBUG is off: this looks like production. Use --force to seed anyway.")
        modules = []
        for config in apps.get_app_configs():
            name = f"{config.name}.demo"
            if find_spec(config.name) and find_spec(name):
                modules.append(import_module(name))
        ctx = {"stdout": self.stdout, "password": settings.DEMO_PASSWORD}
        with translation.override(settings.LANGUAGE_CODE), transaction.atomic():
            for module in modules:
                module.seed(ctx)
            for module in modules:
                if hasattr(module, "finish"):
                    module.finish(ctx)
        self.stdout.write(self.style.SUCCESS("Demo content is ready."))
