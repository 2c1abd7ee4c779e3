"""Glossary terms protected from the provider by placeholders.

Before a text goes out, each term is replaced by a token such as XGLO3X, which translation
engines treat as a name and leave alone; afterwards the token becomes the term's fixed
translation (Kebun Raya Bogor -> Bogor Botanic Gardens) or the term itself (angkot, Puskesmas).
"""

import re

from .models import GlossaryTerm

TOKEN = "XGLO{}X"
TOKEN_RE = re.compile(r"X\s*GLO\s*(\d+)\s*X", re.IGNORECASE)


def active_terms():
    """(source term, fixed translation or "") pairs, from the editors' glossary."""
    return list(GlossaryTerm.objects.values_list("term", "translation"))


def _rules(terms, source_lang):
    """(text to find, replacement or None for "keep what was found") for this direction."""
    rules = []
    for term, fixed in terms:
        term, fixed = (term or "").strip(), (fixed or "").strip()
        if not term:
            continue
        if source_lang == "id":
            rules.append((term, fixed or None))
        elif fixed:  # English back to Indonesian: the fixed translation maps back to the term
            rules.append((fixed, term))
        else:
            rules.append((term, None))
    # Longest first, so "Kebun Raya Bogor" wins over "Bogor".
    return sorted(rules, key=lambda rule: -len(rule[0]))


def protect(text, terms, source_lang="id"):
    """Replace glossary terms in `text` by tokens. Returns (text, {number: replacement})."""
    rules = _rules(terms, source_lang)
    if not rules or not text:
        return text, {}
    lookup = {find.casefold(): replacement for find, replacement in rules}
    pattern = re.compile(r"(?<!\w)(" + "|".join(re.escape(find) for find, _ in rules) + r")(?!\w)", re.IGNORECASE)
    mapping = {}

    def swap(match):
        number = len(mapping)
        replacement = lookup.get(match.group(0).casefold())
        mapping[number] = replacement if replacement is not None else match.group(0)
        return TOKEN.format(number)

    return pattern.sub(swap, text), mapping


def restore(text, mapping):
    """Put the terms back. Returns (text, how many tokens the provider lost)."""
    if not mapping:
        return text, 0
    seen = set()

    def swap(match):
        number = int(match.group(1))
        if number not in mapping:
            return match.group(0)
        seen.add(number)
        return mapping[number]

    return TOKEN_RE.sub(swap, text), len(set(mapping) - seen)


# Explanations for visitors: the same glossary tells readers what a term means (cms.glossary
# marks its first occurrence on a page). Read on every page render, so cached until a term changes.
EXPLAINED_CACHE_KEY = "glossary:explained:{}"


def explained_terms(lang):
    """(term, explanation in `lang`) pairs for the terms editors explained in that language, longest first."""
    from django.core.cache import cache
    from modeltranslation.utils import build_localized_fieldname

    key = EXPLAINED_CACHE_KEY.format(lang)
    terms = cache.get(key)
    if terms is None:
        column = build_localized_fieldname("explanation", lang)
        rows = GlossaryTerm.objects.exclude(**{column: ""}).exclude(**{f"{column}__isnull": True}) \
            .values_list("term", column)
        terms = sorted(((t.strip(), e.strip()) for t, e in rows if t.strip()), key=lambda r: (-len(r[0]), r[0]))
        cache.set(key, terms, 24 * 3600)
    return terms


def forget_explained(**kwargs):
    """A term changed: drop the cached lists and the cached pages that show them."""
    from django.conf import settings
    from django.core.cache import cache

    from cms.pagecache.cache import purge

    cache.delete_many([EXPLAINED_CACHE_KEY.format(code) for code, _name in settings.LANGUAGES])
    purge()
