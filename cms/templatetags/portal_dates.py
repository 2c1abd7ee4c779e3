"""`{{ value|when }}`, `{{ value|when:"date" }}`…, and `{% time_zone_label %}`: see cms.dates."""

from django import template

from cms import dates

register = template.Library()


@register.filter
def when(value, style=""):
    return dates.when(value, style)


@register.simple_tag
def time_zone_label():
    return dates.time_zone_label()
