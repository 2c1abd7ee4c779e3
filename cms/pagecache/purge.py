"""Which cached pages a publish or unpublish makes stale, so that only those are purged.

A page's cached copy depends on its own stamp (cache.page_stamp). Publishing or unpublishing page P
bumps the stamps of:
- P itself;
- the ancestors that list it: its parent always, further up as far as the page type says
  (`shown_on_ancestors`: a news item is also on its section's or the home page's "latest news",
  an event on the tourism page's "what's on");
- the pages that refer to it, by Wagtail's reference index: a home page featuring it, an event held
  at it, a rich-text link to it;
- its descendants when its title changed (their breadcrumbs show it);
- `any`: the cached views that are not one page (search results).

Some changes show on every page, and purge everything instead: the site's root page (the footer's
links come from it), a page in the main menu whose title, slug or place in the menu changed, and a
new slug of a page with pages below it (their addresses change). A move, a privacy change, a unit,
a Site or a glossary term purge everything too (signals.py).
"""

import threading

from django.db import transaction
from modeltranslation.settings import AVAILABLE_LANGUAGES
from modeltranslation.utils import build_localized_fieldname
from wagtail.models import Page, ReferenceIndex, Site

from . import cache

TITLE_FIELDS = tuple(build_localized_fieldname("title", lang) for lang in AVAILABLE_LANGUAGES)
ADDRESS_FIELDS = tuple(build_localized_fieldname(name, lang) for name in ("slug", "url_path")
                       for lang in AVAILABLE_LANGUAGES)
SHAPE_FIELDS = (*TITLE_FIELDS, *ADDRESS_FIELDS, "show_in_menus", "live")

# The page row as it was before the save that publishes or unpublishes it, by page id (per thread:
# each request or worker publishes in its own).
_before = threading.local()


def remember_previous(sender, instance, update_fields=None, **kwargs):
    """pre_save: keep what a page's title, address and menu flag were, to compare after the publish."""
    if not isinstance(instance, Page) or instance.pk is None or instance._state.adding:
        return
    if update_fields is not None and not set(update_fields) & {*SHAPE_FIELDS, "title", "slug", "url_path"}:
        return  # a draft saved, a lock taken: nothing visitors see
    if not hasattr(_before, "pages"):
        _before.pages = {}
    _before.pages[instance.pk] = Page.objects.filter(pk=instance.pk).values(*SHAPE_FIELDS).first()


def _changed(page):
    before = getattr(_before, "pages", {}).pop(page.pk, None)
    if before is None:
        return set(SHAPE_FIELDS)  # unknown: assume the worst
    return {name for name in SHAPE_FIELDS if before[name] != getattr(page, name)}


def affected(page, changed):
    """The stamps to bump for a publish or unpublish of `page`, or None when every page is affected."""
    roots = set(Site.objects.values_list("root_page_id", flat=True))
    if page.pk in roots:
        return None
    parent_id = page.get_parent().pk if page.depth > 1 else None
    if parent_id in roots and changed & {*TITLE_FIELDS, *ADDRESS_FIELDS, "show_in_menus", "live"} and (
            page.show_in_menus or "show_in_menus" in changed):
        return None  # the main menu, on every page
    if changed & set(ADDRESS_FIELDS) and page.numchild:
        return None
    ids = {page.pk}
    levels = getattr(page, "shown_on_ancestors", 1)
    if levels:
        ids.update(Page.objects.ancestor_of(page).filter(depth__gte=max(2, page.depth - levels))
                   .values_list("pk", flat=True))
    page_type = ReferenceIndex._get_base_content_type(page)
    ids.update(int(pk) for pk in ReferenceIndex.get_references_to(page)
               .filter(base_content_type=page_type).values_list("object_id", flat=True).distinct())
    if changed & set(TITLE_FIELDS) and page.numchild:
        ids.update(Page.objects.descendant_of(page).values_list("pk", flat=True))
    return {cache.ANY, *(cache.page_stamp(pk) for pk in ids)}


def _apply(names):
    if names is None:
        cache.purge()
    else:
        cache.touch(names)


def page_changed(sender, instance, **kwargs):
    """page_published / page_unpublished: purge what shows the page, now and once the change is
    committed (a visitor rendering in between would otherwise store the old text under the new stamp)."""
    names = affected(instance, _changed(instance))
    _apply(names)
    transaction.on_commit(lambda: _apply(names))


def page_deleted(sender, instance, **kwargs):
    if isinstance(instance, Page):
        cache.purge()
        transaction.on_commit(cache.purge)
