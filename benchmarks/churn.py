"""Churn benchmark: anonymous traffic over every public address while editors publish.

    .venv/bin/python benchmarks/churn.py [--seconds 60] [--interval 10] [--connections 4] [--workers 2] [--redis]

Builds a fresh demo database (SQLite in a temporary directory, or a new PostgreSQL database beside the
one DATABASE_URL names) and serves it with gunicorn on the production settings. The traffic is every
address of the sitemap in both languages plus listing filters and searches (some of them searches
nobody made before), asked in turn by wrk. It runs twice, each time on a fresh server with an empty
page cache warmed by one pass over the addresses: once without publishes (the baseline), once while a
publisher process publishes a page every `--interval` seconds, as an editor would (a new revision of a
page, taken in turn from the site's pages that have no pages below them: kelurahan profiles, news,
attractions, events, services). Prints requests/s, p50 and p99 latency and the page cache's hit rate of
both runs, and the churn run's throughput as a share of the baseline's.

The page cache lives in files on this machine (SINGLE_SERVER=1), or with `--redis` in a Redis server
started for the run (redis-server must be installed), as on several servers.
"""

import argparse
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

from server import ROOT, free_port, prepare, serve

HERE = Path(__file__).resolve().parent

# Listing filters and searches, about one request in twenty, as visitors use them; "{n}" makes a search
# nobody made before (never in the page cache).
EXTRA = [
    "/en/tourism/?kind=museum", "/en/tourism/?kind=garden", "/id/wisata/?kind=heritage", "/id/wisata/?kind=culinary",
    "/en/tourism/?price=free", "/id/wisata/?price=paid", "/en/tourism/?open=now", "/id/wisata/?kind=garden&price=free",
    "/en/tourism/events/?period=past", "/id/wisata/acara/?period=past", "/en/news/?page=2",
    "/en/search/?q=garden", "/id/cari/?q=kebun+raya", "/en/search/?q=museum", "/id/cari/?q=pengaduan",
    "/id/cari/?q=taman+{n}",
]


def addresses(port):
    """Every address of the sitemap, in both languages, plus EXTRA."""
    base = f"http://127.0.0.1:{port}"
    xml = urllib.request.urlopen(base + "/sitemap.xml", timeout=30).read().decode()
    found = set()
    for loc in re.findall(r"<loc>([^<]+)</loc>", xml) + re.findall(r'href="([^"]+)"', xml):
        path = re.sub(r"^https?://[^/]+", "", loc)
        if path.startswith(("/id/", "/en/")):
            found.add(path)  # the sitemap lists each page in both languages, and their alternates
    return sorted(found) + EXTRA


def warm(port, paths):
    """One pass over the addresses: fills the page cache, and stops the benchmark at one that fails."""
    for path in paths:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}{path.replace('{n}', '0')}", timeout=30).read()
        except urllib.error.HTTPError as error:
            raise SystemExit(f"{path} answered {error.code}") from None


def load(port, urls_file, seconds, connections, threads):
    out = subprocess.run(
        ["wrk", "-t", str(threads), "-c", str(connections), "-d", f"{seconds}s", "-s", str(HERE / "churn.wrk.lua"),
         f"http://127.0.0.1:{port}"],
        capture_output=True, text=True, check=True, env={**os.environ, "CHURN_URLS": str(urls_file)},
    ).stdout
    return json.loads(re.search(r"^CHURNJSON (.*)$", out, re.M).group(1))


