"""A PostgreSQL advisory lock by name: one holder at a time across every server; a no-op elsewhere.

SQLite runs on one machine and serialises writers itself (IMMEDIATE transactions), so there the lock
is always granted and the conditional updates inside the work keep it correct.
"""

import hashlib
import logging
from contextlib import contextmanager

from django.db import DatabaseError, InterfaceError, connections

logger = logging.getLogger(__name__)


def lock_key(name):
    """A stable signed 64-bit key for `name` (pg_try_advisory_lock takes a bigint)."""
    return int.from_bytes(hashlib.blake2b(name.encode(), digest_size=8).digest(), "big", signed=True)


@contextmanager
def advisory_lock(name, using="default"):
    """Yield True when this process holds the lock `name` (never waits), False when another does.

    A session lock: it is released at the end of the block, or by PostgreSQL itself when the
    connection drops (a killed process, a database restart), so a lock is never left behind.
    """
    connection = connections[using]
    if connection.vendor != "postgresql":
        yield True
        return
    key = lock_key(name)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s)", [key])
        held = cursor.fetchone()[0]
    try:
        yield held
    finally:
        if held:
            try:
                with connection.cursor() as cursor:
                    cursor.execute("SELECT pg_advisory_unlock(%s)", [key])
            except (DatabaseError, InterfaceError):
                logger.warning("Lock %s: connection lost; PostgreSQL released the lock with it.", name)
