from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .complaint import Complaint


class OutboundEmail(models.Model):
    """Outbox: written in the same transaction as what caused it, sent by a background task.

    A mail server that is down only delays the message: it stays here until it is sent.
    A sender claims a message (state "sending", a lease in `claimed_until`, its id in `claimed_by`)
    before it calls the mail server, so two senders never send the same message; a sender that dies
    holding a claim gives the message back when the lease runs out (see notifications.send_one).
    """

    class State(models.TextChoices):
        PENDING = "pending", _("Pending")
        SENDING = "sending", _("Being sent")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed (gave up)")

    complaint = models.ForeignKey(Complaint, null=True, blank=True, related_name="emails", on_delete=models.SET_NULL)
    to = models.EmailField()
    subject = models.CharField(max_length=200)
    body = models.TextField()
    state = models.CharField(max_length=10, choices=State.choices, default=State.PENDING, db_index=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now, db_index=True)
    last_error = models.CharField(max_length=200, blank=True)
    claimed_until = models.DateTimeField(null=True, blank=True)
    claimed_by = models.CharField(max_length=32, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["pk"]
