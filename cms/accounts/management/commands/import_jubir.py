"""python manage.py import_jubir roster.csv [--dry-run] [--no-invite]"""

from django.core.management.base import BaseCommand, CommandError

from cms.accounts.roster import import_roster
from cms.accounts.tasks import send_invitation


class Command(BaseCommand):
    help = ("Create or update editors from a roster CSV (email, full_name, unit_code, roles), put them in "
            "their units' groups, create missing unit sections and e-mail new people a password link.")

    def add_arguments(self, parser):
        parser.add_argument("roster", help="Path to the CSV file (UTF-8).")
        parser.add_argument("--dry-run", action="store_true", help="Only say what would be done.")
        parser.add_argument("--no-invite", action="store_true", help="Create accounts without sending e-mail.")

    def handle(self, *args, **options):
        invite = None if options["no_invite"] else (lambda user: send_invitation.enqueue(user.pk))
        try:
            with open(options["roster"], encoding="utf-8-sig") as fh:
                report = import_roster(fh, dry_run=options["dry_run"], invite=invite)
        except (OSError, ValueError) as error:
            raise CommandError(f"Cannot read the roster: {error}") from error
        prefix = "would create" if options["dry_run"] else "created"
        for label in report.created:
            self.stdout.write(f"{prefix}: {label}")
        for label in report.updated:
            self.stdout.write(f"{'would update' if options['dry_run'] else 'updated'}: {label}")
        for line, message in report.errors:
            self.stderr.write(f"line {line}: {message}")
        self.stdout.write(f"{len(report.created)} new, {len(report.updated)} updated, {len(report.unchanged)} unchanged, "
                          f"{len(report.errors)} error(s), {len(report.invited)} invitation(s) queued.")
