"""Machine-translate a backlog of pages into English now (the same work as the publish task).

    manage.py translate_pages                  every page
    manage.py translate_pages 12 15            these pages
    manage.py translate_pages --subtree 40     page 40 and everything below it
    manage.py translate_pages --due            pages whose earlier attempt failed and is due again
    manage.py translate_pages --dry-run        only say what would be translated (nothing is sent)

English written or reviewed by a person is never changed.
"""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from wagtail.models import Page

from cms.machine_translation import pages, service
from cms.models import BasePage


class Command(BaseCommand):
    help = "Machine-translate pages into English where the English is missing or out of date."

    def add_arguments(self, parser):
        parser.add_argument("page_ids", nargs="*", type=int, help="Only these pages.")
        parser.add_argument("--subtree", type=int, help="This page and its descendants.")
        parser.add_argument("--due", action="store_true", help="Only pages whose failed attempt is due again.")
        parser.add_argument("--dry-run", action="store_true", help="Say what would be translated; send and change nothing.")

    def handle(self, *args, page_ids=(), subtree=None, due=False, dry_run=False, **options):
        queryset = Page.objects.filter(depth__gt=1)
        if page_ids:
            queryset = queryset.filter(pk__in=page_ids)
            missing = set(page_ids) - set(queryset.values_list("pk", flat=True))
            if missing:
                raise CommandError(f"No page with id {', '.join(map(str, sorted(missing)))}.")
        if subtree:
            root = Page.objects.filter(pk=subtree).first()
            if root is None:
                raise CommandError(f"No page with id {subtree}.")
            queryset = queryset.filter(path__startswith=root.path)
        if due:
            queryset = queryset.filter(pk__in=pages.due_for_retry().values("page_id"))
        if not dry_run and not service.is_enabled():
            raise CommandError("TRANSLATION_PROVIDER is 'none': nothing can be translated (try --dry-run).")

        started = timezone.now()
        totals = {"translated": 0, "unchanged": 0, "failed": 0, "skipped": 0, "characters": 0, "requests": 0}
        for page in queryset.order_by("path").specific().iterator():
            if not isinstance(page, BasePage):
                continue
            outcome = pages.translate_page(page, dry_run=dry_run)
            totals["characters"] += outcome.characters
            totals["requests"] += outcome.requests
            label = f"{page.pk} {page.title}"
            if outcome.error:
                totals["failed"] += 1
                self.stderr.write(f"{label}: failed ({outcome.error}): {outcome.message}")
            elif outcome.skipped:
                totals["skipped"] += 1
                self.stdout.write(f"{label}: has a newer draft; translated when it is published")
            elif outcome.todo:
                totals["translated"] += 1
                verb = "would translate" if dry_run else "translated"
                self.stdout.write(f"{label}: {verb} {', '.join(outcome.todo)} ({outcome.characters} characters)")
            else:
                totals["unchanged"] += 1
                if options["verbosity"] > 1:
                    self.stdout.write(f"{label}: nothing to do ({outcome.state})")
        seconds = (timezone.now() - started).total_seconds()
        verb = "to translate" if dry_run else "translated"
        self.stdout.write(self.style.SUCCESS(
            f"{totals['translated']} pages {verb}, {totals['unchanged']} unchanged, {totals['skipped']} with drafts, "
            f"{totals['failed']} failed; {totals['characters']} characters, {totals['requests']} requests, "
            f"{seconds:.2f} s."))
        if totals["failed"]:
            raise CommandError(f"{totals['failed']} pages could not be translated; run again later (--due).")
