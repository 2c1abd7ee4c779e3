"""A translator's side-by-side view of one page: each translatable field's Indonesian beside its
English, the English editable, saved as a new revision of the page.

Plain fields are edited whole. Rich text and StreamFields are edited text segment by text segment
(the segments the machine translates, see segments.py), so links, lists, images and the block
order stay as they are; where a person gave the English another structure than the Indonesian,
its segments cannot be paired and the field is shown read-only with a link to the page editor.
"""

import html
import re
from dataclasses import dataclass, field

from django.db.models import TextField
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from modeltranslation.utils import build_localized_fieldname
from wagtail import blocks as wagtail_blocks
from wagtail.fields import RichTextField, StreamField

from . import segments
from .pages import SOURCE, TARGET, _field, _strip_ids, normalized, raw_value, targets

STATUS_LABELS = {
    "missing": gettext_lazy("No English yet"),
    "machine": gettext_lazy("Machine translated"),
    "outdated_machine": gettext_lazy("Outdated: the Indonesian changed since this English was written"),
    "outdated_person": gettext_lazy("Outdated: the Indonesian changed since this English was written"),
    "reviewed": gettext_lazy("Written or reviewed by a person"),
}
BLOCK_END = re.compile(r"</(p|h[1-6]|li|ul|ol|blockquote|tr|table)>|<br\s*/?>", re.I)


def readable(value):
    """Rich text (stored HTML) as plain text with line breaks between paragraphs and list items."""
    text = BLOCK_END.sub("\n", value or "")
    text = html.unescape(segments.TAG_RE.sub("", text))
    return "\n".join(line.strip() for line in text.splitlines() if line.strip())


def _texts(walk, value):
    """The texts the walker `walk(value, tr)` would send to the provider, in order."""
    found = []

    def collect(text):
        found.append(text)
        return text

    walk(value, collect)
    return found


def _shape(walk, value):
    return walk(_strip_ids(value), lambda text: "*")


def _fill(walk, value, texts):
    texts = iter(texts)
    return walk(value, lambda _text: next(texts))


@dataclass
class Segment:
    name: str
    source: str
    english: str  # as shown: the saved English, or what the translator typed
    label: str = ""
    saved: str = ""

    def __post_init__(self):
        self.saved = self.english


@dataclass
class Block:
    label: str
    source_text: str = ""
    english_text: str = ""
    segments: list = field(default_factory=list)


@dataclass
class Item:
    key: str  # the key of the page's per-field record ("title", "gallery.12.caption")
    name: str  # the form's name of this field
    label: str
    obj: object
    field_name: str
    kind: str  # "line", "text", "rich" or "stream"
    status: str = ""
    source_text: str = ""
    english_text: str = ""
    value: str = ""  # a plain field's English
    max_length: int | None = None
    editable: bool = True
    missing_english: bool = False
    blocks: list = field(default_factory=list)
    english_blocks: list = field(default_factory=list)  # a StreamField whose English has another structure
    error: str = ""

    @property
    def status_label(self):
        return STATUS_LABELS.get(self.status, "")

    @property
    def outdated(self):
        return self.status.startswith("outdated")

    @property
    def segment_list(self):
        return [segment for block in self.blocks for segment in block.segments]


def _walker(model_field):
    if isinstance(model_field, StreamField):
        return lambda value, tr: segments.translate_stream(model_field.stream_block, value, tr)
    return segments.translate_html


def _block_segments(block, value, english, prefix, start):
    """Segments of one top-level StreamField block, labelled with the child blocks' labels."""
    out = []
    parts = [(block, value, english, "")]
    if isinstance(block, wagtail_blocks.StructBlock) and isinstance(value, dict):
        # A StructBlock: its children in the order translate_block walks the value saving fills in
        # (the English one's, when there is English), paired by name.
        order = english if isinstance(english, dict) else value
        parts = [(block.child_blocks[name], value.get(name), english.get(name) if isinstance(english, dict) else None,
                  str(block.child_blocks[name].label or ""))
                 for name in order if name in block.child_blocks and name in value]
    for child, child_value, child_english, label in parts:
        walk = lambda v, tr, child=child: segments.translate_block(child, v, tr)  # noqa: E731
        sources = _texts(walk, child_value)
        englishes = _texts(walk, child_english) if child_english is not None else [""] * len(sources)
        for source, english_text in zip(sources, englishes, strict=False):
            out.append(Segment(f"{prefix}-{start + len(out)}", source, english_text, label))
    return out


def _block_text(block, value):
    if isinstance(block, wagtail_blocks.RichTextBlock) and isinstance(value, str):
        return readable(value)
    return "\n".join(_texts(lambda v, tr: segments.translate_block(block, v, tr), value))


