from django.core.management.base import BaseCommand

from complaints import retention, sla
from complaints.models import PendingUpload
from complaints.notifications import send_due


class Command(BaseCommand):
    help = ("Run on a timer (every 5 minutes): deadlines (reminders, escalation, automatic closing), "
            "due e-mails, photos kept for forms that were never sent, and the retention of personal data.")

    def handle(self, *args, **options):
        figures = sla.run()
        sent = send_due()
        expired = 0
        for upload in PendingUpload.expired().iterator():
            upload.file.delete(save=False)
            upload.delete()
            expired += 1
        anonymised, _cutoff = retention.run()  # UU PDP retention; cheap when nothing is due
        self.stdout.write(
            f"Escalated {figures['escalated']}, reminded {figures['reminded']}, closed {figures['closed']}; "
            f"sent {sent} e-mail(s); removed {expired} abandoned photo(s); anonymised {anonymised} old report(s).")
