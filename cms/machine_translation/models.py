from django.conf import settings
from django.core.cache import cache
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel


class GlossaryTerm(models.Model):
    """A term the machine must not translate freely: kept as it is, or always translated one way."""

    term = models.CharField(_("Indonesian term"), max_length=120, unique=True)
    translation = models.CharField(
        _("English"), max_length=120, blank=True,
        help_text=_("Leave empty to keep the term as it is (names of people and places, angkot, Puskesmas)."))
    note = models.CharField(_("note"), max_length=255, blank=True)
    explanation = models.CharField(
        _("explanation for visitors"), max_length=255, blank=True,
        help_text=_("Shown where the term first appears on a page (as an abbreviation's title), in the page's "
                    "language, e.g. \"Population and Civil Registration Agency\" for Disdukcapil. Leave empty "
                    "for terms every reader knows."))

    panels = [FieldPanel("term"), FieldPanel("translation"), FieldPanel("explanation"), FieldPanel("note")]

    class Meta:
        db_table = "cms_glossaryterm"  # made while the model was in the cms app
        ordering = ["term"]
        verbose_name = _("glossary term")
        verbose_name_plural = _("glossary")

    def __str__(self):
        return f"{self.term} → {self.translation}" if self.translation else self.term


class PageTranslationState(models.Model):
    """Where a page's English stands, and who wrote each English field.

    `fields` maps a field name to {"source": hash of the Indonesian the English was made from,
    "english": hash of the English as last seen, "by": "machine" | "person" | "reviewed"}.
    English whose hash differs from the recorded one was changed by a person, and a machine
    never writes over a person's English.
    """

    class State(models.TextChoices):
        MISSING = "missing", _("Missing")
        MACHINE = "machine", _("Machine translated, not reviewed")
        OUTDATED = "outdated", _("Outdated (the Indonesian changed)")
        REVIEWED = "reviewed", _("Reviewed")

    page = models.OneToOneField("wagtailcore.Page", verbose_name=_("page"), primary_key=True,
                                on_delete=models.CASCADE, related_name="english_state")
    state = models.CharField(_("English"), max_length=10, choices=State.choices, default=State.MISSING, db_index=True)
    fields = models.JSONField(default=dict, blank=True)
    translated_at = models.DateTimeField(_("machine translated at"), null=True, blank=True)
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("reviewed by"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(max_length=20, blank=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "cms_pagetranslationstate"
        default_permissions = ()
        permissions = [("review_translation", _("Can review English translations"))]
        verbose_name = _("English state of a page")
        verbose_name_plural = _("English states of pages")

    def __str__(self):
        return f"{self.page_id}: {self.state}"

    # Visitors' pages read the state from the cache, so the notice costs no query per view;
    # every save of a state refreshes it.
    CACHE_SECONDS = 24 * 3600

    @staticmethod
    def cache_key(page_id):
        return f"english-state:{page_id}"

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        cache.set(self.cache_key(self.page_id), self.state, self.CACHE_SECONDS)

    @classmethod
    def state_of(cls, page_id):
        state = cache.get(cls.cache_key(page_id))
        if state is None:
            state = cls.objects.filter(page_id=page_id).values_list("state", flat=True).first() or ""
            cache.set(cls.cache_key(page_id), state, cls.CACHE_SECONDS)
        return state
