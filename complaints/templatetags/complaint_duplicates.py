"""The detail page's "same problem" section, kept out of the inbox views."""

from django import template

register = template.Library()


@register.inclusion_tag("complaints/admin/_duplicates.html", takes_context=True)
def complaint_duplicates(context, complaint):
    from complaints.desk_views import detail_context

    user = context["request"].user
    return {"complaint": complaint, "is_desk": context.get("is_desk"), "csrf_token": context.get("csrf_token"),
            **detail_context(complaint, user)}
