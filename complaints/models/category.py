from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel


class Category(models.Model):
    """A kind of problem. The desk edits these; routing rules hang on them."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=100)
    help_text = models.CharField(_("help text"), max_length=250, blank=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=100)
    is_active = models.BooleanField(_("active"), default=True)

    panels = [FieldPanel("code"), FieldPanel("name"), FieldPanel("help_text"), FieldPanel("sort_order"),
              FieldPanel("is_active")]

    class Meta:
        ordering = ["sort_order", "code"]
        verbose_name = _("complaint category")
        verbose_name_plural = _("complaint categories")

    def __str__(self):
        return self.name
