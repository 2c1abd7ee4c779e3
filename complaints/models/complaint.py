"""A complaint, its timeline and its survey answers, and the words for its states."""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .category import Category

# An alphabet without look-alikes (no 0/O, 1/I/L): a code read aloud on the phone survives.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 10
# What an erased address becomes in the outbox's records (the field must hold an address).
ERASED_ADDRESS = "erased@invalid"
# An anonymous report keeps no way of naming or reaching the person, except an e-mail address
# while the confirmation link sent there is still to be used.
ANONYMOUS_NEVER_KEPT = ("name", "phone", "contact_handle")


def new_tracking_code():
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


# The reason a report is rejected as spam (workflow.REJECT_REASONS): such a report leaves the public web.
SPAM = "spam"


def normalise_code(raw):
    """A tracking code as people type it (lower case, spaces, dashes) in the stored form."""
    return "".join(ch for ch in (raw or "").upper() if ch.isalnum())[:30]


class ComplaintQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status__in=self.model.OPEN_STATES)

    def closed(self):
        return self.filter(status__in=self.model.CLOSED_STATES)

    def final(self):
        return self.filter(status__in=self.model.FINAL_STATES)

    def late(self, now=None):
        """Open reports past their deadline (the inbox flag, the Late filter, the dashboard, the home panel)."""
        return self.open().filter(due_at__lt=now or timezone.now())

    def public(self):
        """What may be shown outside the city's offices: never confidential reports, never spam."""
        return self.filter(confidential=False).without_spam()

    def without_spam(self):
        """Every report but spam: what a tracking code may answer for on the public web (a confidential
        report keeps its tracking page, without its photos). Officers' lists and counts keep spam."""
        return self.exclude(rejected_reason=SPAM)

    def screened(self):
        """Reports the desk has looked at (verified or further), not what arrived a minute ago."""
        return self.exclude(status__in=self.model.UNSCREENED_STATES)

    def by_code(self, raw):
        return self.filter(tracking_code=normalise_code(raw))

    def by_codes(self, raws):
        return self.filter(tracking_code__in=[normalise_code(raw) for raw in raws])


