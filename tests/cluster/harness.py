"""A production-shaped cluster on 127.0.0.1: what the cluster test runs against.

Two gunicorn servers (A and B, production settings, each with its own local folders), one
PostgreSQL of its own (so that the test may restart it), one Redis, an S3 API server (moto) with a
public media bucket and a private photo bucket, an SMTP recorder, a task worker and the timers
beside each server. Every process is a child of the test process in a session of its own: stopping
the cluster ends each process group, and a test process that dies takes them along (parent-death
signal). Each process writes to its own log file, kept under var/ when a test failed.
"""

import contextlib
import ctypes
import email
import email.policy
import hashlib
import json
import os
import pwd
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PYTHON = sys.executable
SECRET_KEY = "cluster-test-Zq8mR2vT6yLp0wXc4bN7hJ1kD9sF3gA5eU_oIiKkPmQ"
ADMIN_KEYS = {"aws_access_key_id": "cluster-admin", "aws_secret_access_key": "cluster-admin"}
MEDIA_BUCKET = "portal-media"
PRIVATE_BUCKET = "portal-private"
_PR_SET_PDEATHSIG = 1
_libc = ctypes.CDLL(None, use_errno=True)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def postgres_bin():
    """The newest installed PostgreSQL's bin folder (Debian's layout), or None."""
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/postgres"),
                   key=lambda p: [int(x) for x in re.findall(r"\d+", p.parent.parent.name)] or [0])
    return found[-1].parent if found else None


def missing_prerequisites():
    """What this machine lacks to run the cluster (empty when nothing)."""
    missing = []
    if not shutil.which("redis-server"):
        missing.append("redis-server (Debian package redis-server)")
    if postgres_bin() is None:
        missing.append("PostgreSQL server binaries (Debian package postgresql)")
    elif os.geteuid() == 0:
        try:
            pwd.getpwnam("postgres")
        except KeyError:
            missing.append("a 'postgres' user to run PostgreSQL as (root may not)")
    for module, package in (("moto.server", "moto[server]"), ("aiosmtpd", "aiosmtpd"), ("boto3", "boto3"),
                            ("requests", "requests")):
        try:
            __import__(module)
        except ImportError:
            missing.append(f"the Python package {package} (pip install -e '.[dev]')")
    return missing


class Process:
    """One child process in its own session, its output in `log`."""

    def __init__(self, name, args, *, env, log, user=None, cwd=ROOT):
        self.name, self.args, self.env, self.log_path, self.user, self.cwd = name, args, env, log, user, cwd
        self.popen = None

    def start(self):
        uid = gid = None
        if self.user:
            entry = pwd.getpwnam(self.user)
            uid, gid = entry.pw_uid, entry.pw_gid

        def child_setup():
            os.setsid()
            if uid is not None:
                os.setgid(gid)
                os.setuid(uid)
            # If the test process dies without stopping us (killed), so do we.
            _libc.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)

        log = open(self.log_path, "ab")
        log.write(f"\n--- {time.strftime('%H:%M:%S')} start: {' '.join(map(str, self.args))}\n".encode())
        log.flush()
        self.popen = subprocess.Popen([str(a) for a in self.args], cwd=self.cwd, env=self.env, stdout=log,
                                      stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, preexec_fn=child_setup)
        log.close()
        return self

    @property
    def alive(self):
        return self.popen is not None and self.popen.poll() is None

    def stop(self, sig=signal.SIGTERM, timeout=20):
        """Signal the whole process group, wait, then kill what is left."""
        if self.popen is None:
            return
        if self.popen.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.popen.pid, sig)
            try:
                self.popen.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                pass
        # The leader may be gone while children of its group live on (gunicorn workers): kill the group.
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.popen.pid, signal.SIGKILL)
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.popen.wait(timeout=5)


