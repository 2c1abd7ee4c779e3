from modeltranslation.translator import TranslationOptions, register

from .models import AttractionImage, AttractionPage, EventIndexPage, EventPage, OpeningException, TourismIndexPage


@register(TourismIndexPage)
class TourismIndexPageTR(TranslationOptions):
    fields = ("intro",)


@register(AttractionPage)
class AttractionPageTR(TranslationOptions):
    fields = ("summary", "body", "getting_there", "accessibility_notes")


@register(AttractionImage)
class AttractionImageTR(TranslationOptions):
    fields = ("caption",)


@register(OpeningException)
class OpeningExceptionTR(TranslationOptions):
    fields = ("label",)


@register(EventIndexPage)
class EventIndexPageTR(TranslationOptions):
    fields = ("intro",)


@register(EventPage)
class EventPageTR(TranslationOptions):
    fields = ("summary", "body", "venue_name", "address", "price_note")
