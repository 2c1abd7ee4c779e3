from modeltranslation.translator import TranslationOptions, register

from .models import PortalImage


@register(PortalImage)
class ImageTR(TranslationOptions):
    fields = ("alt_text",)
