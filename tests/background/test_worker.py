"""Workers and timers that come back (issue 13, item 5): the task worker outlives a database restart
and runs again what a dead worker left "running"; the timer loop runs on every server at once and
outlives database errors. Processes are real `manage.py` processes on PostgreSQL; e-mails are counted
by a real SMTP server."""

import os
import signal
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from cms.background import worker
from cms.background.models import TimerRun
from complaints import notifications
from complaints.models import OutboundEmail
from tests.recorder import outage_in_background, own_pid, smtp_recorder

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
postgresql_only = pytest.mark.skipif(connection.vendor != "postgresql",
                                     reason="processes sharing the test database need PostgreSQL (DATABASE_URL)")
DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def email(subject):
    return OutboundEmail.objects.create(to="warga@contoh.id", subject=subject, body="Isi pesan.")


def queued_email(subject):
    message = email(subject)
    notifications.deliver.enqueue(message.pk)
    return message


class Stop(Exception):
    pass


def stop(_seconds):
    raise Stop


def test_a_task_left_running_by_a_dead_worker_is_requeued_and_runs(settings):
    settings.TASKS = DB_TASKS
    settings.TASK_LEASE_SECONDS = 600
    abandoned, busy = queued_email("abandoned"), queued_email("busy")
    long_ago, just_now = timezone.now() - timedelta(hours=1), timezone.now() - timedelta(seconds=30)
    tasks = DBTaskResult.objects.order_by("enqueued_at")
    first, second = tasks
    # A worker was killed an hour ago in the middle of the first; another is working on the second now.
    tasks.filter(pk=first.pk).update(status=TaskResultStatus.RUNNING, started_at=long_ago, worker_ids=["dead"])
    tasks.filter(pk=second.pk).update(status=TaskResultStatus.RUNNING, started_at=just_now, worker_ids=["alive"])
    with smtp_recorder(settings) as inbox, pytest.raises(Stop):
        worker.run(queue_names=["*"], backend_name="default", worker_id="new", interval=0, sleep=stop,
                   handle_signals=False)
    assert dict(inbox.subjects) == {"abandoned": 1}
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == TaskResultStatus.SUCCESSFUL and first.worker_ids == ["dead", "new"]
    assert second.status == TaskResultStatus.RUNNING  # within its lease: its worker is alive
    assert OutboundEmail.objects.get(pk=abandoned.pk).state == OutboundEmail.State.SENT
    assert OutboundEmail.objects.get(pk=busy.pk).state == OutboundEmail.State.PENDING


def test_a_task_that_keeps_killing_its_workers_is_given_up(settings):
    settings.TASKS = DB_TASKS
    queued_email("poison")
    DBTaskResult.objects.update(status=TaskResultStatus.RUNNING, started_at=timezone.now() - timedelta(hours=2),
                                worker_ids=["a", "b", "c"])
    assert worker.requeue_stale(lease_seconds=600) == 0
    result = DBTaskResult.objects.get()
    assert result.status == TaskResultStatus.FAILED and result.exception_class_path.endswith("WorkerLost")


def test_timers_claim_their_jobs_once_per_period_and_always_send_mail(settings):
    email("first")
    assert call_command("run_timers", "--once") is None
    assert [m.subject for m in mail.outbox] == ["first"]
    claimed = dict(TimerRun.objects.values_list("name", "next_run_at"))
    assert set(claimed) == {"complaints_housekeeping", "publish_scheduled", "remind_stale_pages"}
    assert claimed["remind_stale_pages"] > timezone.now() + timedelta(days=29)  # monthly, not every minute
    # Another server's timer a moment later: the claimed jobs are not due, but mail still goes out.
    email("second")
    call_command("run_timers", "--once")
    assert [m.subject for m in mail.outbox] == ["first", "second"]
    assert dict(TimerRun.objects.values_list("name", "next_run_at")) == claimed


# Real processes on PostgreSQL ---------------------------------------------------------------------

def start(command, *args, smtp_port, log_path):
    db = connection.settings_dict
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "cms.settings.test",
           "DATABASE_URL": f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
           "TEST_TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
           "TEST_EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
           "EMAIL_HOST": "127.0.0.1", "EMAIL_PORT": str(smtp_port), "LOG_LEVEL": "INFO"}
    log = open(log_path, "w")
    return subprocess.Popen([sys.executable, "manage.py", command, *args], cwd=Path(django_settings.BASE_DIR),
                            env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)


def stop_process(process):
    if process.poll() is None:
        os.kill(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def through_outage(seconds):
    """The test database away for `seconds` (as in a PostgreSQL restart), then back."""
    timer = outage_in_background(seconds, own_pid())
    try:
        timer.join()
    finally:
        timer.back_up()


@postgresql_only
def test_run_worker_survives_a_database_restart_and_runs_what_comes_after(settings, tmp_path):
    settings.TASKS = DB_TASKS
    with smtp_recorder() as inbox:
        process = start("run_worker", "--interval", "0.2", smtp_port=inbox.port, log_path=tmp_path / "worker.log")
        try:
            queued_email("before")
            assert inbox.wait_for(1) == 1, (tmp_path / "worker.log").read_text()
            through_outage(5)
            assert process.poll() is None, (tmp_path / "worker.log").read_text()  # db_worker exited here
            queued_email("after")
            assert inbox.wait_for(2, timeout=90) == 2, (tmp_path / "worker.log").read_text()
            assert process.poll() is None
        finally:
            stop_process(process)
    assert dict(inbox.subjects) == {"before": 1, "after": 1}
    assert "database unavailable" in (tmp_path / "worker.log").read_text()


@postgresql_only
def test_two_timer_loops_deliver_each_email_once_and_survive_a_database_restart(tmp_path):
    now = timezone.now()
    OutboundEmail.objects.bulk_create(OutboundEmail(to=f"warga{i}@contoh.id", subject=f"msg-{i}", body="Isi.",
                                                    next_attempt_at=now) for i in range(100))
    with smtp_recorder() as inbox:
        loops = [start("run_timers", "--interval", "1", smtp_port=inbox.port, log_path=tmp_path / f"timer{i}.log")
                 for i in range(2)]
        try:
            assert inbox.wait_for(100, timeout=120) == 100
            through_outage(4)
            assert all(loop.poll() is None for loop in loops)
            email("after the restart")
            assert inbox.wait_for(101, timeout=90) == 101, (tmp_path / "timer0.log").read_text()
            time.sleep(3)  # time for a second delivery, were there one
            assert all(loop.poll() is None for loop in loops)
        finally:
            for loop in loops:
                stop_process(loop)
    assert inbox.total == 101 and set(inbox.subjects.values()) == {1}, inbox.subjects.most_common(3)
    assert TimerRun.objects.filter(name="complaints_housekeeping").count() == 1
