"""Citizen complaints: the page with the form, categories, complaints, their photos and timeline."""

import hashlib
import hmac
import secrets
import uuid
from datetime import timedelta

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, re_path
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from cms.blocks import RICH_TEXT_FEATURES
from cms.models import BasePage

from .paths import pattern, segment

# An alphabet without look-alikes (no 0/O, 1/I/L): a code read aloud on the phone survives.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 10


def new_tracking_code():
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def private_storage():
    """Complaint photos live outside MEDIA_ROOT: they are served only through a view that checks access."""
    return FileSystemStorage(location=settings.COMPLAINT_MEDIA_ROOT, base_url=None)


def photo_path(instance, filename):
    # A random name: nothing of the citizen's file name (which may hold a name or a date) is kept.
    return f"{timezone.now():%Y/%m}/{uuid.uuid4().hex}.jpg"


class ComplaintFormPage(RoutablePageMixin, BasePage):
    """/id/pengaduan/ = /en/complaints/: editors write the introduction; the form follows it.

    Its sub-pages (tracking, verification, survey, personal data) are routes of this page, so
    they share its translated slug: /id/pengaduan/lacak/ = /en/complaints/track/.
    """

    intro = RichTextField(_("introduction"), blank=True, features=RICH_TEXT_FEATURES)
    privacy_notice = RichTextField(
        _("privacy notice"), blank=True, features=RICH_TEXT_FEATURES,
        help_text=_("Shown beside the consent box. Leave empty to use the standard notice."),
    )

    translated_content_fields = ("intro",)
    show_in_search_results = True
    max_count = 1
    subpage_types = []
    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("privacy_notice")]
    search_fields = BasePage.search_fields + [index.SearchField("intro")]

    class Meta:
        verbose_name = _("complaint page")

    def serve(self, request, *args, **kwargs):
        # Forms, codes and statuses: nothing here may be kept by the page cache or a proxy.
        response = super().serve(request, *args, **kwargs)
        # Except the public figures, which hold nothing personal and may be cached (cms.pagecache.cache).
        if not getattr(response, "public_page", False):
            patch_cache_control(response, private=True, no_store=True)
        return response

    def sub_url(self, name, *parts, request=None):
        """URL of a sub-page in the current language, e.g. sub_url("track", code)."""
        return self.get_url(request=request) + "/".join([segment(name), *parts]) + "/"

    # Routes: the views are in views.py (imported late: views import these models).
    @re_path(r"^$", name="form")
    def form_route(self, request):
        from . import views

        return views.complaint_form(request, self)

    @re_path(rf"^{pattern('submitted')}/(?P<code>[A-Za-z0-9]{{6,16}})/$", name="submitted")
    def submitted_route(self, request, code):
        from . import views

        return views.submitted(request, self, code)

    @re_path(rf"^{pattern('track')}/$", name="track")
    def track_route(self, request):
        from . import views

        return views.track_form(request, self)

    @re_path(rf"^{pattern('track')}/(?P<code>[A-Za-z0-9-]{{1,30}})/$", name="track_detail")
    def track_detail_route(self, request, code):
        from . import views

        return views.track_detail(request, self, code)

    @re_path(rf"^{pattern('verify')}/(?P<token>[\w-]{{20,100}})/$", name="verify")
    def verify_route(self, request, token):
        from . import views

        return views.verify(request, self, token)

    @re_path(rf"^{pattern('survey')}/(?P<token>[\w-]{{20,100}})/$", name="survey")
    def survey_route(self, request, token):
        from . import views

        return views.survey(request, self, token)

    @re_path(rf"^{pattern('data')}/(?P<token>[\w-]{{20,100}})/$", name="data")
    def data_route(self, request, token):
        from . import views

        return views.personal_data(request, self, token)

    @re_path(rf"^{pattern('photo')}/(?P<public_id>[0-9a-f-]{{36}})/$", name="photo")
    def photo_route(self, request, public_id):
        from . import views

        return views.photo(request, self, public_id)

    @re_path(rf"^{pattern('upload')}/(?P<token>[\w-]{{20,64}})/$", name="upload")
    def upload_route(self, request, token):
        from . import views

        return views.pending_upload(request, self, token)

    @re_path(rf"^{pattern('statistics')}/$", name="statistics")
    def statistics_route(self, request):
        from . import statistics

        return statistics.statistics_view(request, self)

    @re_path(rf"^{pattern('similar')}/$", name="similar")
    def similar_route(self, request):
        from . import duplicates

        return duplicates.similar_json(request, self)

    @re_path(rf"^{pattern('supporter')}/(?P<token>[0-9a-f]{{64}})/$", name="supporter")
    def supporter_route(self, request, token):
        from . import duplicates

        return duplicates.supporter_view(request, self, token)


