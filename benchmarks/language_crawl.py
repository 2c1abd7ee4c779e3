"""Crawl every public page in both languages and run a language detector over each text block.

Builds a fresh demo database in a temporary folder (benchmarks/server.py: migrate, seed_demo, production
settings, gunicorn), or crawls a server you already run (--base http://127.0.0.1:8000). Starting from
/id/, /en/ and the sitemap, it follows every link under /id/ and /en/ (no query strings, no downloads),
splits each page's <main> and header into text blocks (paragraphs, headings, list items, table cells,
labels, buttons, links outside those) and asks lingua (English or Indonesian) which language each block is
in. A block is in the wrong language when the detector is sure (--confidence, 0.9) it is the other
language than the one the page declares for it (the document's `lang`, or the nearest `lang` attribute:
a block marked lang="id" on an English page is expected to be Indonesian). Left out, as the issue asks:
proper names (capitalised words, codes, numbers, addresses, e-mail and web addresses), glossary terms
(<abbr>), <time>, code, and blocks with fewer than --min-words words left.

    .venv/bin/python benchmarks/language_crawl.py [--base URL] [--confidence 0.9] [--min-words 3] [--list 40]

Prints pages, blocks, blocks checked and the blocks in the wrong language (with their page), and with
--json FILE writes them all. Needs the dev extras (lingua-language-detector).
"""

import argparse
import json
import re
import sys
import tempfile
import urllib.error
import urllib.request
from collections import Counter, deque
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

BLOCKS = {"p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "dt", "dd", "td", "th", "caption", "figcaption",
          "blockquote", "label", "button", "legend", "summary", "option", "title"}
