from django import template

from .. import footer

register = template.Library()


@register.simple_tag(takes_context=True)
def report_page_url(context):
    """URL of the "report a problem" page chosen on the site's home page ("" when none is chosen)."""
    return footer.report_page_url(context.get("request"))