class Complaint(models.Model):
    class Status(models.TextChoices):
        RECEIVED = "received", _("Received")
        AWAITING_VERIFICATION = "awaiting_verification", _("Awaiting verification")
        VERIFIED = "verified", _("Verified")
        DISPATCHED = "dispatched", _("Sent to the responsible unit")
        IN_PROGRESS = "in_progress", _("In progress")
        RESOLVED = "resolved", _("Resolved")
        CLOSED = "closed", _("Closed")
        REJECTED = "rejected", _("Rejected")
        NOT_AUTHORITY = "not_authority", _("Not the city's authority")
        FORWARDED = "forwarded", _("Forwarded to SP4N-LAPOR!")
        REOPENED = "reopened", _("Reopened")
        MERGED = "merged", _("Merged with another report")

    class Channel(models.TextChoices):
        WEB = "web", _("Website")
        WHATSAPP = "whatsapp", "WhatsApp"
        INSTAGRAM = "instagram", "Instagram"
        FACEBOOK = "facebook", "Facebook"
        X = "x", "X"
        YOUTUBE = "youtube", "YouTube"
        PHONE = "phone", _("Phone")
        RADIO = "radio", _("Radio")
        IN_PERSON = "in_person", _("In person")
        LAPOR = "lapor", "SP4N-LAPOR!"
        OPEN311 = "open311", "Open311"

    # One vocabulary for every list, filter, deadline and export. A report is open while the city
    # still owes it something; resolved, it waits for the reporter or the automatic close; final
    # states are not left by themselves (retention counts from them). Closed = not open.
    FINAL_STATES = frozenset({Status.CLOSED, Status.REJECTED, Status.NOT_AUTHORITY, Status.FORWARDED,
                              Status.MERGED})
    CLOSED_STATES = FINAL_STATES | {Status.RESOLVED}
    OPEN_STATES = frozenset(Status.values) - CLOSED_STATES
    # Not yet looked at by the desk or confirmed by the reporter: kept out of public lists.
    UNSCREENED_STATES = frozenset({Status.RECEIVED, Status.AWAITING_VERIFICATION})

    tracking_code = models.CharField(_("tracking code"), max_length=16, unique=True, default=new_tracking_code,
                                     editable=False)
    submission_id = models.UUIDField(_("submission id"), unique=True, null=True, blank=True, editable=False,
                                     help_text=_("Sent with the form so that a double submit creates one complaint."))
    category = models.ForeignKey(Category, verbose_name=_("category"), on_delete=models.PROTECT, related_name="complaints")
    description = models.TextField(_("description"), max_length=4000)
    kelurahan = models.ForeignKey("cms.OrganisationUnit", verbose_name=_("sub-district (kelurahan)"), null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="+", limit_choices_to={"kind": "kelurahan"})
    address = models.CharField(_("address or landmark"), max_length=255, blank=True)
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True, blank=True)

    # Personal data (UU PDP): the minimum, never public, erased on request.
    name = models.CharField(_("name"), max_length=120, blank=True)
    email = models.EmailField(_("e-mail"), blank=True, db_index=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    anonymous = models.BooleanField(_("anonymous"), default=False,
                                    help_text=_("The reporter's identity is hidden, even from the agency."))
    confidential = models.BooleanField(_("confidential"), default=False,
                                       help_text=_("The report is never shown publicly."))
    consent_at = models.DateTimeField(_("privacy consent given at"), null=True, blank=True)
    personal_data_erased_at = models.DateTimeField(_("personal data erased at"), null=True, blank=True)
    # HMAC of the sender's IP address, for rate limiting without storing the address itself.
    client_key = models.CharField(max_length=64, blank=True, db_index=True, editable=False)

    language = models.CharField(_("language"), max_length=5, choices=settings.LANGUAGES, default="id")
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices, default=Channel.WEB)
    status = models.CharField(_("status"), max_length=30, choices=Status.choices, default=Status.RECEIVED, db_index=True)
    unit = models.ForeignKey("cms.OrganisationUnit", verbose_name=_("responsible unit"), null=True, blank=True,
                             on_delete=models.PROTECT, related_name="complaints")
    due_at = models.DateTimeField(_("current deadline"), null=True, blank=True, db_index=True)
    # Routing: what the rules suggest, and the rule that said so.
    suggested_unit = models.ForeignKey("cms.OrganisationUnit", verbose_name=_("suggested unit"), null=True, blank=True,
                                       on_delete=models.SET_NULL, related_name="+")
    routing_rule = models.ForeignKey("RoutingRule", verbose_name=_("routing rule"), null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+")
    authority_rule = models.ForeignKey("AuthorityRule", verbose_name=_("possibly not the city's authority"),
                                       null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    external_body = models.ForeignKey("cms.OrganisationUnit", verbose_name=_("responsible outside body"), null=True,
                                      blank=True, on_delete=models.PROTECT, related_name="+")
    lapor_reference = models.CharField(_("SP4N-LAPOR! reference"), max_length=60, blank=True)
    # Reports the desk types in from other channels (issue 8): where it came from and who typed it.
    channel_reference = models.CharField(_("original link or reference"), max_length=500, blank=True,
                                         help_text=_("The link to the post or message, or its reference number."))
    contact_handle = models.CharField(_("social-media account or other contact"), max_length=120, blank=True)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("entered by"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+", editable=False)
    merged_into = models.ForeignKey("self", verbose_name=_("merged into"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="merged_reports", editable=False)
    rejected_reason = models.CharField(_("reason for rejection"), max_length=20, blank=True)
    dispatched_at = models.DateTimeField(_("dispatched at"), null=True, blank=True)
    first_response_at = models.DateTimeField(_("first response at"), null=True, blank=True)
    escalation_level = models.PositiveSmallIntegerField(_("escalation level"), default=0)
    reminded_for = models.DateTimeField(null=True, blank=True, editable=False,
                                        help_text="The deadline a reminder was last sent for.")
    verified_at = models.DateTimeField(_("reporter verified at"), null=True, blank=True)
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    reopen_count = models.PositiveSmallIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(_("received at"), default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    # When the public last saw a change: the latest public timeline step, else the arrival. Not updated_at,
    # which also moves for what only officers see. Kept by ComplaintEvent.save() so that Open311's
    # updated_datetime and its updated_after/updated_before filters read one indexed column.
    public_updated_at = models.DateTimeField(editable=False, db_index=True)

    objects = ComplaintQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("complaint")
        verbose_name_plural = _("complaints")
        indexes = [models.Index(fields=["client_key", "created_at"])]
        # Exports carry reporters' names and contacts only for people given this on purpose.
        permissions = [("export_personal_data", _("Can export reporters' personal data"))]

    def __str__(self):
        return self.tracking_code

    def save(self, *args, **kwargs):
        if self.public_updated_at is None:
            self.public_updated_at = self.created_at
        elif self.pk is not None and not self._state.adding and kwargs.get("update_fields") is None:
            # Only ComplaintEvent.save() moves it forward; a full save of an instance loaded before a
            # public step must not put it back.
            kwargs["update_fields"] = [f.attname for f in self._meta.concrete_fields
                                       if not f.primary_key and f.attname != "public_updated_at"]
        super().save(*args, **kwargs)

    @property
    def is_open(self):
        """Still with the city: not yet resolved, nor ended another way."""
        return self.status in self.OPEN_STATES

    @property
    def is_final(self):
        return self.status in self.FINAL_STATES

    def is_late(self, now=None):
        """Open and past its deadline; a resolved report waiting to close by itself is not late."""
        return bool(self.due_at and self.is_open and self.due_at < (now or timezone.now()))

    def public_events(self):
        return self.events.filter(is_public=True).order_by("created_at", "pk")

    def forget_anonymous_contact(self):
        """An anonymous report past verification keeps no contact at all: the e-mail address was
        only there for the confirmation link. Returns True when something was erased."""
        if not self.anonymous or self.status in self.UNSCREENED_STATES:
            return False
        fields = [name for name in ("email", *ANONYMOUS_NEVER_KEPT) if getattr(self, name)]
        for name in fields:
            setattr(self, name, "")
        if fields:
            self.save(update_fields=[*fields, "updated_at"])
        # The outbox's records of what was sent keep no address either (unsent messages keep it
        # until they go; notifications.send_one erases it then).
        self.emails.filter(state=self.emails.model.State.SENT).exclude(to=ERASED_ADDRESS).update(to=ERASED_ADDRESS)
        return bool(fields)

    def erase_personal_data(self):
        """UU PDP deletion: the report stays (and counts in the statistics), the person goes."""
        self.name = ""
        self.email = ""
        self.phone = ""
        self.client_key = ""
        # A handle or a link to the original post names the person as surely as an e-mail address.
        self.contact_handle = ""
        self.channel_reference = ""
        self.personal_data_erased_at = timezone.now()
        self.save(update_fields=["name", "email", "phone", "client_key", "contact_handle", "channel_reference",
                                 "personal_data_erased_at", "updated_at"])
        self.tokens.filter(used_at__isnull=True).exclude(purpose=self.tokens.model.Purpose.SURVEY).update(used_at=timezone.now())
        self.tokens.exclude(new_email="").update(new_email="")  # an address waiting to be confirmed
        # Messages not yet delivered go too: their address and links belong to the person.
        self.emails.exclude(state=self.emails.model.State.SENT).delete()
        self.emails.update(to=ERASED_ADDRESS, body="")
        # Merged into another report, the reporter followed it as a supporter: that address goes too.
        self.supporters.model.objects.filter(from_complaint=self).delete()
        # People whose comments a client system forwarded on this report (open311.models.ForwardedComment).
        self.forwarded_comments.update(name="", email="", phone="", media_url="")


class ComplaintEvent(models.Model):
    """One step on a complaint's timeline."""

    complaint = models.ForeignKey(Complaint, related_name="events", on_delete=models.CASCADE)
    created_at = models.DateTimeField(default=timezone.now)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    status = models.CharField(max_length=30, choices=Complaint.Status.choices, blank=True)
    action = models.CharField(max_length=20, blank=True)
    unit = models.ForeignKey("cms.OrganisationUnit", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    is_public = models.BooleanField(default=True)
    public_message = models.TextField(blank=True)
    # A standard text (complaints.models.messages), shown in the reader's language; empty when an officer wrote it.
    message_key = models.CharField(max_length=40, blank=True)
    message_params = models.JSONField(default=dict, blank=True)
    internal_note = models.TextField(blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        # The update feed (servicerequestupdates) reads public steps by time across all reports.
        indexes = [models.Index(fields=["created_at"], condition=models.Q(is_public=True),
                                name="complaint_event_public_time")]

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        if self.is_public:
            # The report's last public change is its latest public step (a demo step may be dated earlier
            # than one already written, a test's even before the arrival): read it back, don't compare.
            latest = (ComplaintEvent.objects.filter(complaint=OuterRef("pk"), is_public=True)
                      .order_by("-created_at").values("created_at")[:1])
            Complaint.objects.filter(pk=self.complaint_id).update(public_updated_at=Subquery(latest))
            if self._meta.get_field("complaint").is_cached(self):  # keep the caller's instance in step
                self.complaint.refresh_from_db(fields=["public_updated_at"])

    @property
    def display_message(self):
        """The public message in the reader's language when it is a standard text, else as written."""
        from .messages import render

        return render(self)

    @property
    def is_standard_message(self):
        from .messages import TEXTS

        return self.message_key in TEXTS


class SurveyResponse(models.Model):
    class Rating(models.IntegerChoices):
        VERY_SATISFIED = 4, _("Very satisfied (Sangat Puas)")
        SATISFIED = 3, _("Satisfied (Puas)")
        FAIRLY_SATISFIED = 2, _("Fairly satisfied (Cukup Puas)")
        NOT_SATISFIED = 1, _("Not satisfied (Tidak Puas)")

    complaint = models.ForeignKey(Complaint, related_name="survey_responses", on_delete=models.CASCADE)
    rating = models.PositiveSmallIntegerField(_("rating"), choices=Rating.choices)
    fixed = models.BooleanField(_("the problem is fixed"), default=True)
    comment = models.TextField(_("comment"), max_length=2000, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
