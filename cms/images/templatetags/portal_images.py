from django import template

register = template.Library()


@register.filter
def image_alt(image):
    """The image's alt text in the active (page) language: "" when decorative, in the library or in an
    image block; a block's own text where the editor wrote one for that place.

    Usage: {% picture page.image fill-400x250 alt=page.image|image_alt %}"""
    if not image:
        return ""
    if getattr(image, "decorative", False):  # set by Wagtail's ImageBlock for this use
        return ""
    localized = getattr(image, "localized_alt", None)
    if localized is None:  # not our image model
        return getattr(image, "default_alt_text", "")
    return localized(getattr(image, "contextual_alt_text", None))
