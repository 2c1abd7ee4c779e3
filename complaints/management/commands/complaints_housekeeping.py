from django.core.management.base import BaseCommand

from cms.storage import complaint_photo_storage, delete_quietly
from complaints import photos, retention, sla
from complaints.models import PendingUpload
from complaints.notifications import send_due


class Command(BaseCommand):
    help = ("Run on a timer (every 5 minutes): deadlines (reminders, escalation, automatic closing), "
            "due e-mails, photos kept for forms that were never sent, stored photos no report references, "
            "and the retention of personal data.")

    def handle(self, *args, **options):
        figures = sla.run()
        sent = send_due()
        expired = 0
        for upload in PendingUpload.expired().iterator():
            # The row first: a file whose deletion fails is left to the orphan sweep, never a row without its file.
            name = upload.file.name
            upload.delete()
            delete_quietly(complaint_photo_storage, [name])
            expired += 1
        orphans = photos.sweep_orphans()
        anonymised, _cutoff = retention.run()  # UU PDP retention; cheap when nothing is due
        self.stdout.write(
            f"Escalated {figures['escalated']}, reminded {figures['reminded']}, closed {figures['closed']}; "
            f"sent {sent} e-mail(s); removed {expired} abandoned photo(s) and {orphans} stored photo(s) without "
            f"a report; anonymised {anonymised} old report(s).")