class Category(models.Model):
    """A kind of problem. The desk edits these; routing rules hang on them."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=100)
    help_text = models.CharField(_("help text"), max_length=250, blank=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=100)
    is_active = models.BooleanField(_("active"), default=True)

    panels = [FieldPanel("code"), FieldPanel("name"), FieldPanel("help_text"), FieldPanel("sort_order"), FieldPanel("is_active")]

    class Meta:
        ordering = ["sort_order", "code"]
        verbose_name = _("complaint category")
        verbose_name_plural = _("complaint categories")

    def __str__(self):
        return self.name


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

    tracking_code = models.CharField(_("tracking code"), max_length=16, unique=True, default=new_tracking_code, editable=False)
    submission_id = models.UUIDField(_("submission id"), unique=True, null=True, blank=True, editable=False,
                                     help_text=_("Sent with the form so that a double submit creates one complaint."))
    category = models.ForeignKey(Category, verbose_name=_("category"), on_delete=models.PROTECT, related_name="complaints")
    description = models.TextField(_("description"), max_length=4000)
    kelurahan = models.ForeignKey("cms.OrganisationUnit", verbose_name=_("kelurahan"), null=True, blank=True,
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

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("complaint")
        verbose_name_plural = _("complaints")
        indexes = [models.Index(fields=["client_key", "created_at"])]
        # Exports carry reporters' names and contacts only for people given this on purpose.
        permissions = [("export_personal_data", _("Can export reporters' personal data"))]

    def __str__(self):
        return self.tracking_code

    @property
    def has_contact(self):
        return bool(self.email or self.phone)

    @property
    def is_open(self):
        return self.status not in (self.Status.CLOSED, self.Status.REJECTED, self.Status.NOT_AUTHORITY,
                                   self.Status.MERGED)

    def public_events(self):
        return self.events.filter(is_public=True).order_by("created_at", "pk")

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
        self.tokens.filter(used_at__isnull=True).exclude(purpose=ComplaintToken.Purpose.SURVEY).update(used_at=timezone.now())
        # Messages not yet delivered go too: their address and links belong to the person.
        self.emails.exclude(state=OutboundEmail.State.SENT).delete()
        self.emails.update(to="erased@invalid", body="")
        # Merged into another report, the reporter followed it as a supporter: that address goes too.
        Supporter.objects.filter(from_complaint=self).delete()


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



class ComplaintPhoto(models.Model):
    complaint = models.ForeignKey(Complaint, related_name="photos", on_delete=models.CASCADE)
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    file = models.ImageField(storage=private_storage, upload_to=photo_path, width_field="width", height_field="height")
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["pk"]


class PendingUpload(models.Model):
    """A photo that passed the checks on a form that did not, kept so the citizen need not send it again."""

    token = models.CharField(max_length=64, unique=True)
    file = models.ImageField(storage=private_storage, upload_to=photo_path, width_field="width", height_field="height")
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    KEEP_FOR = timedelta(hours=6)

    @classmethod
    def expired(cls):
        return cls.objects.filter(created_at__lt=timezone.now() - cls.KEEP_FOR)


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
    internal_note = models.TextField(blank=True)

    class Meta:
        ordering = ["created_at", "pk"]


class ComplaintToken(models.Model):
    """A secret link sent to the reporter. Only a hash is stored, so a database leak yields no links."""

    class Purpose(models.TextChoices):
        VERIFY = "verify", _("Verify the report")
        SURVEY = "survey", _("Satisfaction survey")
        DATA = "data", _("See, correct or delete personal data")

    complaint = models.ForeignKey(Complaint, related_name="tokens", on_delete=models.CASCADE)
    purpose = models.CharField(max_length=10, choices=Purpose.choices)
    token_hash = models.CharField(max_length=64, unique=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    LIFETIME = {
        Purpose.VERIFY: timedelta(days=3),
        Purpose.SURVEY: timedelta(days=30),
        Purpose.DATA: timedelta(days=365),
    }

    @staticmethod
    def hash(raw):
        return hashlib.sha256(raw.encode()).hexdigest()

    @classmethod
    def issue(cls, complaint, purpose):
        """Create a token and return the raw value (to put in a link); it is not stored."""
        raw = secrets.token_urlsafe(32)
        cls.objects.create(complaint=complaint, purpose=purpose, token_hash=cls.hash(raw),
                           expires_at=timezone.now() + cls.LIFETIME[purpose])
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


class OutboundEmail(models.Model):
    """Outbox: written in the same transaction as what caused it, sent by a background task.

    A mail server that is down only delays the message: it stays here until it is sent.
    """

    class State(models.TextChoices):
        PENDING = "pending", _("Pending")
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
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["pk"]


def _keywords(text):
    return [k.strip().lower() for k in (text or "").split(",") if k.strip()]


class RoutingRule(models.Model):
    """Category (optionally narrowed by place or keywords) -> the unit that must act.

    The most specific matching rule wins: a kelurahan beats a kecamatan, a place beats keywords,
    keywords beat the category alone; among equals, the lower priority number.
    """

    category = models.ForeignKey(Category, verbose_name=_("category"), on_delete=models.CASCADE, related_name="routing_rules")
    kecamatan = models.ForeignKey("cms.OrganisationUnit", verbose_name=_("only in kecamatan"), null=True, blank=True,
                                  on_delete=models.CASCADE, related_name="+", limit_choices_to={"kind": "kecamatan"})
    kelurahan = models.ForeignKey("cms.OrganisationUnit", verbose_name=_("only in kelurahan"), null=True, blank=True,
                                  on_delete=models.CASCADE, related_name="+", limit_choices_to={"kind": "kelurahan"})
    keywords = models.CharField(_("only with one of these words"), max_length=255, blank=True,
                                help_text=_("Comma separated, matched in the description and address."))
    unit = models.ForeignKey("cms.OrganisationUnit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")
    priority = models.PositiveSmallIntegerField(_("priority"), default=100, help_text=_("Lower wins among equals."))
    is_active = models.BooleanField(_("active"), default=True)

    panels = [FieldPanel("category"), FieldPanel("kecamatan"), FieldPanel("kelurahan"), FieldPanel("keywords"),
              FieldPanel("unit"), FieldPanel("priority"), FieldPanel("is_active")]

    class Meta:
        ordering = ["category__sort_order", "priority", "pk"]
        verbose_name = _("routing rule")
        verbose_name_plural = _("routing rules")

    def __str__(self):
        return f"{self.category} → {self.unit}"

    @property
    def specificity(self):
        return 8 * bool(self.kelurahan_id) + 4 * bool(self.kecamatan_id) + 2 * bool(self.keywords.strip())

    def matches(self, complaint, text):
        if self.category_id != complaint.category_id:
            return False
        if self.kelurahan_id and self.kelurahan_id != complaint.kelurahan_id:
            return False
        if self.kecamatan_id and (complaint.kelurahan is None or complaint.kelurahan.parent_id != self.kecamatan_id):
            return False
        words = _keywords(self.keywords)
        return not words or any(word in text for word in words)


class AuthorityRule(models.Model):
    """Words, places or a category that point outside the city's authority (bukan wewenang)."""

    name = models.CharField(_("name"), max_length=120)
    keywords = models.CharField(_("words"), max_length=500, blank=True,
                                help_text=_("Comma separated, matched in the description and address."))
    category = models.ForeignKey(Category, verbose_name=_("category"), null=True, blank=True, on_delete=models.CASCADE,
                                 related_name="+", help_text=_("Matches every report of this category."))
    responsible_body = models.ForeignKey("cms.OrganisationUnit", verbose_name=_("responsible body"),
                                         on_delete=models.PROTECT, related_name="+",
                                         limit_choices_to={"kind": "external"})
    is_active = models.BooleanField(_("active"), default=True)

    panels = [FieldPanel("name"), FieldPanel("keywords"), FieldPanel("category"), FieldPanel("responsible_body"),
              FieldPanel("is_active")]

    class Meta:
        ordering = ["name"]
        verbose_name = _("authority rule")
        verbose_name_plural = _("authority rules")

    def __str__(self):
        return self.name

    def matches(self, complaint, text):
        if self.category_id and self.category_id == complaint.category_id:
            return True
        return any(word in text for word in _keywords(self.keywords))


class ResponseTemplate(models.Model):
    """Ready answers per category, in both languages, for officers."""

    category = models.ForeignKey(Category, verbose_name=_("category"), null=True, blank=True, on_delete=models.CASCADE,
                                 related_name="response_templates")
    title = models.CharField(_("title"), max_length=120)
    text = models.TextField(_("text"))

    panels = [FieldPanel("category"), FieldPanel("title"), FieldPanel("text")]

    class Meta:
        ordering = ["category__sort_order", "title"]
        verbose_name = _("response template")
        verbose_name_plural = _("response templates")

    def __str__(self):
        return self.title


# The Open311 API's clients and request log live in their own module.
from .open311.models import ApiClient, ApiRequestLog  # noqa: E402,F401
# English complaints translated for officers (issue 4); only when COMPLAINT_MACHINE_TRANSLATION allows it.
from .machine_translation import ComplaintTranslation  # noqa: E402,F401
