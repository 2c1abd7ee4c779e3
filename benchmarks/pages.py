"""Page benchmark: serve the demo site with gunicorn and measure requests/s and latency.

    .venv/bin/python benchmarks/pages.py [--seconds 10] [--concurrency 16] [--workers 5]

Builds a fresh demo database (SQLite in a temp dir, or a new PostgreSQL database next to the
one DATABASE_URL names), runs gunicorn with the production settings twice, once with the page
cache on and once with it off (PAGE_CACHE_SECONDS=0), and loads it from 127.0.0.1 only. Uses
wrk when it is installed (Debian package `wrk`), otherwise a bounded Python load generator.
"""

import argparse
import http.client
import os
import re
import shutil
import subprocess
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

from server import prepare, serve

TARGETS = [
    ("home page", "/en/"),
    ("content page", "/en/tourism/bogor-botanic-gardens/"),
    ("search", "/en/search/?q=garden"),
]


def load_wrk(port, path, seconds, concurrency):
    out = subprocess.run(
        ["wrk", "-t", "2", "-c", str(concurrency), "-d", f"{seconds}s", "--latency", f"http://127.0.0.1:{port}{path}"],
        capture_output=True, text=True, check=True,
    ).stdout

    def ms(label):
        m = re.search(rf"^\s*{label}%\s+([\d.]+)(us|ms|s)\s*$", out, re.M)
        value, unit = float(m.group(1)), m.group(2)
        return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value

    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    errors = int(bad.group(1)) if bad else 0
    sock = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    if sock:
        errors += sum(int(x) for x in sock.groups())
    return rps, ms("50"), ms("99"), errors


def load_python(port, path, seconds, concurrency):
    latencies, errors = [], [0]
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    def worker():
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        mine = []
        while time.monotonic() < deadline:
            start = time.perf_counter()
            try:
                conn.request("GET", path)
                response = conn.getresponse()
                response.read()
                ok = response.status == 200
            except OSError:
                ok = False
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            mine.append(time.perf_counter() - start)
            if not ok:
                with lock:
                    errors[0] += 1
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    started = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.monotonic() - started
    latencies.sort()
    pick = lambda q: latencies[min(len(latencies) - 1, int(q * len(latencies)))] * 1000  # noqa: E731
    return len(latencies) / elapsed, pick(0.50), pick(0.99), errors[0]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1) + 1)
    args = parser.parse_args()

    load = load_wrk if shutil.which("wrk") else load_python
    workdir = Path(tempfile.mkdtemp(prefix="bogor-bench-"))
    try:
        env = prepare(workdir)
        rows = []
        for mode, seconds in (("cached", 600), ("uncached", 0)):
            proc, port = serve(env, args.workers, {"PAGE_CACHE_SECONDS": str(seconds)}, f"run-{seconds}")
            try:
                for label, path in TARGETS:
                    for _ in range(3):  # warm up: renditions, menus, connections
                        urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=30).read()
                    rps, p50, p99, errors = load(port, path, args.seconds, args.concurrency)
                    rows.append((label, path, mode, rps, p50, p99, errors))
            finally:
                proc.terminate()
                proc.wait(timeout=30)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)

    engine = "PostgreSQL" if env["DATABASE_URL"].startswith("postgres") else "SQLite"
    print(f"\n{engine}, gunicorn {args.workers} sync workers, {args.concurrency} connections, "
          f"{args.seconds}s each, load by {'wrk' if load is load_wrk else 'Python threads'} on 127.0.0.1, "
          f"{os.cpu_count()} cores\n")
    print("| page | path | cache | requests/s | p50 ms | p99 ms | errors |")
    print("|---|---|---|---:|---:|---:|---:|")
    for label, path, mode, rps, p50, p99, errors in rows:
        print(f"| {label} | `{path}` | {mode} | {rps:,.0f} | {p50:.1f} | {p99:.1f} | {errors} |")


if __name__ == "__main__":
    main()
