"""Shared by the benchmarks: build a demo database and serve it with gunicorn (production settings)."""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def prepare(workdir, extra_env=None, build=True):
    """A fresh demo database and production-like settings in `workdir`; returns the environment.
    `build=False` only returns the environment of a folder prepared before (SQLite)."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cms.settings.production",
        "SECRET_KEY": "_ll6zXm3F3t_l8_BoUUoQ8r182_i35d4JrcfNstfNOErXc7fHMJ4OMiTPh9M",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "0",
        "VAR_DIR": str(workdir),
        "MEDIA_ROOT": str(workdir / "media"),
        "STATIC_ROOT": str(workdir / "static"),
        "SERVE_MEDIA": "1",
        "SINGLE_SERVER": "1",  # one machine: its file cache will do (set REDIS_URL in extra_env to use Redis)
        "LOG_LEVEL": "WARNING",
        **(extra_env or {}),
    }
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith(("postgres://", "postgresql://")):
        import dj_database_url
        import psycopg

        cfg = dj_database_url.parse(url)
        name = f"{cfg['NAME']}_bench"
        with psycopg.connect(dbname="postgres", user=cfg["USER"], password=cfg["PASSWORD"], host=cfg["HOST"],
                             port=cfg["PORT"] or 5432, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{name}"')
        env["DATABASE_URL"] = url.rpartition("/")[0] + f"/{name}"
    else:
        env["DATABASE_URL"] = f"sqlite:///{workdir}/bench.sqlite3"
    for args in (["migrate", "--noinput"], ["seed_demo", "--force"], ["collectstatic", "--noinput"]) if build else ():
        subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True)
    return env


def serve(env, workers, extra_env=None, run_name="run"):
    """Start gunicorn on a free port; returns (process, port) once /healthz answers."""
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "cms.wsgi:application", "--bind", f"127.0.0.1:{port}",
         "--workers", str(workers)],
        # Each run gets its own cache directory, so one run cannot read another run's cached pages.
        cwd=ROOT, env={**env, **(extra_env or {}), "VAR_DIR": f"{env['VAR_DIR']}/{run_name}"},
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    for _ in range(150):
        try:
            urllib.request.urlopen(base + "/healthz", timeout=1)
            return proc, port
        except OSError:
            time.sleep(0.2)
    proc.kill()
    raise SystemExit("gunicorn did not start")
