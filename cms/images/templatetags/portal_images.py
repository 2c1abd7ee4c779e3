from django import template
from wagtail.images.templatetags.wagtailimages_tags import PictureNode
from wagtail.images.templatetags.wagtailimages_tags import image as wagtail_image_tag

from cms.pagecache import fragments

register = template.Library()


@register.filter
def image_alt(image):
    """The image's alt text in the active (page) language, for places outside {% image %} and
    {% picture %}, which write it themselves (PortalRendition.alt), e.g. og:image:alt."""
    return image.localized_alt(image.contextual_alt_text) if image else ""


class CachedPictureNode(PictureNode):
    """Wagtail's {% picture %}, its HTML kept in the cache (cms.pagecache.fragments): a card's picture
    asks for up to six renditions, whose lookup and markup cost more than the rest of the card."""

    def render(self, context):
        image = self.validate_image(context)
        if not image or self.output_var_name:
            return super().render(context)
        attrs = sorted((name, str(value.resolve(context))) for name, value in self.attrs.items())
        # The alt text comes from the image (its language is part of every fragment key) or from the block
        # that placed it there (contextual); an edited image bumps the images' generation.
        values = [str(image.pk), " ".join(self.filter_specs), repr(attrs), str(getattr(image, "contextual_alt_text", ""))]
        render = super().render
        return fragments.render(context.get("request"), "picture", values, lambda: render(context))


@register.tag("picture")
def picture(parser, token):
    """{% picture image format-{avif,webp} fill-{400x250,800x500} ... %} as Wagtail's, cached. Load this
    library after wagtailimages_tags (`{% load wagtailimages_tags portal_images %}`) to use it."""
    node = wagtail_image_tag(parser, token)
    return CachedPictureNode(node.image_expr, node.filter_specs, output_var_name=node.output_var_name,
                             attrs=node.attrs)
