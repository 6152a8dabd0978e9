"""Site-wide background work (django-tasks): Wagtail's scheduled publishing.

`publish_scheduled` runs Wagtail's `publish_scheduled` command every minute: pages and snippets
whose go-live time has passed go live, those whose expiry time has passed go offline. Each run
queues the next one, and never more than one run waits in the queue.

`manage.py schedule_publishing` queues the first run (idempotent); `make run` calls it. Without a
worker, the same work is `manage.py publish_scheduled` from cron every minute.
"""

from __future__ import annotations

import io
import logging
from datetime import timedelta

from django.conf import settings
from django.core.management import call_command
from django.utils import timezone
from django_tasks import task
from django_tasks.exceptions import InvalidTaskBackendError

logger = logging.getLogger(__name__)

PUBLISH_INTERVAL = timedelta(minutes=1)


def task_backend_alias() -> str:
    """The task backend for the site's recurring work: `settings.SITE_TASK_BACKEND`, else
    "default" (the database backend outside tests)."""
    return getattr(settings, "SITE_TASK_BACKEND", None) or "default"


def _backend():
    from django_tasks import task_backends

    try:
        return task_backends[task_backend_alias()]
    except InvalidTaskBackendError:
        return None


def _queued(task_obj) -> bool:
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.filter(
        task_path=task_obj.module_path, status="READY", backend_name=task_backend_alias()
    ).exists()


def schedule_next(task_obj, run_after) -> bool:
    """Queue `task_obj` for `run_after` unless a run is already waiting. Only a backend that can
    defer work (the database backend) keeps a schedule; elsewhere nothing is queued."""
    backend = _backend()
    if backend is None or not backend.supports_defer or _queued(task_obj):
        return False
    try:
        task_obj.using(backend=task_backend_alias(), run_after=run_after).enqueue()
    except Exception:
        logger.exception("could not queue %s", task_obj.name)
        return False
    return True


def publish_due() -> dict:
    """Run Wagtail's `publish_scheduled`; returns how many scheduled revisions were due."""
    from wagtail.models import Revision

    now = timezone.now()
    due = Revision.objects.filter(approved_go_live_at__lt=now).count()
    call_command("publish_scheduled", stdout=io.StringIO())
    return {"due": due}


@task()
def publish_scheduled() -> dict:
    try:
        return publish_due()
    finally:
        schedule_next(publish_scheduled, timezone.now() + PUBLISH_INTERVAL)


def schedule_site_jobs(*, now=None) -> dict:
    """Queue the site's recurring tasks once each (idempotent)."""
    now = now or timezone.now()
    return {"publish_scheduled": schedule_next(publish_scheduled, now)}
