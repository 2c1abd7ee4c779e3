"""Citizen complaints: intake and routing. Here, the page that introduces the service."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from cms.blocks import RICH_TEXT_FEATURES
from cms.models import BasePage


class ComplaintFormPage(BasePage):
    """/id/pengaduan/ = /en/complaints/: editors write the introduction; the form follows it."""

    intro = RichTextField(_("introduction"), blank=True, features=RICH_TEXT_FEATURES)

    translated_content_fields = ("intro",)
    max_count = 1
    subpage_types = []
    content_panels = Page.content_panels + [FieldPanel("intro")]
    search_fields = BasePage.search_fields + [index.SearchField("intro")]

    class Meta:
        verbose_name = _("complaint page")