def publisher(interval, seconds):
    """Run in a child process with the server's settings: publish a page every `interval` seconds,
    the first half an interval in, until `seconds` have passed; print one line per publish (ms)."""
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from wagtail.models import Page

    pages = list(Page.objects.live().filter(depth__gte=3, numchild=0, show_in_menus=False)
                 .order_by("pk").values_list("pk", flat=True))
    random.Random(18).shuffle(pages)
    print("ready", flush=True)
    start = time.monotonic()
    for n in range(int((seconds - interval / 2) // interval) + 1):
        time.sleep(max(0.0, start + interval / 2 + n * interval - time.monotonic()))
        page = Page.objects.get(pk=pages[n % len(pages)]).specific
        began = time.perf_counter()
        page.save_revision().publish()
        print(f"published {(time.perf_counter() - began) * 1000:.0f}", flush=True)


def start_redis(workdir):
    port = free_port()
    proc = subprocess.Popen(["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                             "--appendonly", "no", "--dir", str(workdir)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"redis://127.0.0.1:{port}/0"
    import redis

    for _ in range(50):
        try:
            redis.Redis.from_url(url).ping()
            return proc, url
        except redis.ConnectionError:
            time.sleep(0.1)
    proc.kill()
    raise SystemExit("redis-server did not start")


def run(env, args, paths, urls_file, name, publish):
    if args.redis:
        import redis

        redis.Redis.from_url(env["REDIS_URL"]).flushall()
    proc, port = serve(env, args.workers, {"PAGE_CACHE_SECONDS": "600"}, name)
    pub = None
    try:
        warm(port, paths)
        if publish:
            pub = subprocess.Popen(
                [sys.executable, __file__, "--publisher", "--interval", str(args.interval), "--seconds",
                 str(args.seconds)], cwd=ROOT, env={**env, "VAR_DIR": f"{env['VAR_DIR']}/{name}"},
                stdout=subprocess.PIPE, text=True)
            if pub.stdout.readline().strip() != "ready":
                raise SystemExit("the publisher did not start")
        result = load(port, urls_file, args.seconds, args.connections, args.threads)
        result["rps"] = result["requests"] / (result["duration_us"] / 1e6)
        result["publishes"] = []
        if pub:
            out, _ = pub.communicate(timeout=args.interval + 60)
            result["publishes"] = [int(line.split()[1]) for line in out.splitlines() if line.startswith("published")]
            if pub.returncode:
                raise SystemExit("the publisher failed")
        return result
    finally:
        if pub and pub.poll() is None:
            pub.kill()
        proc.terminate()
        proc.wait(timeout=30)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--interval", type=float, default=10, help="seconds between publishes")
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--threads", type=int, default=1, help="wrk threads")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers")
    parser.add_argument("--redis", action="store_true", help="keep the page cache in a Redis started for the run")
    parser.add_argument("--publisher", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.publisher:
        return publisher(args.interval, args.seconds)
    if not shutil.which("wrk"):
        raise SystemExit("wrk is needed (Debian package wrk)")

    workdir = Path(tempfile.mkdtemp(prefix="bogor-churn-"))
    redis_proc = None
    try:
        extra = {}
        if args.redis:
            redis_proc, extra["REDIS_URL"] = start_redis(workdir)
            extra["SINGLE_SERVER"] = "0"
        env = prepare(workdir, extra)
        proc, port = serve(env, 1, {"PAGE_CACHE_SECONDS": "0"}, "list")
        try:
            paths = addresses(port)
        finally:
            proc.terminate()
            proc.wait(timeout=30)
        urls_file = workdir / "urls.txt"
        urls_file.write_text("\n".join(paths) + "\n")
        rows = [("baseline", run(env, args, paths, urls_file, "baseline", publish=False)),
                ("churn", run(env, args, paths, urls_file, "churn", publish=True))]
    finally:
        if redis_proc:
            redis_proc.terminate()
            redis_proc.wait(timeout=10)
        shutil.rmtree(workdir, ignore_errors=True)

    engine = "PostgreSQL" if env["DATABASE_URL"].startswith("postgres") else "SQLite"
    print(f"\n{engine}, page cache in {'Redis' if args.redis else 'files'}, gunicorn {args.workers} sync workers, "
          f"wrk {args.threads} thread(s) {args.connections} connections, {args.seconds}s per run, "
          f"{len(paths)} addresses ({len(EXTRA)} of them filters and searches), {os.cpu_count()} cores\n")
    print("| run | publishes | requests/s | p50 ms | p99 ms | cache hit rate | errors | publish ms (mean) |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for name, r in rows:
        counted = r["hits"] + r["misses"]
        publishes = r["publishes"]
        mean = f"{sum(publishes) / len(publishes):.0f}" if publishes else "-"
        print(f"| {name} | {len(publishes)} | {r['rps']:,.0f} | {r['p50_us'] / 1000:.1f} | {r['p99_us'] / 1000:.1f} | "
              f"{r['hits'] / counted:.1%} | {r['errors'] + r['non_2xx_3xx']} | {mean} |")
    base, churn = rows[0][1], rows[1][1]
    print(f"\nUnder churn: {churn['rps'] / base['rps']:.0%} of the baseline's throughput (target at least 80%), "
          f"p99 {churn['p99_us'] / 1000:.1f} ms (target under 40 ms).")


if __name__ == "__main__":
    main()