SKIPPED = {"script", "style", "noscript", "abbr", "time", "code", "pre", "svg", "select", "textarea"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
# Classes whose text is a name, a code or an address, not prose.
NAME_CLASSES = {"tracking-code", "address", "brand"}
# Downloads, files and one-time links: not pages.
SKIP_PATHS = re.compile(r"/(ics|photo|foto|verify|verifikasi|survey|survei|upload|unggahan|similar|serupa|supporter"
                        r"|pendukung)/|\.(ics|json|xml|pdf)$")


class Blocks(HTMLParser):
    """Text blocks of a page with the language each is declared in."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack = []      # (tag, lang, skip)
        self.open = []       # [tag, lang, [text pieces]] of the blocks being read
        self.blocks = []     # (lang, text)
        self.links = []

    def _lang(self):
        return self.stack[-1][1] if self.stack else None

    def _skip(self):
        return bool(self.stack) and self.stack[-1][2]

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        if tag in VOID:
            return
        lang = attrs.get("lang") or self._lang()
        classes = set((attrs.get("class") or "").split())
        skip = (self._skip() or tag in SKIPPED or bool(classes & NAME_CLASSES) or attrs.get("translate") == "no"
                or "visually-hidden" in classes and tag == "span" and self._in_switcher())
        self.stack.append((tag, lang, skip, "lang-switch" in classes))
        if tag in BLOCKS and not skip:
            self.open.append([tag, lang, []])

    def _in_switcher(self):
        return any(entry[3] for entry in self.stack)

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        # Close up to the matching tag (HTML allows unclosed <p>, <li>...).
        while self.stack:
            entry = self.stack.pop()
            if entry[0] in BLOCKS and not entry[2] and self.open and self.open[-1][0] == entry[0]:
                _tag, lang, pieces = self.open.pop()
                text = " ".join("".join(pieces).split())
                if text:
                    self.blocks.append((lang, text))
            if entry[0] == tag:
                break

    def handle_data(self, data):
        if self._skip() or not self.open:
            return
        self.open[-1][2].append(data)


NAME = re.compile(r"(?<![.!?:]\s)(?<!^)\b[A-Z][\w'’-]*")
NOISE = re.compile(r"\S+@\S+|https?://\S+|www\.\S+|\b[A-Z0-9]{2,}\b|\b\w*\d\w*\b|[^\w\s]")


def prose(text):
    """The words left once names, codes, numbers, addresses and punctuation are taken out."""
    text = NOISE.sub(" ", text)
    text = NAME.sub(" ", text)
    return text.split()


def fetch(url, attempts=3):
    request = urllib.request.Request(url, headers={"User-Agent": "language-crawl"})
    for attempt in range(attempts):
        try:
            with urllib.request.urlopen(request, timeout=120) as response:
                kind = response.headers.get("Content-Type", "")
                return response.status, kind, response.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as error:
            return error.code, error.headers.get("Content-Type", ""), error.read().decode("utf-8", "replace")
        except (TimeoutError, urllib.error.URLError):
            if attempt == attempts - 1:
                print(f"  no answer: {url}", file=sys.stderr)
    return 0, "", ""


def crawl(base, limit, tracking=10):
    """Every page reachable from /id/, /en/ and the sitemap, under /id/ or /en/: {path: (status, html)}."""
    status, _kind, sitemap = fetch(base + "/sitemap.xml")
    seeds = ["/id/", "/en/", *(urlsplit(u).path for u in re.findall(r"<loc>([^<]+)</loc>", sitemap))]
    # Tracking pages are linked from nowhere: those of a few public reports (Open311 lists them), in both languages.
    _status, _kind, listed = fetch(base + "/api/open311/v2/requests.json")
    for code in re.findall(r'"service_request_id":\s*"([^"]+)"', listed)[:tracking]:
        seeds += [f"/id/pengaduan/lacak/{code}/", f"/en/complaints/track/{code}/"]
    queue, seen, pages = deque(seeds), set(seeds), {}
    while queue and len(pages) < limit:
        path = queue.popleft()
        status, kind, html = fetch(base + path)
        if "html" not in kind:
            continue
        pages[path] = (status, html)
        parser = Blocks()
        parser.feed(html)
        for href in parser.links:
            parts = urlsplit(urljoin(base + path, href))
            if parts.netloc != urlsplit(base).netloc or parts.query or not parts.path.startswith(("/id/", "/en/")):
                continue
            if SKIP_PATHS.search(parts.path) or parts.path in seen:
                continue
            seen.add(parts.path)
            queue.append(parts.path)
    return pages


def check(pages, confidence, min_words):
    from lingua import Language, LanguageDetectorBuilder

    detector = LanguageDetectorBuilder.from_languages(Language.ENGLISH, Language.INDONESIAN).build()
    codes = {Language.ENGLISH: "en", Language.INDONESIAN: "id"}
    totals, wrong = Counter(), []
    for path, (status, html) in sorted(pages.items()):
        parser = Blocks()
        parser.feed(html)
        page_lang = re.search(r'<html lang="(\w+)"', html)
        for lang, text in parser.blocks:
            totals["blocks"] += 1
            lang = lang or (page_lang.group(1) if page_lang else "")
            words = prose(text)
            if len(words) < min_words or lang not in ("id", "en"):
                continue
            totals["checked"] += 1
            values = detector.compute_language_confidence_values(" ".join(words))
            best = values[0]
            if codes[best.language] != lang and best.value >= confidence:
                wrong.append({"page": path, "status": status, "declared": lang, "detected": codes[best.language],
                              "confidence": round(best.value, 2), "text": text[:160]})
    return totals, wrong


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base", help="a running server to crawl (default: build a demo one)")
    parser.add_argument("--confidence", type=float, default=0.9)
    parser.add_argument("--min-words", type=int, default=3)
    parser.add_argument("--limit", type=int, default=3000, help="at most this many pages")
    parser.add_argument("--list", type=int, default=40, help="print this many wrong blocks")
    parser.add_argument("--json", help="write every wrong block to this file")
    parser.add_argument("--workdir", help="reuse the demo database a previous run built in this folder")
    args = parser.parse_args()
    proc = None
    if args.base:
        base = args.base.rstrip("/")
    else:
        from benchmarks.server import prepare, serve

        workdir = Path(args.workdir or tempfile.mkdtemp(prefix="bogor-language-crawl-"))
        env = prepare(workdir, build=not args.workdir)
        print(f"demo database in {workdir}", file=sys.stderr)
        # A shared machine may answer slowly: gunicorn's 30-second limit would kill a worker mid-page.
        proc, port = serve(env, workers=2, extra_env={"GUNICORN_CMD_ARGS": "--timeout 300"})
        base = f"http://127.0.0.1:{port}"
    try:
        pages = crawl(base, args.limit)
    finally:
        if proc is not None:
            proc.terminate()
    totals, wrong = check(pages, args.confidence, args.min_words)
    by_lang = Counter(f"{w['declared']} page, detected {w['detected']}" for w in wrong)
    per_language = Counter(re.match(r"/(\w+)/", p).group(1) for p in pages)
    print(f"pages: {len(pages)} ({', '.join(f'{k}: {v}' for k, v in sorted(per_language.items()))}); "
          f"text blocks: {totals['blocks']}; checked: {totals['checked']}; in the wrong language: {len(wrong)}")
    for label, count in by_lang.most_common():
        print(f"  {label}: {count}")
    for item in wrong[:args.list]:
        print(f"  {item['page']} [{item['declared']}→{item['detected']} {item['confidence']}] {item['text']}")
    if args.json:
        Path(args.json).write_text(json.dumps({"totals": totals, "pages": len(pages), "wrong": wrong}, indent=1,
                                              ensure_ascii=False))


if __name__ == "__main__":
    main()
