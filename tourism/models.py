"""Museums, Kebun Raya and other attractions, and events."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from cms.blocks import BodyBlock
from cms.models import BasePage, public_live, with_card_images


class TourismIndexPage(BasePage):
    """/id/wisata/ = /en/tourism/"""

    intro = models.TextField(_("introduction"), blank=True)

    translated_content_fields = ("intro",)
    subpage_types = ["tourism.AttractionPage"]
    content_panels = Page.content_panels + [FieldPanel("intro")]
    search_fields = BasePage.search_fields + [index.SearchField("intro")]

    class Meta:
        verbose_name = _("tourism index page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["attractions"] = with_card_images(
            public_live(AttractionPage.objects.child_of(self), request).order_by("title")
        )
        return context


class AttractionPage(BasePage):
    class Kind(models.TextChoices):
        MUSEUM = "museum", _("Museum")
        GARDEN = "garden", _("Garden or park")
        HERITAGE = "heritage", _("Heritage")
        CULINARY = "culinary", _("Culinary")
        OTHER = "other", _("Other")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    summary = models.TextField(_("summary"), blank=True)
    image = models.ForeignKey(
        "wagtailimages.Image", verbose_name=_("image"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    body = StreamField(BodyBlock(), verbose_name=_("body"), blank=True)
    managing_unit = models.ForeignKey(
        "cms.OrganisationUnit", verbose_name=_("managing body"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )

    translated_content_fields = ("summary", "body")
    parent_page_types = ["tourism.TourismIndexPage"]
    subpage_types = []
    content_panels = Page.content_panels + [
        FieldPanel("kind"), FieldPanel("summary"), FieldPanel("image"), FieldPanel("body"), FieldPanel("managing_unit"),
    ]
    search_fields = BasePage.search_fields + [index.SearchField("summary"), index.SearchField("body")]

    class Meta:
        verbose_name = _("attraction page")
