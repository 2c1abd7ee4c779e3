"""A page's English: which fields a person wrote, which the machine wrote, what is out of date,
and the machine filling in what is missing or outdated (never what a person wrote)."""

import contextvars
import hashlib
import json
import logging
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.html import strip_tags
from modelcluster.models import get_all_child_relations
from modeltranslation.translator import NotRegistered, translator
from modeltranslation.utils import build_localized_fieldname
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page

from cms.tasks import retry_delay

from . import segments, service
from .models import PageTranslationState

logger = logging.getLogger(__name__)
State = PageTranslationState.State
SOURCE, TARGET = "id", "en"
# Slugs and paths are addresses, not text: a machine must not move a page.
NOT_TRANSLATED = {"slug", "url_path"}

# Set while the machine publishes its own English, so the publish handler does not take it
# for a person's edit.
machine_publishing = contextvars.ContextVar("machine_publishing", default=False)


def translatable_fields(model):
    """The page's modeltranslation fields worth translating, title first."""
    try:
        names = translator.get_options_for_model(model).get_field_names()
    except NotRegistered:
        return []
    names = [name for name in names if name not in NOT_TRANSLATED]
    declared = [f.name for f in model._meta.get_fields()]
    return sorted(names, key=lambda name: (name != "title", declared.index(name) if name in declared else 0))


def _field(model, name):
    return model._meta.get_field(build_localized_fieldname(name, SOURCE))


def _strip_ids(value):
    if isinstance(value, dict):
        return {k: _strip_ids(v) for k, v in value.items() if k != "id"}
    if isinstance(value, list):
        return [_strip_ids(v) for v in value]
    return value


def raw_value(obj, name, lang):
    """The stored form of a field (a StreamField as its JSON list)."""
    value = getattr(obj, build_localized_fieldname(name, lang), None)
    if isinstance(_field(type(obj), name), StreamField):
        if value is None:
            return []
        return list(value.get_prep_value()) if hasattr(value, "get_prep_value") else list(value)
    return value


def normalized(obj, name, lang):
    """A stable text of a field for hashing, or None when the field is empty."""
    value = raw_value(obj, name, lang)
    if isinstance(_field(type(obj), name), StreamField):
        return json.dumps(_strip_ids(value), sort_keys=True, ensure_ascii=False) if value else None
    if not value or not str(value).strip():
        return None
    if isinstance(_field(type(obj), name), RichTextField) and not strip_tags(value).strip() and "<embed" not in value:
        return None
    return str(value).strip()


def digest(text):
    return hashlib.sha256(text.encode()).hexdigest()[:20]


@dataclass
class Outcome:
    page_id: int
    state: str = ""
    todo: list = field(default_factory=list)  # fields the machine would (or did) write
    written: list = field(default_factory=list)
    error: str = ""
    message: str = ""
    retry: bool = False
    skipped: str = ""  # why nothing was done although there was work
    characters: int = 0
    requests: int = 0


def targets(page):
    """{key: (object, field name)} of everything translatable on the page: its own fields, then
    those of its inline children (gallery captions, ...), keyed "gallery.12.caption"; and the
    children as lists, to put back on the page before it is saved."""
    refs, children = {name: (page, name) for name in translatable_fields(type(page))}, {}
    for relation in get_all_child_relations(page):
        names = translatable_fields(relation.related_model)
        if not names:
            continue
        accessor = relation.get_accessor_name()
        children[accessor] = list(getattr(page, accessor).all())
        for child in children[accessor]:
            for name in names:
                refs[f"{accessor}.{child.pk}.{name}"] = (child, name)
    return refs, children


def assess(page, fields, refs=None):
    """Per-field status and the updated field records (a person's new English is recorded here)."""
    fields = dict(fields)
    statuses = {}
    refs = targets(page)[0] if refs is None else refs
    for name in list(fields):
        if name not in refs:  # a removed gallery item, say
            fields.pop(name)
    for name, (obj, field_name) in refs.items():
        source = normalized(obj, field_name, SOURCE)
        if source is None:
            fields.pop(name, None)
            continue
        english = normalized(obj, field_name, TARGET)
        if english is None:
            statuses[name] = "missing"
            fields.pop(name, None)
            continue
        record, source_hash, english_hash = fields.get(name), digest(source), digest(english)
        if record and record.get("english") == english_hash:
            current = record.get("source") == source_hash
            if record.get("by") == "machine":
                statuses[name] = "machine" if current else "outdated_machine"
            else:
                statuses[name] = "reviewed" if current else "outdated_person"
        else:
            # English nobody recorded, or changed since the record: a person wrote it, for the
            # Indonesian as it is now.
            fields[name] = {"source": source_hash, "english": english_hash, "by": "person"}
            statuses[name] = "reviewed"
    return statuses, fields


def page_state(statuses):
    values = set(statuses.values())
    if "missing" in values:
        return State.MISSING
    if values & {"outdated_machine", "outdated_person"}:
        return State.OUTDATED
    if "machine" in values:
        return State.MACHINE
    return State.REVIEWED


def machine_todo(statuses):
    return [name for name, status in statuses.items() if status in ("missing", "outdated_machine")]


def _state_for(page):
    return PageTranslationState.objects.get_or_create(page_id=page.pk)[0]


def refresh(page):
    """Record the page's English state as it is now. Returns (state object, fields the machine may fill)."""
    state = _state_for(page)
    statuses, fields = assess(page, state.fields)
    state.fields, state.state = fields, page_state(statuses)
    state.save()
    return state, machine_todo(statuses)


