"""What /readyz checks: can this server do its work now? Each part answers ("ok" | "failing", detail).

Parts: the database, the shared cache (a key written and read back), file storage (a small file
written and deleted in each storage the site writes to), the task queue (ready tasks waiting longer
than READYZ_TASK_MAX_AGE_MINUTES: no worker is running) and whatever the apps add through the
"readiness_checks" hook (a function returning {part name: check}), e.g. the complaint outbox.

A detail names the kind of failure or an age, never a row, a key or an address.
"""

import time
import uuid
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.db import connection
from django.utils import timezone
from wagtail import hooks

OK, FAILING = "ok", "failing"


def _error(error):
    return FAILING, type(error).__name__


def database():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as error:  # noqa: BLE001 - any failure means "not ready"
        return _error(error)
    return OK, ""


def shared_cache():
    # The cache backend turns errors into misses (cms.cache), so a failure shows as a value not read back.
    key, value = f"readyz:{uuid.uuid4().hex}", time.time_ns()
    try:
        cache.set(key, value, 30)
        read = cache.get(key)
        cache.delete(key)
    except Exception as error:  # noqa: BLE001 - a backend without the fail-safe wrapper
        return _error(error)
    return (OK, "") if read == value else (FAILING, "unavailable")


def storage_checks():
    """One check per storage files are written to: Wagtail's media, and complaint photos where configured."""
    aliases = ["default"] + [alias for alias in ("complaint_photos",) if alias in settings.STORAGES]
    return {f"storage:{alias}" if alias != "default" else "storage": _storage_check(alias) for alias in aliases}


def _storage_check(alias):
    def check():
        try:
            storage = storages[alias]
            name = storage.save(f"readyz/{uuid.uuid4().hex}.txt", ContentFile(b"ok"))
            storage.delete(name)
        except Exception as error:  # noqa: BLE001 - read-only, full, unreachable: all "not ready"
            return _error(error)
        return OK, ""

    return check


def task_backlog():
    """Tasks due for longer than READYZ_TASK_MAX_AGE_MINUTES (database task backend only): no worker runs them."""
    if not settings.TASKS["default"]["BACKEND"].startswith("django_tasks_db."):
        return OK, "not a database queue"
    from django.db.models import Q
    from django_tasks_db.models import DBTaskResult, get_date_max

    since = timezone.now() - timedelta(minutes=settings.READYZ_TASK_MAX_AGE_MINUTES)
    try:
        # Due since: enqueued, or its run_after for a task put off (a retry); get_date_max() means "none".
        late = (DBTaskResult.objects.ready().filter(enqueued_at__lt=since)
                .filter(Q(run_after=get_date_max()) | Q(run_after__lt=since)).count())
    except Exception as error:  # noqa: BLE001
        return _error(error)
    return (FAILING, f"{late} waiting longer than {settings.READYZ_TASK_MAX_AGE_MINUTES} min") if late else (OK, "")


def age_status(oldest, limit):
    """OK while the oldest waiting item (a datetime or None) is younger than `limit`."""
    if oldest is None:
        return OK, ""
    age = timezone.now() - oldest
    detail = f"oldest waiting {int(age.total_seconds() // 60)} min"
    return (FAILING if age > limit else OK), detail


def checks():
    found = {"database": database, "cache": shared_cache, **storage_checks(), "tasks": task_backlog}
    for hook in hooks.get_hooks("readiness_checks"):
        found.update(hook())
    return found


def run(parts=None):
    """{part: {"status", "detail"}} for every check, or only those named in `parts`."""
    results = {}
    for name, check in checks().items():
        if parts and name not in parts:
            continue
        try:
            status, detail = check()
        except Exception as error:  # noqa: BLE001 - a check that breaks is a part that is not ready
            status, detail = _error(error)
        results[name] = {"status": status, **({"detail": detail} if detail else {})}
    return results
