"""What the tests of delivery count: a real SMTP server (aiosmtpd) on a free local port, and a way to
make the test database unavailable for a while on PostgreSQL (as a restart would) without touching
the server other databases live on."""

import socket
import threading
import time
from collections import Counter
from contextlib import contextmanager

import psycopg
from aiosmtpd.controller import Controller
from django.db import connection


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Recorder:
    """Every message the SMTP server accepted, counted by subject; `on_message` runs before "250 OK"."""

    def __init__(self, on_message=None):
        self.subjects = Counter()
        self.lock = threading.Lock()
        self.on_message = on_message

    async def handle_DATA(self, server, session, envelope):
        subject = next((line.split(":", 1)[1].strip() for line in
                        envelope.content.decode("utf-8", "replace").splitlines()
                        if line.lower().startswith("subject:")), "")
        with self.lock:
            self.subjects[subject] += 1
        if self.on_message:
            self.on_message(subject)
        return "250 OK"

    @property
    def total(self):
        return sum(self.subjects.values())

    def wait_for(self, count, timeout=60):
        deadline = time.monotonic() + timeout
        while self.total < count and time.monotonic() < deadline:
            time.sleep(0.1)
        return self.total


@contextmanager
def smtp_recorder(settings=None, on_message=None):
    port = free_port()
    recorder = Recorder(on_message)
    controller = Controller(recorder, hostname="127.0.0.1", port=port)
    controller.start()
    recorder.port = port
    if settings is not None:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", port, 5
    try:
        yield recorder
    finally:
        controller.stop()


def on_postgresql():
    return connection.vendor == "postgresql"


def _admin():
    params = connection.get_connection_params()
    params = {k: v for k, v in params.items() if k in ("host", "port", "user", "password")}
    return psycopg.connect(dbname="postgres", autocommit=True, **params)


def own_pid():
    """This thread's database backend, which the outages below leave alone."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return cursor.fetchone()[0]


def database_down(keep_pid):
    """Refuse new connections to the test database and cut every open one but `keep_pid`: to
    everyone else the database has gone away, as in a restart. Returns the function that brings it back."""
    name = connection.settings_dict["NAME"]
    with _admin() as admin:
        admin.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS false')
        admin.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s AND pid <> %s",
                      [name, keep_pid])

    def back_up():
        with _admin() as admin:
            admin.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS true')

    return back_up


def outage_in_background(seconds, keep_pid):
    """The database away now, back after `seconds`; returns the timer (join it before the test ends)."""
    back_up = database_down(keep_pid)
    timer = threading.Timer(seconds, back_up)
    timer.start()
    timer.back_up = back_up
    return timer
