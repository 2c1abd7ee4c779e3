"""Create the section (profile) page of every unit of the given kinds, with its groups and permissions.

    python manage.py create_unit_sections kecamatan kelurahan

Idempotent: existing pages, groups and permissions are kept.
"""

from django.core.management.base import BaseCommand, CommandError

from cms.accounts.permissions import ensure_unit_groups
from cms.models import OrganisationUnit


class Command(BaseCommand):
    help = "Create each unit's section page, groups and permissions (e.g. for all kecamatan and kelurahan)."

    def add_arguments(self, parser):
        parser.add_argument("kinds", nargs="+", help="Unit kinds: opd bumd kecamatan kelurahan puskesmas")

    def handle(self, *args, **options):
        kinds = set(options["kinds"])
        unknown = kinds - set(OrganisationUnit.Kind.values) | ({"external"} & kinds)
        if unknown:
            raise CommandError(f"Unknown or unsupported kind(s): {', '.join(sorted(unknown))}")
        count = 0
        for unit in OrganisationUnit.objects.filter(kind__in=kinds).order_by("kind", "region_code", "code"):
            ensure_unit_groups(unit)
            count += 1
        self.stdout.write(f"{count} unit(s) have their section, groups and permissions.")
