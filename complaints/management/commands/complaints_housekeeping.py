from django.core.management.base import BaseCommand

from complaints.models import PendingUpload
from complaints.notifications import send_due


class Command(BaseCommand):
    help = "Run on a timer (every few minutes): send due e-mails, remove photos kept for forms never sent."

    def handle(self, *args, **options):
        sent = send_due()
        expired = 0
        for upload in PendingUpload.expired().iterator():
            upload.file.delete(save=False)
            upload.delete()
            expired += 1
        self.stdout.write(f"Sent {sent} e-mail(s); removed {expired} abandoned photo(s).")
