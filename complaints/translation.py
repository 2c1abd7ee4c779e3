from modeltranslation.translator import TranslationOptions, register

from .models import Category, ComplaintFormPage, ResponseTemplate


@register(ComplaintFormPage)
class ComplaintFormPageTR(TranslationOptions):
    fields = ("intro", "privacy_notice")


@register(Category)
class CategoryTR(TranslationOptions):
    fields = ("name", "help_text")


@register(ResponseTemplate)
class ResponseTemplateTR(TranslationOptions):
    fields = ("title", "text")
