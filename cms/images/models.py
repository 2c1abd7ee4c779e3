"""The portal's image model: Wagtail's image plus alt text in both languages and an explicit
"decorative" choice (so a missing description is never silently published as alt="")."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.images.models import AbstractImage, AbstractRendition


class PortalImage(AbstractImage):
    # Translated by modeltranslation (cms/images/translation.py): alt_text_ind (required unless
    # decorative, checked by the admin form) and alt_text_en (falls back to Indonesian).
    alt_text = models.CharField(
        _("alt text"), max_length=255, blank=True,
        help_text=_("What the picture shows, for people who cannot see it (screen readers, slow "
                    "connections). One sentence, e.g. \"Visitors on the bridge over the lake in Kebun "
                    "Raya\". Do not start with \"Picture of\"."),
    )
    # Not named "decorative": Wagtail sets an instance attribute of that name for ImageBlock.
    is_decorative = models.BooleanField(
        _("decorative image"), default=False,
        help_text=_("Tick only if the picture adds no information (an ornament, a background): screen "
                    "readers then skip it and no alt text is needed."),
    )

    admin_form_fields = (
        "title", "file", "alt_text_ind", "alt_text_en", "is_decorative", "collection", "tags",
        "focal_point_x", "focal_point_y", "focal_point_width", "focal_point_height",
    )

    class Meta(AbstractImage.Meta):
        verbose_name = _("image")
        verbose_name_plural = _("images")

    @property
    def default_alt_text(self):
        """The alt text in the active language (English falls back to Indonesian); "" when
        decorative. Images from before alt text was asked for fall back to their title."""
        if self.is_decorative:
            return ""
        return self.alt_text or self.title

    def localized_alt(self, contextual=None):
        """Alt text for one use of the image. A text written for this place (an image block's own
        alt text) wins, unless it is just a copy of the library's text (the chooser pre-fills it in
        the editor's language), which then follows the page's language."""
        if self.is_decorative or self.decorative:  # the library's choice, or an image block's
            return ""
        if contextual and contextual not in {self.alt_text_ind, self.alt_text_en, self.title}:
            return contextual
        return self.default_alt_text


class PortalRendition(AbstractRendition):
    image = models.ForeignKey(PortalImage, on_delete=models.CASCADE, related_name="renditions")

    @property
    def alt(self):
        # What {% image %} and {% picture %} write when a template gives no alt: the text in the page's
        # language (Wagtail's own rule, but a block's copy of the library text follows the language).
        return self.image.localized_alt(self.image.contextual_alt_text)

    class Meta:
        unique_together = (("image", "filter_spec", "focal_point_key"),)
