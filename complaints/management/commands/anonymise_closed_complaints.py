from django.core.management.base import BaseCommand

from complaints import retention


class Command(BaseCommand):
    help = ("UU PDP retention: erase the reporter's personal data from reports closed for longer than "
            "COMPLAINT_RETENTION_DAYS (default 730). The report itself stays for the statistics. "
            "Also run by complaints_housekeeping.")

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, help="Override COMPLAINT_RETENTION_DAYS for this run.")
        parser.add_argument("--dry-run", action="store_true", help="Only count what would be anonymised.")

    def handle(self, *args, **options):
        count, cutoff = retention.run(days=options["days"], dry_run=options["dry_run"])
        verb = "Would anonymise" if options["dry_run"] else "Anonymised"
        self.stdout.write(f"{verb} {count} report(s) closed before {cutoff.date().isoformat()}.")