class SmtpRecorder:
    """An SMTP server that records every delivery: recipient, subject, Message-ID.

    `delay` seconds per message, as a real mail server takes: a sender that does not claim its
    message first has that long to meet another sender of the same message."""

    def __init__(self, port, log, delay=0.1):
        from aiosmtpd.controller import Controller

        self.messages = []
        self.log = log
        self.lock = threading.Lock()
        self.delay = delay
        recorder = self

        class Handler:
            async def handle_DATA(self, server, session, envelope):  # noqa: N802  (aiosmtpd's name)
                import asyncio

                await asyncio.sleep(recorder.delay)
                message = email.message_from_bytes(envelope.content, policy=email.policy.default)
                subject = " ".join(str(message.get("Subject", "")).split())
                with recorder.lock, open(recorder.log, "a") as log:
                    for rcpt in envelope.rcpt_tos:
                        entry = {"to": rcpt.lower(), "subject": subject, "message_id": message.get("Message-ID", ""),
                                 "at": time.time()}
                        recorder.messages.append(entry)
                        log.write(json.dumps(entry) + "\n")
                return "250 OK"

        self.controller = Controller(Handler(), hostname="127.0.0.1", port=port)

    def start(self):
        self.controller.start()
        return self

    def stop(self):
        with contextlib.suppress(Exception):
            self.controller.stop()

    def deliveries(self, to=None):
        with self.lock:
            return [m for m in self.messages if to is None or to(m["to"])]


def compare_mail(expected_rows, delivered):
    """(expected, delivered, duplicates, missing, repeated keys) for outbox rows [(to, subject)] against deliveries.

    Django gives each send a new Message-ID, so a message sent twice is two deliveries with the same
    recipient and subject; an outbox row is one delivery owed."""
    want = Counter((to.lower(), " ".join(subject.split())) for to, subject in expected_rows)
    got = Counter((m["to"], m["subject"]) for m in delivered)
    repeated = sorted(key for key in got if got[key] > want[key])
    duplicates = sum(got[key] - want[key] for key in repeated)
    missing = sum(max(0, want[key] - got[key]) for key in want)
    return sum(want.values()), sum(got.values()), duplicates, missing, repeated


def wait_for(check, timeout, interval=0.5, what="condition"):
    """Call `check` until it returns something true; returns it, or raises TimeoutError."""
    deadline = time.monotonic() + timeout
    last_error = None
    while time.monotonic() < deadline:
        try:
            value = check()
            if value:
                return value
        except Exception as error:  # not ready yet
            last_error = error
        time.sleep(interval)
    raise TimeoutError(f"{what} not reached within {timeout}s" + (f" (last error: {last_error!r})" if last_error else ""))


class Postgres:
    """A throwaway PostgreSQL cluster in `folder`, run in the foreground so the test can stop and start it."""

    def __init__(self, folder, log_dir):
        self.bin = postgres_bin()
        self.folder = Path(folder)
        self.data = self.folder / "data"
        self.port = free_port()
        self.user = "postgres" if os.geteuid() == 0 else None
        self.log_dir = log_dir
        self.process = None

    def init(self):
        self.folder.mkdir(parents=True, exist_ok=True)
        if self.user:
            entry = pwd.getpwnam(self.user)
            os.chown(self.folder, entry.pw_uid, entry.pw_gid)
        self._run([self.bin / "initdb", "-D", self.data, "--auth=trust", "--username=postgres", "-E", "UTF8",
                   "--no-sync"])
        return self

    def _run(self, args):
        process = Process("initdb", args, env={**os.environ, "LC_ALL": "C.UTF-8"},
                          log=self.log_dir / "postgres.log", user=self.user, cwd=self.folder).start()
        if process.popen.wait(timeout=120) != 0:
            raise RuntimeError(f"{args[0]} failed: see {self.log_dir / 'postgres.log'}")

    def start(self):
        # Small and quick: a test cluster, not a benchmark. fsync off loses nothing when only processes stop.
        args = [self.bin / "postgres", "-D", self.data, "-h", "127.0.0.1", "-p", self.port, "-k", self.folder,
                "-c", "fsync=off", "-c", "full_page_writes=off", "-c", "shared_buffers=32MB",
                "-c", "max_connections=120", "-c", "log_min_messages=warning"]
        self.process = Process("postgres", args, env={**os.environ, "LC_ALL": "C.UTF-8"},
                               log=self.log_dir / "postgres.log", user=self.user, cwd=self.folder).start()
        wait_for(lambda: self.connect().close() or True, 60, 0.2, "PostgreSQL accepting connections")
        return self

    def stop(self):
        if self.process:
            self.process.stop(signal.SIGINT, timeout=30)  # SIGINT: fast shutdown, clients disconnected

    def connect(self, dbname="postgres"):
        import psycopg

        return psycopg.connect(host="127.0.0.1", port=self.port, user="postgres", dbname=dbname,
                               autocommit=True, connect_timeout=3)

    def url(self, dbname):
        return f"postgres://postgres@127.0.0.1:{self.port}/{dbname}"


