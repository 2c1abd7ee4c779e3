"""`{% cost amount note %}` and `{% cost_label amount %}`: see cms.costs."""

from django import template

from cms import costs
from cms.templatetags.cms_tags import idr

register = template.Library()


@register.simple_tag
def cost(amount, note="", varies=False):
    return costs.statement(amount, note, varies, price=idr)


@register.simple_tag
def cost_label(amount, varies=False):
    return costs.short_label(amount, varies, price=idr)
