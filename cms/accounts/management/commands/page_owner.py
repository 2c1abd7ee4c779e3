"""Say which unit owns a part of the site (Diskominfo's tool), or re-derive the permissions.

    python manage.py page_owner list
    python manage.py page_owner set /id/wisata/ disparbud     # a page by its address or id
    python manage.py page_owner clear /id/wisata/            # back to Diskominfo alone
    python manage.py page_owner sync                         # after a deploy: permissions and workflows

The owning unit's editors then write the page and the pages below it, its reviewers publish them,
and submissions go to its reviewers. A unit's section, and a service page's responsible unit, are
kept in step by the pages themselves; use this for the other sections (e.g. tourism).
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from wagtail.models import Page

from cms.accounts.permissions import set_owner, sync_all
from cms.models import OrganisationUnit
from cms.ownership import PageOwnership


def find_page(ref):
    if ref.isdigit():
        page = Page.objects.filter(pk=int(ref)).first()
    else:
        parts = [p for p in ref.strip("/").split("/") if p]
        lang = parts.pop(0) if parts and parts[0] in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        field = "url_path_ind" if lang == "id" else f"url_path_{lang}"
        home = Page.objects.filter(depth=2).first()
        home_path = getattr(home, field, None) or home.url_path
        page = Page.objects.filter(**{field: home_path + "".join(f"{p}/" for p in parts)}).first()
    if page is None:
        raise CommandError(f"No page at {ref!r}.")
    return page


class Command(BaseCommand):
    help = "List, set or clear the unit owning a part of the site; or re-derive every owned page's permissions."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["list", "set", "clear", "sync"])
        parser.add_argument("page", nargs="?", help="The page's id or address, e.g. /id/wisata/")
        parser.add_argument("unit", nargs="?", help="The unit's code, e.g. disparbud")

    def handle(self, *args, action, page=None, unit=None, **options):
        if action == "list":
            for row in PageOwnership.objects.select_related("page", "unit").order_by("page__path"):
                self.stdout.write(f"{row.page.pk}\t{row.page.url_path}\t{row.unit.code}")
            return
        if action == "sync":
            self.stdout.write(f"{sync_all()} owned page(s) have their permissions; workflows are in place.")
            return
        if not page:
            raise CommandError("Which page? Give its id or address.")
        target = find_page(page)
        if action == "clear":
            set_owner(target, None)
            self.stdout.write(f"{target.url_path}: Diskominfo only.")
            return
        owner = OrganisationUnit.objects.filter(code=unit or "").first()
        if owner is None or not owner.is_city:
            raise CommandError(f"Unknown city unit {unit!r}.")
        set_owner(target, owner)
        self.stdout.write(f"{target.url_path}: owned by {owner.code}.")
