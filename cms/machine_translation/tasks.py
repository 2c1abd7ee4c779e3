"""Background work: translate a page after it is published, retry when the provider was down."""

import logging

from django.conf import settings
from django_tasks import default_task_backend, task
from wagtail.models import Page

from cms.models import BasePage
from cms.tasks import enqueue_after_commit

from . import pages, service

logger = logging.getLogger(__name__)


@task()
def translate_page_task(page_id):
    page = Page.objects.filter(pk=page_id).first()
    if page is None:
        return None
    outcome = pages.translate_page(page)
    if outcome.error and outcome.retry:
        state = page.english_state
        if state.attempts < settings.TRANSLATION_MAX_ATTEMPTS and default_task_backend.supports_defer:
            translate_page_task.using(run_after=state.next_attempt_at).enqueue(page_id)
    return {"state": outcome.state, "written": outcome.written, "error": outcome.error}


def translate_later(page_ids):
    """Queue translation of these pages once the current transaction has committed."""
    for page_id in page_ids:
        enqueue_after_commit(translate_page_task, page_id)


def on_page_published(sender, instance, **kwargs):
    """Record the page's English state; queue the machine for empty or outdated machine English."""
    if pages.machine_publishing.get() or not isinstance(instance, BasePage):
        return
    try:
        _state, todo = pages.refresh(instance)
    except Exception:  # publishing must never fail because of translation bookkeeping
        logger.exception("Could not record the English state of page %s", instance.pk)
        return
    if todo and service.is_enabled():
        translate_later([instance.pk])
