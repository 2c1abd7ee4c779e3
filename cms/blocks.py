"""StreamField blocks shared by every page type. One template per block under templates/blocks/."""

from django.core.exceptions import ValidationError
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.contrib.table_block.blocks import TableBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageBlock

RICH_TEXT_FEATURES = ["h2", "h3", "bold", "italic", "ol", "ul", "link", "document-link"]


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Heading"), max_length=120)
    level = blocks.ChoiceBlock(
        choices=[("h2", _("Level 2")), ("h3", _("Level 3"))], default="h2", label=_("Level")
    )

    class Meta:
        icon = "title"
        label = _("Heading")
        template = "blocks/heading.html"


class CaptionedImageBlock(blocks.StructBlock):
    # Wagtail's ImageBlock carries the alt text (or a "decorative" flag) with the image.
    image = ImageBlock(label=_("Image"), help_text=_(
        "The alt text is filled in from the image library in the language you edit; change it only if the "
        "picture needs a different description here. Tick \"decorative\" only for pure ornaments."))
    caption = blocks.CharBlock(label=_("Caption"), required=False, max_length=250,
                               help_text=_("Optional line shown under the image."))

    class Meta:
        icon = "image"
        label = _("Image")
        template = "blocks/image.html"


class QuoteBlock(blocks.StructBlock):
    quote = blocks.TextBlock(label=_("Quote"))
    attribution = blocks.CharBlock(label=_("Attribution"), required=False, max_length=120)

    class Meta:
        icon = "openquote"
        label = _("Quote")
        template = "blocks/quote.html"


class CallToActionBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Button text"), max_length=80)
    page = blocks.PageChooserBlock(label=_("Page"), required=False)
    url = blocks.URLBlock(label=_("Or an external link"), required=False)

    class Meta:
        icon = "link"
        label = _("Call to action")
        template = "blocks/cta.html"


class ParagraphBlock(blocks.RichTextBlock):
    """Rich text that counts as empty when it has no text, only markup (Draftail sends "<p></p>" for a
    paragraph whose text was typed and deleted, and nothing for one never typed in): both are refused
    with the same message."""

    def clean(self, value):
        if self.required and not strip_tags(value.source if value else "").strip():
            raise ValidationError(self.field.error_messages["required"], code="required")
        return super().clean(value)


class BodyBlock(blocks.StreamBlock):
    """The body of every page type.

    Wagtail defers the "required" checks of blocks when a draft is saved (and autosaved) and runs them
    only at submit or publish, so an empty paragraph was accepted by "Save draft" and refused later.
    A block in the body is one the editor chose to add: it is held to the same rules at every save.
    The body itself may still be empty (`StreamField(blank=True)`).
    """

    def defer_required_validation(self):
        # Deliberately no deferral of the children (see the class docstring).
        pass

    heading = HeadingBlock()
    paragraph = ParagraphBlock(features=RICH_TEXT_FEATURES, label=_("Paragraph"), template="blocks/paragraph.html",
                               help_text=_("Write the text here; an empty paragraph cannot be saved: remove it instead."))
    image = CaptionedImageBlock()
    quote = QuoteBlock()
    cta = CallToActionBlock()
    table = TableBlock(label=_("Table"), template="blocks/table.html")
    embed = EmbedBlock(label=_("Embed (video, map)"), template="blocks/embed.html")

    class Meta:
        label = _("Body")
