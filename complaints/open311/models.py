"""Clients of the Open311 API and the log of their requests (imported by complaints.models)."""

import hashlib
import secrets

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel


class ApiClient(models.Model):
    """A system allowed to send reports (an app, a chatbot, SP4N-LAPOR!). Only a hash of its key is kept."""

    name = models.CharField(_("name"), max_length=120)
    unit = models.ForeignKey("cms.OrganisationUnit", verbose_name=_("organisation"), null=True, blank=True,
                             on_delete=models.PROTECT, related_name="+",
                             help_text=_("The unit or outside body that runs this client, if any."))
    contact = models.CharField(_("contact"), max_length=200, blank=True,
                               help_text=_("An office e-mail address or phone number to reach about this client."))
    is_active = models.BooleanField(_("active"), default=True,
                                    help_text=_("Untick to revoke the key: requests with it are refused at once."))
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    key_prefix = models.CharField(_("key starts with"), max_length=8, editable=False)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True, editable=False)

    panels = [FieldPanel("name"), FieldPanel("unit"), FieldPanel("contact"), FieldPanel("is_active")]

    class Meta:
        ordering = ["name"]
        verbose_name = _("API client")
        verbose_name_plural = _("API clients")

    def __str__(self):
        return self.name

    @staticmethod
    def hash(raw):
        return hashlib.sha256(raw.encode()).hexdigest()

    def set_key(self, raw=None):
        """Give the client a new key; returns the raw key, which is shown once and never stored."""
        raw = raw or secrets.token_urlsafe(32)
        self.key_hash = self.hash(raw)
        self.key_prefix = raw[:6]
        return raw

    @classmethod
    def authenticate(cls, raw):
        """The active client with this key, or None."""
        if not raw or len(raw) > 200:
            return None
        return cls.objects.filter(key_hash=cls.hash(raw), is_active=True).first()

    def save(self, *args, **kwargs):
        if not self.key_hash:
            self.set_key()  # never a client without a key (nobody knows this one: issue a new key to use it)
        if self.is_active:
            self.revoked_at = None
        elif self.revoked_at is None:
            self.revoked_at = timezone.now()
        super().save(*args, **kwargs)


class ApiRequestLog(models.Model):
    """One request made with a key. No personal data: no query string, no body, no address."""

    client = models.ForeignKey(ApiClient, verbose_name=_("API client"), on_delete=models.CASCADE,
                               related_name="requests")
    created_at = models.DateTimeField(_("time"), default=timezone.now)
    method = models.CharField(_("method"), max_length=8)
    path = models.CharField(_("path"), max_length=200)
    status = models.PositiveSmallIntegerField(_("status"))
    complaint = models.ForeignKey("complaints.Complaint", verbose_name=_("complaint"), null=True, blank=True,
                                  on_delete=models.SET_NULL, related_name="api_requests")

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("API request")
        verbose_name_plural = _("API requests")
        indexes = [models.Index(fields=["client", "created_at"])]

    def __str__(self):
        return f"{self.method} {self.path} {self.status}"


class ForwardedComment(models.Model):
    """A citizen's comment that a client system forwarded (POST servicerequestupdates).

    Its words are an internal note on the report's timeline (`event`): the desk decides what, if anything,
    becomes public. Who wrote it is personal data, kept here with the same care as a reporter's (never
    published, erased with the report's personal data); a media_url is a link the city has not fetched.
    """

    complaint = models.ForeignKey("complaints.Complaint", on_delete=models.CASCADE, related_name="forwarded_comments")
    event = models.OneToOneField("complaints.ComplaintEvent", on_delete=models.CASCADE, related_name="forwarded_comment")
    client = models.ForeignKey(ApiClient, verbose_name=_("API client"), on_delete=models.PROTECT, related_name="+")
    # The client's own id for the comment (FixMyStreet sends its comment's id): a re-sent comment is not doubled.
    external_id = models.CharField(max_length=100, blank=True)
    status = models.CharField(_("status at the client"), max_length=40, blank=True)
    media_url = models.URLField(_("link to a photo (not checked)"), max_length=500, blank=True)
    commented_at = models.DateTimeField(_("written at"), null=True, blank=True)
    # Personal data (UU PDP), as on a report.
    name = models.CharField(_("name"), max_length=120, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    created_at = models.DateTimeField(_("received at"), default=timezone.now)

    class Meta:
        verbose_name = _("forwarded comment")
        verbose_name_plural = _("forwarded comments")
        constraints = [models.UniqueConstraint(fields=["client", "external_id"], condition=~models.Q(external_id=""),
                                               name="forwarded_comment_once_per_client")]

    def __str__(self):
        return f"{self.complaint_id}/{self.pk}"
