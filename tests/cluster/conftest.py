"""The cluster test: runs on PostgreSQL runs only (DATABASE_URL), starts its own services on 127.0.0.1.

Set REQUIRE_CLUSTER=1 (CI's PostgreSQL run does) to make a missing prerequisite a failure, not a skip.
Its table of results goes to var/cluster-report.md and to the end of pytest's output; the processes'
logs are kept in var/cluster-logs/ when a scenario failed.
"""

import os
import shutil
import tempfile
import time
from pathlib import Path

import pytest

from .harness import ROOT, Cluster, missing_prerequisites

REPORT = ROOT / "var" / "cluster-report.md"
LOGS = ROOT / "var" / "cluster-logs"
COLUMNS = ("scenario", "tried", "answers", "codes shown", "rows", "e-mails expected", "e-mails delivered", "duplicates",
           "orphans", "result")


class Table:
    def __init__(self):
        self.rows = []
        self.notes = []
        self.started = time.time()

    def add(self, scenario, **values):
        row = {"scenario": scenario, **values}
        self.rows.append(row)
        return row

    def markdown(self):
        lines = [f"Cluster test, {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime(self.started))}: two gunicorn "
                 "servers (production settings), PostgreSQL, Redis, S3 API server, a task worker and the "
                 "timers beside each server.", ""]
        lines += [f"- {note}" for note in self.notes]
        lines += ["", "| " + " | ".join(COLUMNS) + " |", "|" + "---|" * len(COLUMNS)]
        for row in self.rows:
            lines.append("| " + " | ".join(str(row.get(column, "")) for column in COLUMNS) + " |")
        return "\n".join(lines) + "\n"


TABLE = Table()


def pytest_runtest_makereport(item, call):
    if call.when == "call" and call.excinfo is not None and "cluster" in item.nodeid:
        item.session.cluster_failed = True


def pytest_terminal_summary(terminalreporter):
    if TABLE.rows:
        terminalreporter.write_sep("=", "cluster test")
        terminalreporter.write(TABLE.markdown())
        terminalreporter.write(f"(also in {REPORT.relative_to(ROOT)})\n")


@pytest.fixture(scope="session")
def table():
    return TABLE


@pytest.fixture(scope="session")
def cluster(request):
    url = os.environ.get("DATABASE_URL", "")
    required = os.environ.get("REQUIRE_CLUSTER", "").strip().lower() in {"1", "true", "yes"}
    if not url.startswith(("postgres://", "postgresql://")):
        reason = "the cluster test runs on PostgreSQL runs only (set DATABASE_URL to a PostgreSQL server)"
        pytest.fail(reason + ", and REQUIRE_CLUSTER is set") if required else pytest.skip(reason)
    if missing := missing_prerequisites():
        reason = "the cluster test needs " + "; ".join(missing)
        pytest.fail(reason + " (REQUIRE_CLUSTER is set)") if required else pytest.skip(reason)
    workdir = Path(tempfile.mkdtemp(prefix="bogor-cluster-"))
    workdir.chmod(0o755)  # PostgreSQL runs as its own user below it
    running = Cluster(workdir)
    try:
        try:
            running.start()
        except Exception:
            request.session.cluster_failed = True
            raise
        TABLE.notes.extend(running.notes)
        yield running
    finally:
        running.stop()
        REPORT.parent.mkdir(exist_ok=True)
        if TABLE.rows:
            REPORT.write_text(TABLE.markdown())
        if getattr(request.session, "cluster_failed", False):
            kept = running.keep_logs(LOGS)
            print(f"\ncluster logs kept in {kept}")
        shutil.rmtree(workdir, ignore_errors=True)
