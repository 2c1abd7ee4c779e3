from modeltranslation.translator import TranslationOptions, register

from .models import GlossaryTerm


@register(GlossaryTerm)
class GlossaryTermTR(TranslationOptions):
    # The term itself is the same in both languages (it is what the pages say); its explanation is not.
    fields = ("explanation",)
