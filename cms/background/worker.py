"""The task worker that comes back: django-tasks' database worker, run in rounds, that outlives a
database restart and gives back tasks a dead worker left "running".

The library's `db_worker` exits on any database error but "locked", and a worker killed mid-task
leaves its task RUNNING for ever. Here each round runs the library's Worker in batch mode (every task
that is ready, then return); a database error between or inside rounds closes the connections and
waits 1 s, 2 s, 4 s ... up to 30 s before the next round. Tasks are claimed by the library
(SELECT ... FOR UPDATE SKIP LOCKED), so any number of these may run on any number of servers.
"""

import logging
import time
from datetime import timedelta

from django.conf import settings
from django.db import InterfaceError, OperationalError, connections
from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

logger = logging.getLogger(__name__)

# How many workers may die running one task before it is given up (a task that kills its worker).
MAX_RUNS = 3


class WorkerLost(Exception):
    """Recorded on a task whose workers kept dying while running it."""


def requeue_stale(backend_name="default", lease_seconds=None, now=None):
    """Give back to the queue the tasks left RUNNING longer than the lease; returns how many.

    Each row is changed only if it is still the same run (status and start time), so two workers
    doing this at once requeue a task once, and a task finishing meanwhile keeps its result.
    """
    now = now or timezone.now()
    lease = settings.TASK_LEASE_SECONDS if lease_seconds is None else lease_seconds
    stale = DBTaskResult.objects.running().filter(backend_name=backend_name,
                                                  started_at__lt=now - timedelta(seconds=lease))
    requeued = 0
    for result in stale.only("id", "started_at", "worker_ids"):
        same_run = DBTaskResult.objects.filter(pk=result.pk, status=TaskResultStatus.RUNNING,
                                               started_at=result.started_at)
        if len(result.worker_ids) >= MAX_RUNS:
            if same_run.update(status=TaskResultStatus.FAILED, finished_at=now, return_value=None,
                               exception_class_path=f"{WorkerLost.__module__}.{WorkerLost.__qualname__}",
                               traceback=f"Its worker stopped while running it {len(result.worker_ids)} times."):
                logger.error("Task %s given up: its workers stopped %s times.", result.pk, len(result.worker_ids))
            continue
        if same_run.update(status=TaskResultStatus.READY, started_at=None):
            requeued += 1
            logger.warning("Task %s was left running by a stopped worker: queued again.", result.pk)
    return requeued


class _QuietBatchEnd(logging.Filter):
    # In rounds, the library's "No more tasks to run ... exiting gracefully" would be logged every second.
    def filter(self, record):
        return not record.getMessage().startswith("No more tasks to run")


def run(*, queue_names, backend_name, worker_id, interval=1.0, lease_seconds=None, requeue_every=60.0,
        max_pause=30.0, sleep=time.sleep, handle_signals=True):
    worker = Worker(queue_names=queue_names, interval=interval, batch=True, backend_name=backend_name,
                    startup_delay=False, max_tasks=None, worker_id=worker_id, excluded_queue_names=[])
    if handle_signals:
        worker.configure_signals()  # SIGTERM: finish the running task, then stop
    logging.getLogger("django_tasks_db").addFilter(_QuietBatchEnd())
    logger.info("Task worker %s started (queues %s).", worker_id, ",".join(queue_names))
    pause, last_requeue = 1.0, None
    while worker.running:
        try:
            if last_requeue is None or time.monotonic() - last_requeue >= requeue_every:
                requeue_stale(backend_name, lease_seconds)
                last_requeue = time.monotonic()
            worker.run()  # every task that is ready, then back here
        except (OperationalError, InterfaceError) as error:
            logger.warning("Task worker: database unavailable (%s); trying again in %d s.",
                           type(error).__name__, pause)
            connections.close_all()
            sleep(pause)
            pause = min(pause * 2, max_pause)
            continue
        if pause > 1:
            logger.warning("Task worker: database back; working again.")
        pause = 1.0
        if worker.running:
            sleep(interval)
