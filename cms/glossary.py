"""Explain the terms a visitor may not know where they first appear on a page.

The editors' glossary (Snippets → Glossary, `explained_terms`) gives each term an explanation per
language; the `{% explain_terms %}` block around a page's main content wraps the first occurrence
of each term in `<abbr title="explanation">`. Whole words only, and never inside links, headings,
the breadcrumb trail, form controls, code, an existing `<abbr>` or an attribute (only text between tags is looked at).
The term list is cached until a term changes; the pattern is compiled once per list.
"""

import functools
import html
import re

from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from cms.machine_translation.glossary import explained_terms

# Elements whose text is left alone: a link, heading or the breadcrumb trail reads wrong with a
# dotted term inside, form controls and code are not prose, and an <abbr> is explained already.
SKIP = {"a", "abbr", "nav", "h1", "h2", "h3", "h4", "h5", "h6", "button", "label", "legend", "option", "select",
        "textarea", "script", "style", "code", "pre", "kbd", "samp", "title", "svg", "dfn", "time"}
TOKEN = re.compile(r"(<!--.*?-->|<[^>]*>)", re.DOTALL)
TAG = re.compile(r"<\s*(/)?\s*([a-zA-Z][a-zA-Z0-9-]*)")


def _case_sensitive(term):
    # Acronyms (SIMBG, PKM, WIB) only as capitals; words (angkot) in any case.
    return sum(ch.isupper() for ch in term) >= 2


@functools.lru_cache(maxsize=16)
def _pattern(terms):
    """One alternation of every term (longest first), as it appears in escaped HTML text."""
    parts = []
    for term, _explanation in terms:
        escaped = re.escape(html.escape(term, quote=False))
        parts.append(escaped if _case_sensitive(term) else f"(?i:{escaped})")
    # Whole words: not part of a longer word or a hyphenated one (e-KTP is not KTP).
    return re.compile(r"(?<![\w-])(?:" + "|".join(parts) + r")(?![\w-])")


def explain(markup, lang=None):
    """`markup` with the first occurrence of each explained term wrapped in <abbr title>."""
    terms = tuple(explained_terms(lang or get_language()))
    if not terms or not markup:
        return markup
    pattern = _pattern(terms)
    by_key = {}
    for term, explanation in terms:
        by_key.setdefault(html.escape(term, quote=False).casefold(), explanation)
    done = set()
    depth = 0
    out = []
    for piece in TOKEN.split(str(markup)):
        if not piece:
            continue
        if piece.startswith("<"):
            tag = TAG.match(piece)
            if tag and tag.group(2).lower() in SKIP and not piece.rstrip(">").endswith("/"):
                depth = max(0, depth - 1) if tag.group(1) else depth + 1
            out.append(piece)
            continue
        if depth or len(done) == len(by_key):
            out.append(piece)
            continue

        def wrap(match):
            key = match.group(0).casefold()
            if key in done or key not in by_key:
                return match.group(0)
            done.add(key)
            return f'<abbr title="{html.escape(by_key[key])}">{match.group(0)}</abbr>'

        out.append(pattern.sub(wrap, piece))
    return mark_safe("".join(out))
