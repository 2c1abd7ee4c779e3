from modeltranslation.translator import TranslationOptions, register

from .models import Category, ComplaintFormPage


@register(ComplaintFormPage)
class ComplaintFormPageTR(TranslationOptions):
    fields = ("intro", "privacy_notice")


@register(Category)
class CategoryTR(TranslationOptions):
    fields = ("name", "help_text")
