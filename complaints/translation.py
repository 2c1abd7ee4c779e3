from modeltranslation.translator import TranslationOptions, register

from .models import ComplaintFormPage


@register(ComplaintFormPage)
class ComplaintFormPageTR(TranslationOptions):
    fields = ("intro",)
