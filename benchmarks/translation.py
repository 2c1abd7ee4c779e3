"""Machine translation benchmark: translate the whole demo site into English against a local
LibreTranslate stand-in (tests/translation/libre_server.py on 127.0.0.1), with deep-translator's
real LibreTranslator client.

    .venv/bin/python benchmarks/translation.py

Builds a fresh demo database, empties the English of every page (as on a site that has none
yet), then runs `manage.py translate_pages` over all pages and reports pages, characters,
requests and time; a second run shows the cost of checking a site with nothing to do. The
stand-in answers at once, so this measures the portal's own work (walking, batching, saving,
publishing); a real provider adds its latency per request.
"""

import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from server import ROOT, prepare

sys.path.insert(0, str(ROOT))
from tests.translation.libre_server import start  # noqa: E402

EMPTY_ENGLISH = """
from django.db import connection
from modeltranslation.translator import translator
from wagtail.fields import StreamField
from wagtail.models import get_page_models
from cms.machine_translation.models import PageTranslationState
from cms.machine_translation.pages import translatable_fields
for model in get_page_models():
    if model._meta.abstract or model.__name__ == "Page":
        continue
    try:
        names = translatable_fields(model)
    except Exception:
        continue
    values = {}
    for name in names:
        field = model._meta.get_field(name + "_en")
        values[name + "_en"] = [] if isinstance(field, StreamField) else ("" if not field.null else None)
    if values:
        model.objects.update(**values)
PageTranslationState.objects.all().delete()
"""


def run(env, *args):
    started = time.perf_counter()
    proc = subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    if proc.returncode not in (0,):
        sys.stderr.write(proc.stderr[-2000:])
        raise SystemExit(f"manage.py {' '.join(args)} failed")
    return proc.stdout, elapsed


def main():
    server = start()
    with tempfile.TemporaryDirectory(prefix="bogor-bench-tr-") as tmp:
        env = prepare(Path(tmp), {"TRANSLATION_PROVIDER": "none"})
        run(env, "shell", "-c", EMPTY_ENGLISH)
        env = {**env, "TRANSLATION_PROVIDER": "libre", "TRANSLATION_BASE_URL": server.url,
               "TRANSLATION_API_KEY": "bench"}
        for label in ("whole site, English empty", "second run, nothing to do"):
            server.requests.clear()
            out, elapsed = run(env, "translate_pages")
            summary = out.strip().splitlines()[-1]
            own = re.search(r"([\d.]+) s\.$", summary)
            print(f"{label}: {summary}")
            print(f"  server saw {len(server.requests)} requests, "
                  f"{sum(r['size'] for r in server.requests)} characters, none over "
                  f"{max((r['size'] for r in server.requests), default=0)}; "
                  f"command wall time {elapsed:.2f} s (translation work {own.group(1) if own else '?'} s)")
    server.shutdown()


if __name__ == "__main__":
    main()
