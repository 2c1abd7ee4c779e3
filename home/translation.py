from modeltranslation.translator import TranslationOptions, register

from .models import (
    HomePage,
    NewsIndexPage,
    NewsPage,
    ServiceIndexPage,
    ServicePage,
    StandardPage,
    UnitIndexPage,
    UnitPage,
)


@register(HomePage)
class HomePageTR(TranslationOptions):
    fields = ("hero_heading", "intro")


@register(StandardPage)
class StandardPageTR(TranslationOptions):
    fields = ("intro", "body")


@register(NewsIndexPage)
class NewsIndexPageTR(TranslationOptions):
    fields = ("intro",)


@register(NewsPage)
class NewsPageTR(TranslationOptions):
    fields = ("intro", "body")


@register(ServiceIndexPage)
class ServiceIndexPageTR(TranslationOptions):
    fields = ("intro",)


@register(UnitIndexPage)
class UnitIndexPageTR(TranslationOptions):
    fields = ("intro",)


@register(UnitPage)
class UnitPageTR(TranslationOptions):
    fields = ("intro", "body")


@register(ServicePage)
class ServicePageTR(TranslationOptions):
    fields = ("summary", "requirements", "procedure", "duration", "cost_note", "product", "location",
              "service_hours", "legal_basis", "body")
