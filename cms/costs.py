"""What something costs, stated once: a service's fee or an event's price, with the editor's note.

An amount of 0 used to print "Free of charge" before whatever the note said, so a levy read
"Free of charge (a building-approval levy…)" and a free service "Gratis (gratis)". Now:
- an amount: "Rp 10.000 (note)";
- a fee that depends on the case (no single amount): the note alone, which says how it is set;
- free: "Free of charge", with the note in brackets, less its own "free" ("gratis, wajib
  mendaftar" -> "Gratis (wajib mendaftar)", "free by law" -> "Free of charge (by law)", "gratis" ->
  "Gratis").
"""

import re

from django.utils.translation import gettext as _

# How editors begin a note that itself says "free", in either language.
FREE_NOTE = re.compile(r"^\s*(gratis|free of charge|free|tidak dipungut biaya|tanpa biaya|no charge|no fee|"
                       r"bebas biaya)\b", re.IGNORECASE)


def says_free(note):
    return bool(note and FREE_NOTE.match(note))


def _sentence_case(text):
    text = text.strip()
    return text[:1].upper() + text[1:]


def statement(amount, note="", varies=False, price=None):
    """The one line a visitor reads under "Cost" or "Price". `price` formats an amount (the `idr` filter)."""
    note = (note or "").strip()
    if amount:
        text = price(amount) if price else str(amount)
        return f"{text} ({note})" if note else text
    if varies:
        return _sentence_case(note) if note else _("Fee depends on the case")
    # A note that says "free" itself keeps only what it adds: "free by law" -> "Free of charge (by law)".
    note = FREE_NOTE.sub("", note).lstrip(" ,;:-–—").strip() if says_free(note) else note
    return f"{_('Free of charge')} ({note})" if note else _("Free of charge")


def short_label(amount, varies=False, price=None):
    """The word a listing shows: a price, "Free" or "Fee varies"."""
    if amount:
        return price(amount) if price else str(amount)
    return _("Fee varies") if varies else _("Free")
