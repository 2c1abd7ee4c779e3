"""{% fragment value ... %}…{% endfragment %}: content kept rendered in the cache (cms.pagecache.fragments)."""

from django import template
from django.utils.safestring import mark_safe

from cms.pagecache import fragments

register = template.Library()


class FragmentNode(template.Node):
    def __init__(self, nodelist, values, of_page=False):
        self.nodelist, self.values, self.of_page = nodelist, values, of_page

    def render(self, context):
        # The tag's place: its template and its position in it, so two fragments never share a key.
        place = f"{self.origin.name}:{self.token.position}"
        values = [str(value.resolve(context)) for value in self.values]
        request = context.get("request")
        if self.of_page:
            stamp = fragments.served_page_stamp(request, context.get("page"))
            if stamp is None:
                return self.nodelist.render(context)
            values.append(stamp)
        return mark_safe(fragments.render(request, place, values, lambda: self.nodelist.render(context)))


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


@register.tag("page_fragment")
def do_page_fragment(parser, token):
    """{% page_fragment [value ...] %}…{% endpage_fragment %}: content that depends on the page being
    served and on what its stamp covers (its ancestors' titles, the pages it lists), kept until a
    publish bumps that stamp (cms.pagecache.purge); rendered afresh where the page has no stamp."""
    bits = token.split_contents()[1:]
    nodelist = parser.parse(("endpage_fragment",))
    parser.delete_first_token()
    return FragmentNode(nodelist, [parser.compile_filter(bit) for bit in bits], of_page=True)
