"""What of a field goes to the provider, and how the translation is put back.

Rich text (Wagtail's stored HTML) is cut into tags and text nodes; only the text nodes are
translated, the tags (links with their page ids, embeds, lists, emphasis) are copied byte for
byte, so the structure cannot change. A StreamField is walked with its block definitions: only
text-like blocks are translated (CharBlock, TextBlock, RichTextBlock, table cells and caption);
URLs, choices, image/document/page choosers, embeds, ids and the block order are kept as they are.

Every function takes `tr(text) -> text`. Walking twice (once to collect, once to fill in) lets
the caller send all the texts of a page to the provider in one batch.
"""

import html
import re

from wagtail import blocks
from wagtail.contrib.table_block.blocks import TableBlock

from .service import needs_translation

# A tag (attribute values may contain ">") or a comment.
TAG_RE = re.compile(r"(<!--.*?-->|<(?:[^>\"']|\"[^\"]*\"|'[^']*')*>)", re.S)


def split_html(value):
    """[(is_text, piece)] whose pieces joined give back `value` exactly."""
    return [(not TAG_RE.fullmatch(piece), piece) for piece in TAG_RE.split(value or "") if piece]


def translate_html(value, tr):
    out = []
    for is_text, piece in split_html(value):
        if is_text and needs_translation(html.unescape(piece)):
            text = html.unescape(piece)
            core = text.strip()
            lead, trail = text[:len(text) - len(text.lstrip())], text[len(text.rstrip()):]
            out.append(lead + html.escape(tr(core), quote=False) + trail)
        else:
            out.append(piece)
    return "".join(out)


def translate_plain(value, tr):
    if not isinstance(value, str) or not needs_translation(value):
        return value
    return tr(value)


def _table(value, tr):
    if not isinstance(value, dict):
        return value
    value = dict(value)
    rows = value.get("data") or []
    # Cells may hold HTML when the table allows it: translate their text nodes only.
    value["data"] = [[translate_html(cell, tr) if isinstance(cell, str) else cell for cell in row] for row in rows]
    if value.get("table_caption"):
        value["table_caption"] = translate_plain(value["table_caption"], tr)
    return value


def translate_block(block, value, tr):
    """The raw (JSON) value of `block` with its text translated."""
    if value is None:
        return value
    if isinstance(block, TableBlock):
        return _table(value, tr)
    if isinstance(block, blocks.RichTextBlock):
        return translate_html(value, tr) if isinstance(value, str) else value
    if isinstance(block, (blocks.CharBlock, blocks.TextBlock)):
        return translate_plain(value, tr)
    if isinstance(block, blocks.StreamBlock):
        return translate_stream(block, value, tr)
    if isinstance(block, blocks.ListBlock):
        items = []
        for item in value:
            if isinstance(item, dict) and "type" in item and "value" in item:  # list items with ids
                items.append({**item, "value": translate_block(block.child_block, item["value"], tr)})
            else:
                items.append(translate_block(block.child_block, item, tr))
        return items
    if isinstance(block, blocks.StructBlock):
        if not isinstance(value, dict):
            return value
        return {name: translate_block(block.child_blocks[name], child, tr) if name in block.child_blocks else child
                for name, child in value.items()}
    return value  # URLs, choices, choosers, embeds, numbers, dates...


def translate_stream(stream_block, raw, tr):
    out = []
    for item in raw or []:
        child = stream_block.child_blocks.get(item.get("type"))
        out.append({**item, "value": translate_block(child, item.get("value"), tr)} if child else item)
    return out


def structure(block, value):
    """The value with every translatable text replaced by "*": equal before and after translation."""
    return translate_block(block, value, lambda text: "*")
