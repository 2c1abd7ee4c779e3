"""Complaint load benchmark: concurrent submissions to gunicorn for a fixed time, from 127.0.0.1 only.

    DATABASE_URL=postgres://user@127.0.0.1:5432/portal .venv/bin/python benchmarks/complaints.py

Runs twice (without photos, then with a ~2 MB photo), with wrk (Debian package `wrk`) and
benchmarks/complaints.lua; prints submissions/s, p50/p99 latency, and checks that the number of
complaints in the database equals the number of tracking codes received.
"""

import argparse
import io
import os
import re
import shutil
import subprocess
import sys
import tempfile
import urllib.request
from http.cookiejar import CookieJar
from pathlib import Path

from server import ROOT, prepare, serve


def photo(path, target=2 * 1024 * 1024):
    """A noisy JPEG of about `target` bytes, like a phone photo."""
    from PIL import Image

    side = 1400
    while True:
        buf = io.BytesIO()
        Image.effect_noise((side, side), 60).convert("RGB").save(buf, "JPEG", quality=92)
        if buf.tell() >= target:
            path.write_bytes(buf.getvalue())
            return buf.tell()
        side += 200


def csrf_and_category(port):
    jar = CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    html = opener.open(f"http://127.0.0.1:{port}/en/complaints/", timeout=30).read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    cookie = next(c.value for c in jar if c.name == "csrftoken")
    category = re.search(r'name="category" value="(\d+)"', html).group(1)
    return cookie, token, category


def count_complaints(env):
    code = "from complaints.models import Complaint; print(Complaint.objects.count())"
    out = subprocess.run([sys.executable, "manage.py", "shell", "-c", code], cwd=ROOT, env=env,
                         capture_output=True, text=True, check=True).stdout
    return int(out.strip().splitlines()[-1])


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1) + 1)
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is needed: apt-get install wrk")

    workdir = Path(tempfile.mkdtemp(prefix="bogor-complaint-bench-"))
    rows = []
    try:
        # The load comes from one address: lift the per-address limit for the benchmark only.
        env = prepare(workdir, {"COMPLAINT_RATE_LIMIT_PER_HOUR": "1000000000"})
        size = photo(workdir / "photo.jpg")
        proc, port = serve(env, args.workers)
        try:
            cookie, token, category = csrf_and_category(port)
            before = count_complaints(env)
            for label, photo_arg in (("no photo", "-"), (f"photo {size / 1048576:.1f} MB", str(workdir / "photo.jpg"))):
                out = subprocess.run(
                    ["wrk", "-t", "2", "-c", str(args.connections), "-d", f"{args.seconds}s", "--timeout", "10s",
                     "-s", str(Path(__file__).with_name("complaints.lua")), f"http://127.0.0.1:{port}",
                     "--", token, category, photo_arg],
                    capture_output=True, text=True, check=True,
                ).stdout
                result = dict(re.findall(r"(\w+)=([\d.]+)", out.split("RESULT", 1)[1]))
                after = count_complaints(env)
                rows.append((label, result, after - before))
                before = after
        finally:
            proc.terminate()
            proc.wait(timeout=30)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)

    engine = "PostgreSQL" if env["DATABASE_URL"].startswith("postgres") else "SQLite"
    print(f"\n{engine}, gunicorn {args.workers} sync workers, {args.connections} connections, {args.seconds}s each, "
          f"wrk on 127.0.0.1, {os.cpu_count()} cores\n")
    print("| run | submissions/s | p50 ms | p99 ms | codes received | complaints saved | failures |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    ok = True
    for label, r, saved in rows:
        codes = int(r["codes"])
        ok &= codes == saved
        print(f"| {label} | {codes / float(r['seconds']):,.1f} | {float(r['p50']):.1f} | {float(r['p99']):.1f} | "
              f"{codes} | {saved} | {r['failures']} |")
    print("\ncomplaints saved == tracking codes received:", "yes" if ok else "NO")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
