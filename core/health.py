"""What ``/healthz/ready`` and ``manage.py healthcheck`` report: the database, every cache and
the task queue, each with a plain verdict, so monitoring can tell which part is wrong.

``/healthz`` (liveness, the Varnish probe) stays a single cheap query; this one does more work
and is meant for a load balancer's readiness probe or a cron check, not for every second."""

import datetime as dt
import uuid

from django.conf import settings
from django.core.cache import caches
from django.db import connection
from django.db.utils import DatabaseError
from django.utils import timezone

QUEUE_MAX_WAIT = dt.timedelta(minutes=2)
WORKER_SEEN_WITHIN = dt.timedelta(minutes=1)


def check_database():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as error:
        return {"ok": False, "error": f"unreachable: {error.__class__.__name__}"}
    return {"ok": True}


def check_cache(alias):
    """A value written and read back: the fail-soft cache answers "not cached" when Redis is
    down, so only a round trip tells."""
    cache = caches[alias]
    key, value = f"healthz:{uuid.uuid4().hex}", uuid.uuid4().hex
    try:
        cache.set(key, value, timeout=10)
        found = cache.get(key)
        cache.delete(key)
    except Exception as error:  # noqa: BLE001 - any backend error means "not working"
        return {"ok": False, "error": f"unreachable: {error.__class__.__name__}"}
    if found != value:
        return {"ok": False, "error": "unreachable: a value written was not read back"}
    return {"ok": True}


def check_task_queue(now):
    """The oldest task that is due and waiting, and the workers seen lately. Not ready when a due
    task has waited longer than ``QUEUE_MAX_WAIT`` (nobody is working the queue)."""
    from django_tasks_db.models import DBTaskResult

    from core.models import WorkerHeartbeat

    try:
        oldest = (
            DBTaskResult.objects.ready()
            .order_by("run_after", "enqueued_at")
            .values_list("run_after", "enqueued_at")
            .first()
        )
        workers = WorkerHeartbeat.objects.filter(seen_at__gte=now - WORKER_SEEN_WITHIN).count()
    except DatabaseError as error:
        return {"ok": False, "error": f"unreachable: {error.__class__.__name__}"}
    waited = None
    if oldest:
        run_after, enqueued_at = oldest
        due = enqueued_at if run_after.year >= 9999 else max(run_after, enqueued_at)
        waited = max(0, round((now - due).total_seconds()))
    report = {"ok": True, "oldest_due_task_seconds": waited, "workers_seen_last_minute": workers}
    if waited is not None and waited > QUEUE_MAX_WAIT.total_seconds():
        report.update(ok=False, error=f"a due task has waited {waited} s")
    return report


def readiness():
    """Every check, and ``ok`` when all pass."""
    checks = {"database": check_database()}
    for alias in settings.CACHES:
        checks[f"cache:{alias}"] = check_cache(alias)
    if checks["database"]["ok"]:
        checks["task_queue"] = check_task_queue(timezone.now())
    else:
        checks["task_queue"] = {"ok": False, "error": "database unreachable"}
    failing = sorted(name for name, check in checks.items() if not check["ok"])
    return {"status": "unavailable" if failing else "ok", "failing": failing, "checks": checks}
