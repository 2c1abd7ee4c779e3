from modeltranslation.translator import TranslationOptions, register

from .models import AttractionPage, TourismIndexPage


@register(TourismIndexPage)
class TourismIndexPageTR(TranslationOptions):
    fields = ("intro",)


@register(AttractionPage)
class AttractionPageTR(TranslationOptions):
    fields = ("summary", "body")
