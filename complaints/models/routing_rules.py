"""What the desk configures: routing rules, authority rules and ready answers."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel

from .category import Category


def _keywords(text):
    return [k.strip().lower() for k in (text or "").split(",") if k.strip()]


class RoutingRule(models.Model):
    """Category (optionally narrowed by place or keywords) -> the unit that must act.

    The most specific matching rule wins: a kelurahan beats a kecamatan, a place beats keywords,
    keywords beat the category alone; among equals, the lower priority number.
    """

    category = models.ForeignKey(Category, verbose_name=_("category"), on_delete=models.CASCADE,
                                 related_name="routing_rules")
    kecamatan = models.ForeignKey("cms.OrganisationUnit", verbose_name=_("only in district (kecamatan)"),
                                  null=True, blank=True,
                                  on_delete=models.CASCADE, related_name="+", limit_choices_to={"kind": "kecamatan"})
    kelurahan = models.ForeignKey("cms.OrganisationUnit", verbose_name=_("only in sub-district (kelurahan)"),
                                  null=True, blank=True,
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
