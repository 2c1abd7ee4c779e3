from django.core.management.base import BaseCommand

from complaints.notifications import send_due


class Command(BaseCommand):
    help = "Send the e-mails in the outbox whose time has come (run on a timer)."

    def handle(self, *args, **options):
        self.stdout.write(f"Sent {send_due()} e-mail(s).")
