"""Open311 read benchmark: `GET /api/open311/v2/requests.json` with 10,000 reports in the database.

    DATABASE_URL=postgres://user@127.0.0.1:5432/portal .venv/bin/python benchmarks/open311.py

Builds a demo database, adds --reports reports spread over the last 90 days (the default window),
serves it with gunicorn (production settings) and loads it with wrk from 127.0.0.1. Each answer
holds the standard's maximum of 1,000 requests. Prints requests/s, p50/p99 latency and the SQL
queries one request makes (counted in a separate process on the same database).

On a busy machine wrk's figures vary by a third from run to run. `--in-process N` also times N
requests through Django in one process and the list's query in the database (EXPLAIN ANALYZE), and
prints the fastest and the median of each: the fastest run is what the code costs when nothing else
takes the CPU, and compares two versions fairly.
"""

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from server import ROOT, prepare, serve

URL = "/api/open311/v2/requests.json"

FILL = """
import random
from datetime import timedelta
from django.utils import timezone
from cms.models import OrganisationUnit
from complaints.models import Category, Complaint, ComplaintEvent
rnd = random.Random(8)
now = timezone.now()
categories = list(Category.objects.all())
units = list(OrganisationUnit.objects.exclude(kind__in=["kelurahan", "kecamatan", "external"]))
kelurahan = list(OrganisationUnit.objects.filter(kind="kelurahan"))
states = ["verified", "dispatched", "in_progress", "resolved", "closed", "received"]
batch = []
for i in range({n}):
    created = now - timedelta(minutes=rnd.randint(0, 89 * 24 * 60))
    batch.append(Complaint(
        tracking_code=f"BENCH{{i:05d}}", category=rnd.choice(categories), description="Jalan berlubang di depan sekolah.",
        address=f"Jl. Contoh {{i}}",
        latitude=round(-6.55 - rnd.random() * 0.1, 6), longitude=round(106.75 + rnd.random() * 0.1, 6),
        kelurahan=rnd.choice(kelurahan), status=states[i % len(states)], unit=rnd.choice(units), confidential=i % 20 == 0,
        name=f"Warga {{i}}", email=f"warga{{i}}@contoh.id", created_at=created, public_updated_at=created,
        due_at=now + timedelta(days=rnd.randint(1, 10))))
Complaint.objects.bulk_create(batch, batch_size=1000)
events = [ComplaintEvent(complaint=c, status=c.status, public_message="Laporan sedang ditangani.")
          for c in Complaint.objects.filter(tracking_code__startswith="BENCH")]
ComplaintEvent.objects.bulk_create(events, batch_size=1000)
# bulk_create skips ComplaintEvent.save(), which keeps a report's last public change.
Complaint.objects.filter(tracking_code__startswith="BENCH").update(public_updated_at=timezone.now())
print(Complaint.objects.count())
"""

COUNT = """
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
client = Client(HTTP_HOST="127.0.0.1")
client.get("{url}")  # warm: site and content types in the cache, as in a running worker
with CaptureQueriesContext(connection) as queries:
    response = client.get("{url}")
print(response.status_code, len(response.json()), len(queries))
"""


IN_PROCESS = """
import statistics, time
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
client = Client(HTTP_HOST="127.0.0.1")
client.get("{url}")
wall, cpu = [], []
for _ in range({n}):
    started, started_cpu = time.perf_counter(), time.process_time()
    assert client.get("{url}").status_code == 200
    wall.append(time.perf_counter() - started)
    cpu.append(time.process_time() - started_cpu)
with CaptureQueriesContext(connection) as queries:
    client.get("{url}")
sql = max(queries.captured_queries, key=lambda q: len(q["sql"]))["sql"]
plan, run = [], []
if connection.vendor == "postgresql":
    with connection.cursor() as cursor:
        for _ in range({n}):
            cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + sql)
            result = cursor.fetchone()[0][0]
            plan.append(result["Planning Time"] / 1000)
            run.append(result["Execution Time"] / 1000)
ms = lambda values: f"{{min(values) * 1000:.1f}} / {{statistics.median(values) * 1000:.1f}}" if values else "-"
print(f"{{ms(wall)}}|{{ms(cpu)}}|{{ms(plan)}}|{{ms(run)}}")
"""


def manage_shell(env, code):
    out = subprocess.run([sys.executable, "manage.py", "shell", "-c", code], cwd=ROOT, env=env, capture_output=True,
                         text=True, check=True).stdout
    return out.strip().splitlines()[-1]


def wrk(port, seconds, connections, threads):
    out = subprocess.run(["wrk", "-t", str(threads), "-c", str(connections), "-d", f"{seconds}s", "--latency",
                          "--timeout", "30s", f"http://127.0.0.1:{port}{URL}"], capture_output=True, text=True,
                         check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    lat = dict(re.findall(r"^\s+(50|99)%\s+([\d.]+\w+)", out, re.M))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return rps, lat.get("50"), lat.get("99"), int(errors.group(1)) if errors else 0, out


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--reports", type=int, default=10_000)
    parser.add_argument("--seconds", type=int, default=30)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1) + 1)
    parser.add_argument("--in-process", type=int, default=0, metavar="N",
                        help="also time N requests in one process (fastest / median)")
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="bogor-open311-bench-"))
    try:
        env = prepare(workdir)
        total = manage_shell(env, FILL.format(n=args.reports))
        status, items, queries = manage_shell(env, COUNT.format(url=URL)).split()
        timed = manage_shell(env, IN_PROCESS.format(url=URL, n=args.in_process)) if args.in_process else None
        proc, port = serve(env, args.workers)
        try:
            rps, p50, p99, failed, raw = wrk(port, args.seconds, args.connections, args.threads)
        finally:
            proc.terminate()
            proc.wait(timeout=30)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)

    engine = "PostgreSQL" if env["DATABASE_URL"].startswith("postgres") else "SQLite"
    print(f"\n{engine}, {total} reports in the database, gunicorn {args.workers} sync workers, wrk {args.threads} threads "
          f"{args.connections} connections {args.seconds}s, from 127.0.0.1, {os.cpu_count()} cores\n")
    print("| request | status | items per answer | SQL queries per request | requests/s | p50 | p99 | non-2xx |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    print(f"| GET {URL} | {status} | {items} | {queries} | {rps:,.1f} | {p50} | {p99} | {failed} |")
    if timed:
        wall, cpu, plan, run = timed.split("|")
        print(f"\nIn one process, {args.in_process} requests, fastest / median in ms:\n")
        print("| request | whole request | Python CPU | query planning | query execution |")
        print("|---|---:|---:|---:|---:|")
        print(f"| GET {URL} | {wall} | {cpu} | {plan} | {run} |")
    sys.exit(0 if status == "200" and failed == 0 else 1)


if __name__ == "__main__":
    main()
