"""Find interface strings an Indonesian editor would still read in English.

Two detectors, run on what a screen shows (visible text nodes, and the placeholder, title, aria-label
and button texts a person reads or hears):
- catalog: the text is (or is built from) a message of Wagtail's, a package's or the project's catalogs
  that has no Indonesian translation in any catalog Django loads for "id";
- words: the text reads as English (several common English words, no Indonesian ones), which also
  catches strings that never went through gettext.
Plus the language suffixes of translated fields ("[ind]", "[en]") that must read as words.
User content is not judged: the demo content is Indonesian, and text inside the values of form fields
is not a text node.
"""

import glob
import re
from functools import cache
from pathlib import Path

import polib

SITE_PACKAGES = Path(polib.__file__).resolve().parent
ROOT = Path(__file__).resolve().parents[2]
PLACEHOLDER = re.compile(r"%\(\w+\)[sdifr]|%[sdif]|\{[\w.]*\}")

# Words that mark a text as English, and words that mark it as Indonesian.
ENGLISH = set("""the a an and or of to in on for with this that these those your you is are was be been
has have had will would can could should not no yes all any each every from by at as it its into
there their which what when where who how than then more most some only also just here page pages
edit save delete choose add view draft publish published submit request changes approve cancel close
search filter sort select upload image images document documents settings history status live
moderation comment comments reports report dashboard explorer account log out sign help field
required error errors please enter title date time new create created updated owner locked back next
previous show hide more less open none""".split())
INDONESIAN = set("""yang dan di ke dari untuk dengan ini itu tidak ada atau pada oleh sebagai akan telah
sudah belum bisa dapat harus halaman simpan hapus ubah pilih tambah lihat konsep terbitkan kirim
setujui batal cari gambar dokumen pengaturan riwayat status tayang komentar laporan dasbor akun keluar
isian wajib tanggal judul baru dibuat diperbarui pemilik terkunci kembali berikutnya sebelumnya
tampilkan sembunyikan anda kami mohon silakan""".split())

# Loan words and names that read the same in both languages.
SAME_IN_BOTH = {"status", "panel", "slug", "tag", "tags", "email", "e-mail", "url", "id", "en", "ok", "rss",
                "api", "json", "csv", "xlsx", "pdf", "wagtail", "open311", "sp4n-lapor!", "english",
                "bahasa indonesia", "draft", "admin", "login", "logo", "menu", "filter", "link", "preview",
                "dashboard", "online", "offline", "web", "website", "video", "audio", "zoom", "media", "total",
                "minimal", "normal", "alt", "html", "svg", "png", "jpeg", "webp", "avif", "gif", "heic",
                "sort", "portal", "kota bogor", "ctrl", "shift", "tab", "esc", "enter", "home"}


def _catalogs():
    for path in glob.glob(str(SITE_PACKAGES / "wagtail" / "**" / "locale" / "en" / "LC_MESSAGES" / "*.po"),
                          recursive=True):
        yield path
    for name in ("django.po", "djangojs.po"):
        path = ROOT / "locale" / "id" / "LC_MESSAGES" / name
        if path.exists():
            yield str(path)


@cache
def untranslated_messages():
    """(msgid, pattern) of every catalog message Django's "id" catalogs do not translate."""
    from django.utils.translation import trans_real

    known = set(trans_real.translation("id")._catalog.keys())
    result = {}
    for path in _catalogs():
        for entry in polib.pofile(path):
            if entry.obsolete or not re.search(r"[A-Za-z]{2}", PLACEHOLDER.sub("", entry.msgid)):
                continue
            key = f"{entry.msgctxt}\x04{entry.msgid}" if entry.msgctxt else entry.msgid
            if key in known or (key, 0) in known:
                continue
            if path.endswith("djangojs.po") and _js_known(entry):
                continue
            text = " ".join(entry.msgid.split())
            if text.lower() in SAME_IN_BOTH:
                continue
            parts = PLACEHOLDER.split(text)
            pattern = re.compile(".+?".join(re.escape(p) for p in parts) + r"\Z", re.S)
            result[text] = pattern
    return result


def _js_known(entry):
    return entry.msgid in _js_catalog()


@cache
def _js_catalog():
    """The djangojs messages translated for "id" in any catalog Django loads."""
    from django.conf import settings

    known = set()
    paths = [Path(p) / "id" / "LC_MESSAGES" / "djangojs.po" for p in settings.LOCALE_PATHS]
    paths += [Path(p) for p in glob.glob(str(SITE_PACKAGES / "wagtail" / "**" / "locale" / "id*" / "LC_MESSAGES"
                                                / "djangojs.po"), recursive=True)]
    for path in paths:
        if path.exists():
            known |= {e.msgid for e in polib.pofile(str(path)) if e.translated()}
    return known


def reads_as_english(text):
    # Whole words only: letters inside a code such as a tracking code "9A9A5E2E4U" are not the word "a".
    words = re.findall(r"\b[a-z]+\b", text.lower())
    if len(words) < 3:
        return False
    english = sum(w in ENGLISH for w in words)
    indonesian = sum(w in INDONESIAN for w in words)
    return indonesian == 0 and english >= max(2, len(words) * 0.4)


# Visible text nodes and the texts of attributes a person reads or hears.
COLLECT_JS = r"""
() => {
  const out = [];
  const visible = (el) => {
    if (!el || !el.getClientRects().length) return false;
    const style = getComputedStyle(el);
    return style.visibility !== 'hidden' && style.display !== 'none';
  };
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  let node;
  while ((node = walker.nextNode())) {
    const el = node.parentElement;
    if (!el || ['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'TEXTAREA'].includes(el.tagName)) continue;
    if (el.closest('[data-user-content], .rich-text, [contenteditable="true"], .DraftEditor-root')) continue;
    const text = node.textContent.replace(/\s+/g, ' ').trim();
    if (text && visible(el)) out.push(text);
  }
  for (const el of document.querySelectorAll('[placeholder], [title], [aria-label], input[type=submit][value]')) {
    if (!visible(el) && !el.matches('[aria-label]')) continue;
    for (const attr of ['placeholder', 'title', 'aria-label']) {
      const value = (el.getAttribute(attr) || '').replace(/\s+/g, ' ').trim();
      if (value) out.push(value);
    }
    if (el.matches('input[type=submit]')) out.push(el.value.trim());
  }
  return out;
}
"""


def english_on(page):
    """The English strings on the page as [(kind, text)], kinds "catalog", "words" and "suffix"."""
    found = []
    messages = untranslated_messages()
    for text in dict.fromkeys(page.evaluate(COLLECT_JS)):
        if re.search(r"\[(ind|en)\]", text):
            found.append(("suffix", text))
        elif text in messages or any(p.match(text) for m, p in messages.items() if PLACEHOLDER.search(m)):
            found.append(("catalog", text))
        elif reads_as_english(text):
            found.append(("words", text))
    return found
