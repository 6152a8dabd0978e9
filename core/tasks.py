"""Running work later in the task queue (django-tasks)."""

import logging

from django.conf import settings
from django.utils import timezone
from django_tasks import task_backends

logger = logging.getLogger(__name__)


def task_backend_alias() -> str:
    """The task backend for the site's own deferred and recurring work: `SITE_TASK_BACKEND`,
    else "default" (the database backend outside tests)."""
    return getattr(settings, "SITE_TASK_BACKEND", None) or "default"


def run_later(task_obj, delay, *args):
    """Queue ``task_obj(*args)`` to run after ``delay`` (a timedelta) on the site's task backend.
    Returns False (and logs) when that backend cannot defer work."""
    alias = task_backend_alias()
    if not task_backends[alias].supports_defer:
        logger.error("cannot run %s later: task backend %r cannot defer", task_obj.name, alias)
        return False
    task_obj.using(backend=alias, run_after=timezone.now() + delay).enqueue(*args)
    return True
