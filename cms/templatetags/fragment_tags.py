"""{% fragment value ... %}…{% endfragment %}: content kept rendered in the cache (cms.pagecache.fragments)."""

from django import template
from django.utils.safestring import mark_safe

from cms.pagecache import fragments

register = template.Library()


class FragmentNode(template.Node):
    def __init__(self, nodelist, values):
        self.nodelist, self.values = nodelist, values

    def render(self, context):
        # The tag's place: its template and its position in it, so two fragments never share a key.
        place = f"{self.origin.name}:{self.token.position}"
        values = [str(value.resolve(context)) for value in self.values]
        return mark_safe(fragments.render(context.get("request"), place, values,
                                          lambda: self.nodelist.render(context)))


@register.tag("fragment")
def do_fragment(parser, token):
    """{% fragment item.pk item.last_published_at %}<article>…</article>{% endfragment %}: the values
    must name everything the content depends on beyond the language, the host and the generations."""
    bits = token.split_contents()[1:]
    if not bits:
        raise template.TemplateSyntaxError("{% fragment %} needs at least one value to key on")
    nodelist = parser.parse(("endfragment",))
    parser.delete_first_token()
    return FragmentNode(nodelist, [parser.compile_filter(bit) for bit in bits])
