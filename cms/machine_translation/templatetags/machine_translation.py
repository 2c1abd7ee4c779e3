from django import template
from django.utils import translation

from cms.machine_translation.models import PageTranslationState

register = template.Library()


@register.simple_tag(takes_context=True)
def machine_translation_notice(context, page):
    """{"state", "original_url"} when an English page is shown from machine or outdated English, else None."""
    if page is None or getattr(page, "pk", None) is None or translation.get_language() != "en" \
            or not hasattr(page, "localized_url"):
        return None
    state = PageTranslationState.state_of(page.pk)
    if state not in (PageTranslationState.State.MACHINE, PageTranslationState.State.OUTDATED):
        return None
    return {"state": state, "original_url": page.localized_url("id", context.get("request"))}
