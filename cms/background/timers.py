"""The timer loop: every job the site needs on a clock, safe to run on every server at once.

Each job but the e-mail sender is claimed for its period through a conditional UPDATE of its TimerRun
row (and, on PostgreSQL, run under an advisory lock of its name): of any number of timer loops, one
runs it per period and none while another still runs it. The e-mail sender runs on every tick
everywhere: each message is claimed by one sender (complaints.notifications).
"""

import io
import logging
import socket
import time
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.management import call_command
from django.db import IntegrityError, connections
from django.utils import timezone

from .locks import advisory_lock
from .models import TimerRun

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Job:
    command: str           # a management command, called by name (each app keeps its own)
    period: timedelta | None  # None: on every tick, on every server


def jobs(interval):
    return [
        Job("send_pending_email", None),  # mail is delivered only by this (and the task worker)
        Job("complaints_housekeeping", timedelta(seconds=settings.COMPLAINT_HOUSEKEEPING_SECONDS)),
        Job("publish_scheduled", timedelta(seconds=interval)),
        Job("remind_stale_pages", timedelta(days=settings.PAGE_REVIEW_REMINDER_DAYS)),
    ]


def claim_due(name, period, now=None):
    """True for exactly one caller per period: the one whose UPDATE still finds the job due."""
    now = now or timezone.now()
    try:
        TimerRun.objects.get_or_create(name=name, defaults={"next_run_at": now})
    except IntegrityError:  # created by another server at the same moment
        pass
    return bool(TimerRun.objects.filter(name=name, next_run_at__lte=now).update(
        next_run_at=now + period, last_started_at=now, last_host=socket.gethostname()[:64]))


def run_job(job):
    """Run `job` if it is this loop's to run now. Returns True if it ran."""
    if job.period is None:
        _call(job.command)
        return True
    with advisory_lock(f"timer:{job.command}") as held:
        if not held or not claim_due(job.command, job.period):
            return False
        try:
            _call(job.command)
        except Exception:
            _give_back(job.command)
            raise
        return True


def _give_back(name):
    """A claimed job that failed is due again on the next tick, not a period later (if the database
    lets us say so; otherwise it waits for its period)."""
    try:
        TimerRun.objects.filter(name=name).update(next_run_at=timezone.now())
    except Exception:  # the database that made the job fail may still be down
        logger.warning("Timer job %s: could not mark it due again.", name)


def _call(command):
    out = io.StringIO()
    call_command(command, stdout=out)
    logger.info("%s: %s", command, out.getvalue().strip())


def tick(interval):
    """One round of every job. A job that fails (the database is down, a bug) is logged and the
    others still run; the next tick tries again."""
    failed = 0
    for job in jobs(interval):
        try:
            run_job(job)
        except Exception:  # a timer must outlive any one failure; the log says which and why
            failed += 1
            logger.exception("Timer job %s failed; it runs again on the next tick.", job.command)
            # A connection broken by an outage is dropped so the next job or tick connects afresh.
            for connection in connections.all(initialized_only=True):
                connection.close_if_unusable_or_obsolete()
    return failed


def loop(interval, once=False, sleep=time.sleep):
    while True:
        failed = tick(interval)
        if once:
            return failed
        sleep(interval)
