"""The detail page's warning when a report's point and its place disagree (see places.desk_note())."""

from django import template
from django.utils.html import format_html

from complaints import places

register = template.Library()


@register.simple_tag
def complaint_place_note(complaint):
    note = places.desk_note(complaint)
    if not note:
        return ""
    return format_html('<div class="help-block help-warning" id="place-note"><p>{}</p></div>', note)
