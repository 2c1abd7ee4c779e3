"""Complaint load benchmark: concurrent submissions to gunicorn for a fixed time, from 127.0.0.1 only.

    DATABASE_URL=postgres://user@127.0.0.1:5432/portal .venv/bin/python benchmarks/complaints.py

Runs twice, without photos and with a ~2 MB photo. Each client thread sends complete forms
(its own submission_id each time) until the time is up, then waits for the answers it is still
owed, so every request is accounted for: the number of complaints in the database must equal
the number of tracking codes received.
"""

import argparse
import http.client
import io
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
import uuid
from pathlib import Path

from server import ROOT, prepare, serve


def make_photo(target=2 * 1024 * 1024):
    """A 12-megapixel JPEG (4000 x 3000, like a phone camera's) of at least `target` bytes."""
    from PIL import Image

    scene = Image.blend(Image.radial_gradient("L").resize((4000, 3000)).convert("RGB"),
                        Image.effect_noise((4000, 3000), 25).convert("RGB"), 0.35)
    for quality in range(50, 96, 3):
        buf = io.BytesIO()
        scene.save(buf, "JPEG", quality=quality)
        if buf.tell() >= target:
            return buf.getvalue()
    return buf.getvalue()


def form_token(port):
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/en/complaints/", timeout=30) as response:
        html = response.read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    category = re.search(r'name="category" value="(\d+)"', html).group(1)
    return token, category


def body_for(token, category, photo):
    sid = str(uuid.uuid4())
    fields = {
        "csrfmiddlewaretoken": token, "category": category, "submission_id": sid, "consent": "on",
        "description": "Saluran air mampet di depan rumah, air meluap ke jalan setiap hujan deras.",
        "address": "Jl. Pajajaran", "email": f"warga-{sid[:8]}@contoh.id",
    }
    boundary = "bogorbench" + sid.replace("-", "")
    parts = [f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode()
             for k, v in fields.items()]
    if photo:
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="photos"; filename="foto.jpg"\r\n'
                     f"Content-Type: image/jpeg\r\n\r\n".encode() + photo + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def run(port, token, category, photo, seconds, connections):
    codes, failures, latencies = [], [0], []
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    def client():
        mine_codes, mine_lat, mine_fail = [], [], 0
        while time.monotonic() < deadline:
            body, content_type = body_for(token, category, photo)
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            start = time.perf_counter()
            try:
                conn.request("POST", "/en/complaints/", body=body, headers={
                    "Content-Type": content_type, "Cookie": f"csrftoken={token}"})
                response = conn.getresponse()
                response.read()
                location = response.getheader("Location") or ""
                match = re.search(r"/submitted/([A-Z0-9]+)/$", location)
                if response.status == 302 and match:
                    mine_codes.append(match.group(1))
                else:
                    mine_fail += 1
            except OSError:
                mine_fail += 1
            finally:
                conn.close()
            mine_lat.append(time.perf_counter() - start)
        with lock:
            codes.extend(mine_codes)
            latencies.extend(mine_lat)
            failures[0] += mine_fail

    threads = [threading.Thread(target=client) for _ in range(connections)]
    started = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.monotonic() - started
    latencies.sort()
    q = statistics.quantiles(latencies, n=100) if len(latencies) > 1 else [0] * 99
    return {"codes": codes, "failures": failures[0], "elapsed": elapsed, "p50": q[49] * 1000, "p99": q[98] * 1000}


def count_complaints(env, codes=None):
    code = "from complaints.models import Complaint; print(Complaint.objects.count())"
    out = subprocess.run([sys.executable, "manage.py", "shell", "-c", code], cwd=ROOT, env=env,
                         capture_output=True, text=True, check=True).stdout
    return int(out.strip().splitlines()[-1])


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--connections", type=int, default=10)
    parser.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1) + 1)
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="bogor-complaint-bench-"))
    rows = []
    try:
        # All load comes from one address: turn the per-address limit off for the benchmark only.
        env = prepare(workdir, {"COMPLAINT_RATE_LIMIT_PER_HOUR": "0"})
        photo = make_photo()
        proc, port = serve(env, args.workers)
        try:
            token, category = form_token(port)
            before = count_complaints(env)
            for label, payload in (("no photo", None), (f"photo {len(photo) / 1048576:.1f} MB", photo)):
                result = run(port, token, category, payload, args.seconds, args.connections)
                after = count_complaints(env)
                rows.append((label, result, after - before))
                before = after
        finally:
            proc.terminate()
            proc.wait(timeout=30)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)

    engine = "PostgreSQL" if env["DATABASE_URL"].startswith("postgres") else "SQLite"
    print(f"\n{engine}, gunicorn {args.workers} sync workers, {args.connections} concurrent clients, "
          f"{args.seconds}s each, from 127.0.0.1, {os.cpu_count()} cores\n")
    print("| run | submissions/s | p50 ms | p99 ms | tracking codes received | complaints saved | failed requests |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    ok = True
    for label, r, saved in rows:
        received = len(set(r["codes"]))
        ok &= received == saved == len(r["codes"])
        print(f"| {label} | {received / r['elapsed']:,.1f} | {r['p50']:.0f} | {r['p99']:.0f} | "
              f"{received} | {saved} | {r['failures']} |")
    print("\ncomplaints saved == tracking codes received:", "yes" if ok else "NO")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
