"""`{% explain_terms %}…{% endexplain_terms %}`: explain glossary terms in what it encloses (cms.glossary)."""

from django import template

from cms.glossary import explain

register = template.Library()


class ExplainTermsNode(template.Node):
    def __init__(self, nodelist):
        self.nodelist = nodelist

    def render(self, context):
        return explain(self.nodelist.render(context))


@register.tag
def explain_terms(parser, token):
    nodelist = parser.parse(("endexplain_terms",))
    parser.delete_first_token()
    return ExplainTermsNode(nodelist)
