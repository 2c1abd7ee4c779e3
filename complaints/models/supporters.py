import hashlib
import hmac
import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .complaint import Complaint


class Supporter(models.Model):
    """Someone with the same problem ("I have this problem too"), told of the report's public steps.

    Like a reporter, the address is confirmed by a link before any update is sent to it. The links
    carry an HMAC of the supporter's public id, so nothing usable as a link is stored. Stopping the
    updates deletes the row: nothing of the person is kept.
    """

    complaint = models.ForeignKey(Complaint, related_name="supporters", on_delete=models.CASCADE)
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    email = models.EmailField(_("e-mail"))
    language = models.CharField(_("language"), max_length=5, choices=settings.LANGUAGES, default="id")
    verified_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    # The report this person first sent, when the desk merged it here.
    from_complaint = models.ForeignKey(Complaint, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    client_key = models.CharField(max_length=64, blank=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("supporter")
        verbose_name_plural = _("supporters")
        constraints = [models.UniqueConstraint(fields=["complaint", "email"], name="unique_supporter_per_complaint")]

    def __str__(self):
        return str(self.public_id)

    @property
    def token(self):
        digest = hmac.new(settings.SECRET_KEY.encode(), f"supporter:{self.public_id}".encode(), hashlib.sha256)
        return f"{self.public_id.hex}{digest.hexdigest()[:32]}"  # no dots: the page URL pattern takes \w and -

    @classmethod
    def find(cls, raw):
        """The supporter a link token belongs to, or None (a forged or mangled token finds nobody)."""
        try:
            public_id = uuid.UUID(hex=(raw or "")[:32])
        except ValueError:
            return None
        supporter = cls.objects.select_related("complaint").filter(public_id=public_id).first()
        if supporter is None or not hmac.compare_digest(supporter.token, raw):
            return None
        return supporter
