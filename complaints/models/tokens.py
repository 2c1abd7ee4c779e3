import hashlib
import secrets
from datetime import timedelta

from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from .complaint import Complaint


class ComplaintToken(models.Model):
    """A secret link sent to the reporter. Only a hash is stored, so a database leak yields no links."""

    class Purpose(models.TextChoices):
        VERIFY = "verify", _("Verify the report")
        SURVEY = "survey", _("Satisfaction survey")
        DATA = "data", _("See, correct or delete personal data")
        EMAIL = "email", _("Confirm a new e-mail address")

    complaint = models.ForeignKey(Complaint, related_name="tokens", on_delete=models.CASCADE)
    purpose = models.CharField(max_length=10, choices=Purpose.choices)
    token_hash = models.CharField(max_length=64, unique=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    # EMAIL: the address the reporter asked to use instead, until they confirm it at that address.
    new_email = models.EmailField(blank=True)

    LIFETIME = {
        Purpose.VERIFY: timedelta(days=3),
        Purpose.SURVEY: timedelta(days=30),
        Purpose.DATA: timedelta(days=365),
        Purpose.EMAIL: timedelta(days=3),
    }

    @staticmethod
    def hash(raw):
        return hashlib.sha256(raw.encode()).hexdigest()

    @classmethod
    def issue(cls, complaint, purpose, **fields):
        """Create a token and return the raw value (to put in a link); it is not stored."""
        raw = secrets.token_urlsafe(32)
        cls.objects.create(complaint=complaint, purpose=purpose, token_hash=cls.hash(raw),
                           expires_at=timezone.now() + cls.LIFETIME[purpose], **fields)
        return raw

    @classmethod
    def find(cls, raw, purpose):
        """The token for this raw value and purpose, or None. Callers check `usable`."""
        if not raw or len(raw) > 100:
            return None
        return cls.objects.select_related("complaint").filter(token_hash=cls.hash(raw), purpose=purpose).first()

    @cached_property
    def usable(self):
        return self.used_at is None and self.expires_at > timezone.now()
