"""The footer's "Report a problem" link: the page chosen on the site's home page, in the current language.

Every page shows it, so its URL is cached. It changes only when a page is published, unpublished, moved or
deleted (the chosen page, or the home page choosing another), so it has its own stamp, cleared by those
signals, rather than the page cache's: a publish elsewhere need not cost every page one more query.
"""

import time

from django.core.cache import cache
from django.utils import translation
from wagtail.models import Page, Site

from .models import HomePage

STAMP_KEY = "home:report-page:stamp"


def forget(**kwargs):
    cache.delete(STAMP_KEY)


def report_page_url(request):
    site = Site.find_for_request(request) if request else None
    if site is None:
        return ""
    stamp = cache.get_or_set(STAMP_KEY, time.time_ns, None)
    key = f"home:report-page:{stamp}:{site.pk}:{translation.get_language()}"
    url = cache.get(key)
    if url is None:
        chosen = HomePage.objects.filter(pk=site.root_page_id).values("report_page")
        page = Page.objects.live().filter(pk__in=chosen).first()
        url = (page.get_url(request=request) or "") if page else ""
        cache.set(key, url, 3600)
    return url
