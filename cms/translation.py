from modeltranslation.translator import TranslationOptions, register

from .models import OrganisationUnit


@register(OrganisationUnit)
class OrganisationUnitTR(TranslationOptions):
    fields = ("name", "short_name")
