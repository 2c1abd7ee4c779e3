from django import template

register = template.Library()


@register.simple_tag
def complaint_url(page, name, *parts):
    """URL of a sub-page of the complaint page in the current language: {% complaint_url page "track" code %}."""
    return page.sub_url(name, *[str(p) for p in parts])
