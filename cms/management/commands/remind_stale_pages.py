"""Remind each unit's reviewers of live pages not republished for PAGE_REVIEW_MONTHS (run monthly)."""

from collections import defaultdict
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.mail import send_mail
from django.core.management.base import BaseCommand
from django.utils import timezone, translation
from wagtail.models import Page

from cms.accounts.permissions import DISKOMINFO_GROUP
from cms.email import render_subject, render_text
from cms.ownership import group_name


def reviewers_for(page):
    """The reviewers of the page's unit (the nearest unit section above it), else Diskominfo."""
    for ancestor in page.get_ancestors(inclusive=True).specific().order_by("-depth"):
        unit = getattr(ancestor, "unit", None)
        if unit is not None:
            group = Group.objects.filter(name=group_name(unit, "reviewers")).first()
            if group and group.user_set.filter(is_active=True).exists():
                return group
    return Group.objects.filter(name=DISKOMINFO_GROUP).first()


class Command(BaseCommand):
    help = "E-mail reviewers the pages of their unit that nobody has published for PAGE_REVIEW_MONTHS months."

    def add_arguments(self, parser):
        parser.add_argument("--months", type=int, default=None)
        parser.add_argument("--dry-run", action="store_true")

    def handle(self, *args, **options):
        months = options["months"] or settings.PAGE_REVIEW_MONTHS
        cutoff = timezone.now() - timedelta(days=30 * months)
        stale = Page.objects.live().filter(depth__gt=2, last_published_at__lt=cutoff).order_by("path")
        by_address = defaultdict(list)
        for page in stale:
            group = reviewers_for(page)
            if group is None:
                continue
            for email in group.user_set.filter(is_active=True).exclude(email="").values_list("email", flat=True):
                by_address[email].append(page)
        for email, pages in by_address.items():
            if options["dry_run"]:
                self.stdout.write(f"{email}: {len(pages)} page(s)")
                continue
            with translation.override(settings.LANGUAGE_CODE):
                body = render_text("cms/email/stale_pages.txt", {"pages": pages, "months": months,
                                                                      "base": settings.WAGTAILADMIN_BASE_URL})
                subject = render_subject("cms/email/stale_pages_subject.txt", {"count": len(pages)})
            send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [email])
        self.stdout.write(f"{stale.count()} stale page(s); {len(by_address)} reviewer(s) reminded.")
