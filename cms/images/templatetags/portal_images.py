from django import template

register = template.Library()


@register.filter
def image_alt(image):
    """The image's alt text in the active (page) language, for places outside {% image %} and
    {% picture %}, which write it themselves (PortalRendition.alt), e.g. og:image:alt."""
    return image.localized_alt(image.contextual_alt_text) if image else ""
