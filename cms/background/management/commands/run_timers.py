from django.core.management.base import BaseCommand

from cms.background import timers


class Command(BaseCommand):
    help = ("The site's timers in one loop: send due e-mails (every tick), complaints_housekeeping, "
            "publish_scheduled and the stale-page reminders (each claimed for its period). Safe to run on "
            "every server at once; survives database errors between runs. Without this (or a task "
            "worker), no e-mail is delivered.")

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="Run one round and exit (for cron).")
        parser.add_argument("--interval", type=int, default=60, help="Seconds between rounds (default 60).")

    def handle(self, *args, once=False, interval=60, **options):
        failed = timers.loop(max(interval, 1), once=once)
        if once and failed:
            self.stderr.write(f"{failed} job(s) failed; see the log.")
            raise SystemExit(1)
