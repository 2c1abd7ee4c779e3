"""A throw-away Redis (Debian's redis-server) on a free 127.0.0.1 port, nothing written to disk.

Tests that need it skip where redis-server is missing, unless REQUIRE_REDIS is set (CI sets it):
then a missing server is a failure, as REQUIRE_BROWSER does for Chromium.
"""

import os
import shutil
import socket
import subprocess
import time

import pytest

REDIS_SERVER = shutil.which("redis-server") or "/usr/bin/redis-server"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def require_redis_server():
    if not os.path.exists(REDIS_SERVER):
        if os.environ.get("REQUIRE_REDIS"):
            pytest.fail(f"{REDIS_SERVER} is missing and REQUIRE_REDIS is set (apt-get install redis-server)")
        pytest.skip("redis-server is not installed (apt-get install redis-server)")


class RedisServer:
    def __init__(self, workdir):
        self.port = free_port()
        self.workdir = workdir
        self.process = None

    @property
    def url(self):
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self):
        self.process = subprocess.Popen(
            [REDIS_SERVER, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
             "--dir", str(self.workdir), "--protected-mode", "yes", "--loglevel", "warning"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.2) as conn:
                    conn.sendall(b"PING\r\n")
                    if conn.recv(16).startswith(b"+PONG"):
                        return self
            except OSError:
                time.sleep(0.05)
        self.stop()
        raise RuntimeError("redis-server did not start")

    def stop(self):
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)
        self.process = None


@pytest.fixture
def redis_server(tmp_path):
    require_redis_server()
    server = RedisServer(tmp_path).start()
    yield server
    server.stop()