def _stream_blocks(stream_block, source, english, editable, prefix):
    """The Indonesian blocks, each with its text segments paired with the English block's (when
    `english` is given: both have the same structure) or with empty English (none yet), when `editable`."""
    blocks_out, count = [], 0
    for index, item in enumerate(source):
        child = stream_block.child_blocks.get(item.get("type"))
        if child is None:
            continue
        english_item = english[index] if english else None
        block = Block(capfirst(str(child.label or item.get("type"))), _block_text(child, item.get("value")))
        if english_item:
            block.english_text = _block_text(child, english_item.get("value"))
        if editable:
            block.segments = _block_segments(child, item.get("value"),
                                             english_item.get("value") if english_item else None, prefix, count)
            count += len(block.segments)
        blocks_out.append(block)
    return blocks_out


def _english_blocks(stream_block, english):
    return [Block(capfirst(str(stream_block.child_blocks[b["type"]].label or b["type"])),
                  english_text=_block_text(stream_block.child_blocks[b["type"]], b.get("value")))
            for b in english if b.get("type") in stream_block.child_blocks]


def _label(obj, name, index=None):
    label = capfirst(str(type(obj)._meta.get_field(name).verbose_name))
    if index is None:
        return label
    return _("%(item)s %(number)d: %(field)s") % {
        "item": capfirst(str(type(obj)._meta.verbose_name)), "number": index, "field": label}


def references(page):
    """[(record key, object, field name, label)] of the page's translatable fields and those of its
    inline children (numbered as in the editor), with the children's lists to put back on save."""
    found, children = targets(page)
    refs = []
    for key, (obj, name) in found.items():
        number = None if obj is page else children[key.split(".", 1)[0]].index(obj) + 1
        refs.append((key, obj, name, _label(obj, name, number)))
    return refs, children


def build(page, statuses, data=None):
    """The items of the side-by-side view. `data` (a POST) refills what the translator typed."""
    refs, children = references(page)
    items = []
    for number, (key, obj, name, label) in enumerate(refs):
        if normalized(obj, name, SOURCE) is None:
            continue  # nothing in Indonesian, nothing to translate
        model_field = _field(type(obj), name)
        item = Item(key=key, name=f"f{number}", label=label, obj=obj, field_name=name, kind="line",
                    status=statuses.get(key, ""))
        source, english = raw_value(obj, name, SOURCE), raw_value(obj, name, TARGET)
        item.missing_english = normalized(obj, name, TARGET) is None
        if isinstance(model_field, (StreamField, RichTextField)):
            walk = _walker(model_field)
            item.kind = "stream" if isinstance(model_field, StreamField) else "rich"
            item.editable = item.missing_english or _shape(walk, source) == _shape(walk, english)
            if item.kind == "stream":
                paired = item.editable and not item.missing_english
                item.blocks = _stream_blocks(model_field.stream_block, source, english if paired else None,
                                             item.editable, item.name)
                if not item.editable:
                    item.english_blocks = _english_blocks(model_field.stream_block, english)
            else:
                item.source_text, item.english_text = readable(source), readable(english)
                block = Block(label, item.source_text, item.english_text)
                if item.editable:
                    sources = _texts(walk, source)
                    englishes = [""] * len(sources) if item.missing_english else _texts(walk, english)
                    block.segments = [Segment(f"{item.name}-{n}", s, e)
                                      for n, (s, e) in enumerate(zip(sources, englishes, strict=False))]
                item.blocks = [block]
            for segment in item.segment_list:
                if data is not None and segment.name in data:
                    segment.english = data[segment.name]
        else:
            item.kind = "text" if isinstance(model_field, TextField) else "line"
            item.source_text, item.value = source or "", english or ""
            item.max_length = getattr(model_field, "max_length", None)
            if data is not None and item.name in data:
                item.value = data[item.name]
        items.append(item)
    return items, children


def _clean(text):
    return (text or "").replace("\r\n", "\n")


def apply(items, data):
    """Put the English from `data` on the items' objects. Returns the keys changed; sets item.error."""
    changed = []
    for item in items:
        english_name = build_localized_fieldname(item.field_name, TARGET)
        if item.kind in ("line", "text"):
            if item.name not in data:
                continue
            new = _clean(data[item.name]).strip()
            current = (getattr(item.obj, english_name) or "").strip()
            if new == current:
                continue
            if item.max_length and len(new) > item.max_length:
                item.error = _("At most %(count)d characters.") % {"count": item.max_length}
                continue
            setattr(item.obj, english_name, new)
            changed.append(item.key)
            continue
        pieces = item.segment_list
        if not item.editable or not pieces or any(piece.name not in data for piece in pieces):
            continue
        texts = [_clean(data[piece.name]).strip() for piece in pieces]
        current = ["" if item.missing_english else piece.saved for piece in pieces]
        if texts == [text.strip() for text in current]:
            continue
        if not all(texts):
            item.error = _("Fill in every part of this field (or, while it has no English yet, none).")
            continue
        model_field = _field(type(item.obj), item.field_name)
        base = raw_value(item.obj, item.field_name, SOURCE if item.missing_english else TARGET)
        setattr(item.obj, english_name, _fill(_walker(model_field), base, texts))
        changed.append(item.key)
    return changed