def _translated_field(obj, name, tr):
    """The English value of field `name` made from its Indonesian by `tr`."""
    model_field = _field(type(obj), name)
    value = raw_value(obj, name, SOURCE)
    if isinstance(model_field, StreamField):
        return segments.translate_stream(model_field.stream_block, value, tr)
    if isinstance(model_field, RichTextField):
        return segments.translate_html(value, tr)
    text = segments.translate_plain(value, tr)
    max_length = getattr(model_field, "max_length", None)
    return text[:max_length] if max_length and isinstance(text, str) else text


def collect_texts(refs, keys):
    texts = []

    def collect(text):
        texts.append(text)
        return text

    for key in keys:
        _translated_field(*refs[key], collect)
    return texts


def _backoff(attempts):
    return retry_delay(attempts - 1, first_minutes=5, max_minutes=360)


def translate_page(page, *, dry_run=False):
    """Fill the English fields of `page` that are empty or machine-made and out of date.

    Works on the live page only when it has no newer draft: a draft is translated when it is
    published. A provider's failure leaves the page as it was and is recorded for a retry.
    """
    page = Page.objects.get(pk=page.pk).specific
    state = _state_for(page)
    refs, children = targets(page)
    statuses, fields = assess(page, state.fields, refs)
    todo = machine_todo(statuses)
    outcome = Outcome(page_id=page.pk, state=page_state(statuses), todo=todo)
    if todo:
        outcome.characters = sum(len(text) for text in collect_texts(refs, todo))
    if dry_run:
        return outcome
    state.fields, state.state = fields, outcome.state
    if not todo:
        state.save()
        return outcome
    if not page.live or page.has_unpublished_changes:
        outcome.skipped = "draft"
        state.save()
        return outcome

    texts = collect_texts(refs, todo)
    result = service.translate(texts, SOURCE, TARGET)
    outcome.requests = result.requests
    if not result.ok:
        state.attempts += 1
        state.last_error = result.error
        state.next_attempt_at = timezone.now() + _backoff(state.attempts)
        state.save()
        outcome.error, outcome.message, outcome.retry = result.error, str(result.message), result.retry
        return outcome

    lookup = dict(zip(texts, result.texts, strict=False))
    for key in todo:
        obj, name = refs[key]
        setattr(obj, build_localized_fieldname(name, TARGET), _translated_field(obj, name, lookup.__getitem__))
    for accessor, objects in children.items():
        setattr(page, accessor, objects)  # in memory, so the revision carries the children's English
    try:
        _publish(page)
    except Superseded:
        # An editor saved or published while the provider worked: their revision is newer than the
        # text translated here. A publish queues its own translation; a draft is translated when published.
        outcome.skipped = "draft"
        state.save()
        return outcome
    except ValidationError as error:
        logger.warning("Machine English of page %s not saved: %s", page.pk, "; ".join(error.messages)[:200])
        state.last_error, state.next_attempt_at = "invalid", None
        state.save()
        outcome.error, outcome.message = "invalid", "; ".join(error.messages)
        return outcome

    page = Page.objects.get(pk=page.pk).specific
    refs = targets(page)[0]
    for key in todo:
        english = normalized(*refs[key], TARGET) if key in refs else None
        if english is not None:
            fields[key] = {"source": digest(normalized(*refs[key], SOURCE)), "english": digest(english),
                           "by": "machine"}
    statuses, fields = assess(page, fields, refs)
    state.fields, state.state = fields, page_state(statuses)
    state.translated_at = timezone.now()
    state.attempts, state.last_error, state.next_attempt_at = 0, "", None
    state.save()
    outcome.state, outcome.written = state.state, todo
    return outcome


def waiting(page):
    """Why the machine will not translate `page` now ("review", "unpublished", "draft"), or "".
    translate_page works on the published page only and never publishes over a newer draft;
    publishing queues the translation (tasks.on_page_published)."""
    if page.current_workflow_state is not None:
        return "review"
    if not page.live:
        return "unpublished"
    if page.has_unpublished_changes:
        return "draft"
    return ""


class Superseded(Exception):
    """The page has a newer revision than the one the machine translated."""


def _publish(page):
    previous = page.last_published_at
    token = machine_publishing.set(True)
    try:
        with transaction.atomic():
            # The provider may have taken minutes: publishing the page as it was read then would push
            # an editor's newer draft aside, or undo the Indonesian they published meanwhile.
            latest = (Page.objects.select_for_update().filter(pk=page.pk)
                      .values_list("latest_revision_id", "has_unpublished_changes").first())
            if latest != (page.latest_revision_id, False):
                raise Superseded
            revision = page.save_revision(log_action=False)
            revision.publish(log_action="cms.machine_translation", skip_permission_checks=True)
            # A machine's English is not a person's publication: keep the date the stale-page
            # reminders go by.
            Page.objects.filter(pk=page.pk).update(last_published_at=previous)
    finally:
        machine_publishing.reset(token)


def mark_reviewed(page, user, only=None):
    """A translator vouches for the page's English as it is now (published), or, with `only`,
    for those fields alone (the ones they read as they are published)."""
    page = Page.objects.get(pk=page.pk).specific
    state = _state_for(page)
    refs = targets(page)[0]
    statuses, fields = assess(page, state.fields, refs)
    for key, status in statuses.items():
        if status != "missing" and (only is None or key in only):
            fields[key] = {"source": digest(normalized(*refs[key], SOURCE)),
                           "english": digest(normalized(*refs[key], TARGET)), "by": "reviewed"}
    statuses, fields = assess(page, fields, refs)
    state.fields, state.state = fields, page_state(statuses)
    state.reviewed_at, state.reviewed_by = timezone.now(), user
    state.save()
    return state


def due_for_retry():
    return PageTranslationState.objects.filter(next_attempt_at__lte=timezone.now(),
                                               attempts__lt=settings.TRANSLATION_MAX_ATTEMPTS)
