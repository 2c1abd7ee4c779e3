"""The two rules every app's background work shares: queue after commit, and back off between tries."""

import logging
from datetime import timedelta

from django.db import transaction

logger = logging.getLogger(__name__)


def enqueue_after_commit(task, *args):
    """Queue `task(*args)` once the current transaction has committed, and not at all if it rolls back.

    A queue that is unavailable is logged, not raised: the request or publish that asked has already
    succeeded, and each kind of work has a timer that catches up (translate_pages, send_pending_email).
    """

    def enqueue():
        try:
            task.enqueue(*args)
        except Exception:  # see above: never fail the caller's committed work
            logger.exception("Could not queue %s for %s", task.name, args)

    transaction.on_commit(enqueue)


def retry_delay(attempts, *, first_minutes=1, max_minutes=240):
    """How long to wait before trying again after `attempts` failures: doubling from `first_minutes`, capped."""
    return timedelta(minutes=min(first_minutes * 2 ** max(attempts, 0), max_minutes))
