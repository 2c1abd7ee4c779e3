"""Where an uncached page view spends its time, in-process: ms per request and the top functions.

Runs against the database of the current settings (the demo site after `make seed`), with the page cache
off, so each request renders afresh as after a publish. Usage, from the repository root:

    .venv/bin/python benchmarks/render_profile.py [--requests 200] [--top 25] [PATH ...]
"""

import argparse
import cProfile
import io
import os
import pstats
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DEFAULT_PATHS = ["/en/", "/id/", "/en/tourism/", "/en/tourism/?kind=museum", "/en/tourism/bogor-botanic-gardens/",
                 "/en/news/", "/en/news/car-free-day-jalan-sudirman/", "/en/tourism/events/", "/en/services/"]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("paths", nargs="*", default=DEFAULT_PATHS)
    parser.add_argument("--requests", type=int, default=200, help="requests per path (default 200)")
    parser.add_argument("--top", type=int, default=0, help="print the N functions with most cumulative time")
    parser.add_argument("--dump", help="also write the profile to this file (for pstats or snakeviz)")
    parser.add_argument("--sort", default="cumulative", help="pstats sort key for --top (default cumulative)")
    args = parser.parse_args()

    # Production settings (no debug toolbar, cached templates) on the local demo database and file cache.
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.production")
    os.environ.setdefault("SECRET_KEY", "rPf7-q9Lm2xVw8Zt3NbK5cYh1JdG6sAe0uRoTiW4yXnMvBp_kQ")
    os.environ.setdefault("ALLOWED_HOSTS", "localhost")
    os.environ.setdefault("SINGLE_SERVER", "1")
    os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
    os.environ.setdefault("TRANSLATION_PROVIDER", "none")
    import django
    from django.conf import settings

    django.setup()
    if not (Path(settings.STATIC_ROOT) / "staticfiles.json").exists():  # production settings need the manifest
        from django.core.management import call_command

        call_command("collectstatic", interactive=False, verbosity=0)
    settings.PAGE_CACHE_SECONDS = 0  # every request renders, as the first one after a publish
    import logging

    from django.db import connection
    from django.test import Client

    logging.disable(logging.INFO)  # the access log is not what is measured
    client = Client(HTTP_HOST="localhost")
    print(f"{'path':48} {'status':>6} {'ms/request':>10} {'queries':>7} {'kB':>6}")
    profile = cProfile.Profile() if args.top else None
    for path in args.paths:
        for _ in range(5):  # warm: templates, catalogs, site root paths
            client.get(path, secure=True)
        queries = []

        def count(execute, sql, params, many, context, queries=queries):
            queries.append(sql)
            return execute(sql, params, many, context)

        with connection.execute_wrapper(count):
            response = client.get(path, secure=True)
        if profile:
            profile.enable()
        start = time.perf_counter()
        for _ in range(args.requests):
            client.get(path, secure=True)
        elapsed = (time.perf_counter() - start) / args.requests * 1000
        if profile:
            profile.disable()
        print(f"{path:48} {response.status_code:>6} {elapsed:>10.2f} {len(queries):>7} {len(response.content) / 1024:>6.1f}")
    if profile and args.dump:
        profile.dump_stats(args.dump)
    if profile:
        out = io.StringIO()
        pstats.Stats(profile, stream=out).sort_stats(args.sort).print_stats(args.top)
        print(out.getvalue())


if __name__ == "__main__":
    main()
