"""Priority issues: many open reports of one kind in one place."""

from datetime import timedelta

from django.conf import settings
from django.db.models import Count, F, Max, Min
from django.utils import timezone

from cms.models import OrganisationUnit

from ..models import Category, Complaint


def priority_issues(now=None, days=None, minimum=None):
    """Open reports grouped by category and kelurahan over the last `days`, heaviest first.

    Weight = reports + supporters; a group counts from `minimum`. Three queries however many groups.
    """
    now = now or timezone.now()
    days = settings.COMPLAINT_PRIORITY_DAYS if days is None else days
    minimum = settings.COMPLAINT_PRIORITY_MIN_REPORTS if minimum is None else minimum
    since = now - timedelta(days=days)
    rows = list(
        Complaint.objects.open().filter(created_at__gte=since, kelurahan__isnull=False)
        .values("category", "kelurahan")
        .annotate(reports=Count("pk", distinct=True), supporters=Count("supporters", distinct=True),
                  first=Min("created_at"), last=Max("created_at"))
        .annotate(weight=F("reports") + F("supporters"))
        .filter(weight__gte=minimum).order_by("-weight", "-last")
    )
    categories = Category.objects.in_bulk({row["category"] for row in rows})
    places = OrganisationUnit.objects.select_related("parent").in_bulk({row["kelurahan"] for row in rows})
    for row in rows:
        row["category"], row["kelurahan"] = categories[row["category"]], places[row["kelurahan"]]
        row["since"] = since
    return rows
