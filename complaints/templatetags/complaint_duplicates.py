"""The detail page's "same problem" section, kept out of the inbox views."""

from django import template

from complaints import access
from complaints.similar.nearby import nearby

register = template.Library()


@register.inclusion_tag("complaints/admin/_duplicates.html", takes_context=True)
def complaint_duplicates(context, complaint):
    user = context["request"].user
    return {"complaint": complaint, "is_desk": context.get("is_desk"), "csrf_token": context.get("csrf_token"),
            **detail_context(complaint, user)}


def detail_context(complaint, user):
    """What the detail page shows about duplicates: supporters, merges, and possible duplicates (desk)."""
    context = {"supporter_count": complaint.supporters.count(), "merged_into": complaint.merged_into,
               "merged_reports": list(complaint.merged_reports.only("pk", "tracking_code"))}
    if access.is_desk(user) and complaint.is_open:
        context["possible_duplicates"] = nearby(
            complaint.category, kelurahan=complaint.kelurahan, latitude=complaint.latitude,
            longitude=complaint.longitude, exclude=complaint, desk=True)
    return context