class Cluster:
    """Everything the scenarios need, started by start() and ended by stop()."""

    SERVERS = ("A", "B")

    def __init__(self, workdir):
        self.workdir = Path(workdir)
        self.logs = self.workdir / "logs"
        self.logs.mkdir(parents=True, exist_ok=True)
        self.processes = {}
        self.ports = {}
        self.env = {}
        self.smtp = None
        self.postgres = None
        self.dbname = "bogor_cluster"
        self.notes = []  # what the table should say about how the cluster ran

    # --- services -------------------------------------------------------------------------------------
    def _spawn(self, name, args, env=None, **kwargs):
        process = Process(name, args, env=env or self.env.get("A") or dict(os.environ),
                          log=self.logs / f"{name}.log", **kwargs).start()
        self.processes[name] = process
        return process

    def start_redis(self):
        self.ports.setdefault("redis", free_port())
        self._spawn("redis", ["redis-server", "--bind", "127.0.0.1", "--port", self.ports["redis"],
                              "--save", "", "--appendonly", "no", "--dir", self.workdir],
                    env=dict(os.environ))
        wait_for(lambda: self._redis_ping(), 20, 0.1, "Redis answering PING")

    def _redis_ping(self):
        with socket.create_connection(("127.0.0.1", self.ports["redis"]), timeout=1) as s:
            s.sendall(b"PING\r\n")
            return s.recv(16).startswith(b"+PONG")

    def stop_redis(self):
        self.processes["redis"].stop()

    def start_s3(self):
        import boto3

        self.ports["s3"] = free_port()
        self._spawn("s3", [PYTHON, "-m", "moto.server", "-H", "127.0.0.1", "-p", self.ports["s3"]],
                    env=dict(os.environ))
        self.s3_url = f"http://127.0.0.1:{self.ports['s3']}"
        wait_for(lambda: urllib.request.urlopen(self.s3_url + "/moto-api/", timeout=2), 60, 0.2, "S3 server")
        # IAM users: the harness's own, and the portal's (whose rights the read-only scenario takes away).
        # Moto checks them only while authentication is switched on (set_s3_auth).
        iam = boto3.client("iam", endpoint_url=self.s3_url, region_name="us-east-1", **ADMIN_KEYS)
        self.s3_keys = {}
        for user, actions in (("harness", "*"), ("portal", "s3:*")):
            iam.create_user(UserName=user)
            key = iam.create_access_key(UserName=user)["AccessKey"]
            iam.put_user_policy(UserName=user, PolicyName="allow", PolicyDocument=json.dumps({
                "Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": actions, "Resource": "*"}]}))
            self.s3_keys[user] = {"aws_access_key_id": key["AccessKeyId"],
                                  "aws_secret_access_key": key["SecretAccessKey"]}
        s3 = self.boto("s3")
        s3.create_bucket(Bucket=MEDIA_BUCKET)
        s3.create_bucket(Bucket=PRIVATE_BUCKET)
        # As a deployment sets it up: anyone may read the media bucket (pages link to it); the private one
        # keeps the default, no access without the portal's keys.
        s3.put_bucket_policy(Bucket=MEDIA_BUCKET, Policy=json.dumps({
            "Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject",
                                                    "Resource": f"arn:aws:s3:::{MEDIA_BUCKET}/*"}]}))

    def boto(self, service):
        import boto3
        from botocore.config import Config

        return boto3.client(service, endpoint_url=self.s3_url, region_name="us-east-1",
                            config=Config(s3={"addressing_style": "path"}, retries={"max_attempts": 2}),
                            **getattr(self, "s3_keys", {}).get("harness", ADMIN_KEYS))

    def set_s3_auth(self, on):
        """Moto checks signatures and IAM policies only while this is on."""
        request = urllib.request.Request(self.s3_url + "/moto-api/reset-auth", data=b"0" if on else b"inf",
                                         method="POST", headers={"Content-Type": "text/plain"})
        urllib.request.urlopen(request, timeout=5).read()

    def stored_photos(self):
        """Every stored complaint photo, by name, with where it lies: the private bucket, server A's or B's disk."""
        places = {}
        for key in self.s3_keys_in(PRIVATE_BUCKET):
            places.setdefault(key, []).append("s3")
        for name in self.SERVERS:
            root = Path(self.env[name]["COMPLAINT_MEDIA_ROOT"])
            for path in root.rglob("*"):
                if path.is_file():
                    places.setdefault(str(path.relative_to(root)), []).append(name)
        return places

    def orphan_photos(self):
        """Stored complaint photos that no row (photo of a report, or photo kept for a form) names."""
        named = {row[0] for row in self.sql("SELECT file FROM complaints_complaintphoto UNION "
                                            "SELECT file FROM complaints_pendingupload")}
        return sorted(name for name in self.stored_photos()
                      if name not in named and not any(name.endswith("/" + n) for n in named))

    def photo_store_read_only(self, on):
        """Take the portal's right to write to the private bucket away (on) or give it back: reads still work."""
        iam = self.boto("iam")
        if on:
            iam.put_user_policy(UserName="portal", PolicyName="read-only", PolicyDocument=json.dumps({
                "Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "s3:PutObject",
                                                        "Resource": f"arn:aws:s3:::{PRIVATE_BUCKET}/*"}]}))
            self.set_s3_auth(True)
        else:
            self.set_s3_auth(False)
            iam.delete_user_policy(UserName="portal", PolicyName="read-only")

    def s3_keys_in(self, bucket):
        s3 = self.boto("s3")
        keys = []
        for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket):
            keys += [item["Key"] for item in page.get("Contents", [])]
        return keys

    def start_postgres(self):
        self.postgres = Postgres(self.workdir / "pg", self.logs).init().start()
        with self.postgres.connect() as conn:
            conn.execute(f'CREATE DATABASE "{self.dbname}"')

    def sql(self, query, params=None):
        """Rows of `query` on the cluster's database (a new connection each time: PostgreSQL may restart)."""
        with self.postgres.connect(self.dbname) as conn:
            cursor = conn.execute(query, params)
            return cursor.fetchall() if cursor.description else cursor.rowcount

    # --- the portal -----------------------------------------------------------------------------------
    def server_env(self, name):
        var = self.workdir / f"server-{name}"
        return {
            **{k: v for k, v in os.environ.items() if not k.startswith(("PYTEST", "DJANGO_"))},
            "DJANGO_SETTINGS_MODULE": "cms.settings.production",
            "SECRET_KEY": SECRET_KEY,
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "SECURE_SSL_REDIRECT": "0",
            "SECURE_HSTS_SECONDS": "0",
            "DATABASE_URL": self.postgres.url(self.dbname),
            "REDIS_URL": f"redis://127.0.0.1:{self.ports['redis']}/0",
            "VAR_DIR": str(var),
            "MEDIA_ROOT": str(var / "media"),
            "COMPLAINT_MEDIA_ROOT": str(var / "private"),
            "STATIC_ROOT": str(var / "static"),
            "SERVE_MEDIA": "1",
            "STORAGE": "s3",
            "S3_ENDPOINT_URL": self.s3_url,
            "S3_ACCESS_KEY_ID": self.s3_keys["portal"]["aws_access_key_id"],
            "S3_SECRET_ACCESS_KEY": self.s3_keys["portal"]["aws_secret_access_key"],
            "S3_REGION": "us-east-1",
            "S3_MEDIA_BUCKET": MEDIA_BUCKET,
            "S3_PRIVATE_BUCKET": PRIVATE_BUCKET,
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(self.ports["smtp"]),
            "EMAIL_TIMEOUT": "5",
            "WAGTAILADMIN_BASE_URL": f"http://127.0.0.1:{self.ports['A']}",
            "TRANSLATION_PROVIDER": "none",
            # Every request comes from 127.0.0.1: no per-address limits in this test.
            "COMPLAINT_RATE_LIMIT_PER_HOUR": "0",
            "COMPLAINT_ATTEMPTS_PER_HOUR": "0",
            "COMPLAINT_TRACK_LOOKUPS_PER_10_MIN": "0",
            "COMPLAINT_SIMILAR_LOOKUPS_PER_10_MIN": "0",
            # Shorter than production's periods and leases, so that a test run sees several of them:
            # housekeeping claimed by one timer every 5 s, a message or task held by a sender or worker that
            # lost the database given to another after 30 s (a send here takes 0.1 s).
            "COMPLAINT_HOUSEKEEPING_SECONDS": "5",
            "EMAIL_CLAIM_LEASE_SECONDS": "30",
            "TASK_LEASE_SECONDS": "30",
            "LOG_LEVEL": "INFO",
            "PYTHONUNBUFFERED": "1",
            "DEMO_PASSWORD": os.environ.get("DEMO_PASSWORD", "bogor-demo"),
        }

    def manage(self, *args, server="A", timeout=600, check=True):
        """Run a management command with a server's settings; returns its output."""
        result = subprocess.run([PYTHON, "manage.py", *map(str, args)], cwd=ROOT, env=self.env[server],
                                capture_output=True, text=True, timeout=timeout)
        with open(self.logs / "manage.log", "a") as log:
            log.write(f"\n--- {time.strftime('%H:%M:%S')} {server}: manage.py {' '.join(map(str, args))} "
                      f"-> {result.returncode}\n{result.stdout[-4000:]}{result.stderr[-8000:]}")
        if check and result.returncode != 0:
            raise RuntimeError(f"manage.py {' '.join(map(str, args))} failed:\n{result.stderr[-3000:]}")
        return result.stdout

    def django(self, code, server="A", timeout=300):
        """Run Python `code` in Django with a server's settings; it prints one JSON line, returned parsed."""
        out = self.manage("shell", "-c", code, server=server, timeout=timeout)
        return json.loads(out.strip().splitlines()[-1])

    def commands(self):
        out = self.manage("help", "--commands")
        return set(out.split())

    def prepare(self):
        for name in self.SERVERS:
            self.ports[name] = free_port()
        self.ports["smtp"] = free_port()
        self.env = {name: self.server_env(name) for name in self.SERVERS}
        for name in self.SERVERS:
            for folder in ("media", "private", "static"):
                Path(self.env[name]["VAR_DIR"], folder).mkdir(parents=True, exist_ok=True)
        if not self.restore_cached_database():
            self.manage("migrate", "--noinput")
            self.manage("seed_demo", "--force")
            self.cache_database()
        # One build, two servers: collect once, copy to B's own folder.
        self.manage("collectstatic", "--noinput")
        shutil.copytree(self.env["A"]["STATIC_ROOT"], self.env["B"]["STATIC_ROOT"], dirs_exist_ok=True)
        available = self.commands()
        self.legacy = not {"run_worker", "run_timers"} <= available
        if self.legacy:
            self.notes.append("manage.py run_worker/run_timers missing: ran db_worker and a timer loop instead")

    # --- a developer's shortcut: CLUSTER_CACHE=folder keeps the migrated, seeded database between runs ----
    def _cache_folder(self):
        folder = os.environ.get("CLUSTER_CACHE")
        if not folder:
            return None
        digest = hashlib.sha256()
        for app in ("cms", "home", "tourism", "complaints"):
            for path in sorted((ROOT / app).rglob("*")):
                if path.is_file() and ("migrations" in path.parts or "demo" in path.name or "data" in path.parts):
                    digest.update(str(path.relative_to(ROOT)).encode() + path.read_bytes())
        return Path(folder) / digest.hexdigest()[:16]

    def cache_database(self):
        folder = self._cache_folder()
        if folder is None:
            return
        folder.mkdir(parents=True, exist_ok=True)
        subprocess.run([self.postgres.bin / "pg_dump", "-Fc", "-h", "127.0.0.1", "-p", str(self.postgres.port),
                        "-U", "postgres", "-f", folder / "db.dump", self.dbname], check=True)
        shutil.copytree(self.env["A"]["MEDIA_ROOT"], folder / "media", dirs_exist_ok=True)
        s3 = self.boto("s3")
        for key in self.s3_keys_in(MEDIA_BUCKET):
            target = folder / "bucket" / key
            target.parent.mkdir(parents=True, exist_ok=True)
            s3.download_file(MEDIA_BUCKET, key, str(target))

    def restore_cached_database(self):
        folder = self._cache_folder()
        if folder is None or not (folder / "db.dump").exists():
            return False
        subprocess.run([self.postgres.bin / "pg_restore", "-h", "127.0.0.1", "-p", str(self.postgres.port),
                        "-U", "postgres", "-d", self.dbname, "--no-owner", folder / "db.dump"], check=True)
        shutil.copytree(folder / "media", self.env["A"]["MEDIA_ROOT"], dirs_exist_ok=True)
        s3 = self.boto("s3")
        for path in (folder / "bucket").rglob("*") if (folder / "bucket").exists() else ():
            if path.is_file():
                s3.upload_file(str(path), MEDIA_BUCKET, str(path.relative_to(folder / "bucket")))
        self.notes.append("database restored from CLUSTER_CACHE (a developer's shortcut)")
        return True

    def start_smtp(self):
        self.smtp = SmtpRecorder(self.ports["smtp"], self.logs / "smtp.log").start()

    def start_server(self, name, extra_env=None):
        env = {**self.env[name], **(extra_env or {})}
        key = f"web-{name}"
        self._spawn(key, [PYTHON, "-m", "gunicorn", "cms.wsgi:application", "--bind", f"127.0.0.1:{self.ports[name]}",
                          "--workers", "2", "--timeout", "60", "--graceful-timeout", "5", "--no-control-socket",
                          "--access-logfile", "-", "--access-logformat", '%(h)s "%(r)s" %(s)s %(b)s %(L)ss'],
                    env=env)
        wait_for(lambda: urllib.request.urlopen(self.url(name, "/healthz"), timeout=2).status == 200, 90, 0.3,
                 f"server {name} answering /healthz")

    def start_background(self, name):
        env = self.env[name]
        if self.legacy:
            worker = [PYTHON, "manage.py", "db_worker", "--queue-name", "*", "--no-reload"]
            timers = [PYTHON, "manage.py", "shell", "-c", LEGACY_TIMERS]
        else:
            worker = [PYTHON, "manage.py", "run_worker", "--requeue-every", "10"]
            timers = [PYTHON, "manage.py", "run_timers", "--interval", "2"]
        self._spawn(f"worker-{name}", worker, env=env)
        self._spawn(f"timers-{name}", timers, env=env)

    def start(self):
        self.start_postgres()
        self.start_redis()
        self.start_s3()
        self.prepare()
        self.start_smtp()
        for name in self.SERVERS:
            self.start_server(name)
        for name in self.SERVERS:
            self.start_background(name)
        return self

    def url(self, server, path):
        return f"http://127.0.0.1:{self.ports[server]}{path}"

    def stop(self):
        for name in reversed(list(self.processes)):
            if name != "postgres":
                self.processes[name].stop()
        if self.smtp:
            self.smtp.stop()
        if self.postgres:
            self.postgres.stop()

    def keep_logs(self, target):
        """Copy the logs (and the servers' own log files) to `target` for reading after a failure."""
        target = Path(target)
        if target.exists():
            shutil.rmtree(target)
        shutil.copytree(self.logs, target)
        return target


# On a branch without run_timers: what the Makefile's loop does, every 2 seconds, surviving errors.
LEGACY_TIMERS = """
import time, traceback
from django.core.management import call_command
from django.db import close_old_connections
while True:
    for name in ("complaints_housekeeping", "publish_scheduled", "remind_stale_pages"):
        try:
            call_command(name)
        except Exception:
            traceback.print_exc()
        close_old_connections()
    time.sleep(2)
"""
