"""``manage.py run_worker``: django-tasks' ``db_worker`` that survives the database.

A dropped or refused connection in the worker's polling loop ends ``db_worker``; here it is
logged, every connection is closed and the worker starts polling again after a back-off (1 s,
doubling to 30 s). A thread writes this worker's heartbeat (``core.WorkerHeartbeat``) every
``HEARTBEAT_SECONDS`` for the readiness check. SIGTERM and SIGINT stop it as they stop
``db_worker``. Every option is passed to ``db_worker`` unchanged."""

import logging
import threading
import time

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import connections
from django.db.utils import DatabaseError, InterfaceError, OperationalError
from django.utils import timezone
from django.utils.crypto import get_random_string

logger = logging.getLogger("core.worker")

BACKOFF_FIRST = 1.0
BACKOFF_MAX = 30.0
HEARTBEAT_SECONDS = 10


def beat(worker_id, stop):
    from core.models import WorkerHeartbeat

    while not stop.is_set():
        try:
            WorkerHeartbeat.objects.update_or_create(
                worker_id=worker_id, defaults={"seen_at": timezone.now()}
            )
        except DatabaseError as error:
            logger.warning(
                "worker heartbeat not written",
                extra={"event": "worker_heartbeat_failed", "error": str(error)},
            )
        finally:
            connections.close_all()
        stop.wait(HEARTBEAT_SECONDS)


class Command(BaseCommand):
    help = "Run the task worker (db_worker) and keep it running through database outages."

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=float, default=1.0)
        parser.add_argument("--worker-id", default=None)
        parser.add_argument("--backend", default="default", dest="backend_name")
        parser.add_argument("--batch", action="store_true")
        parser.add_argument("--no-heartbeat", action="store_true")

    def handle(self, *args, interval, worker_id, backend_name, batch, no_heartbeat, **options):
        worker_id = worker_id or get_random_string(32)
        stop = threading.Event()
        if not no_heartbeat:
            threading.Thread(target=beat, args=(worker_id, stop), daemon=True).start()
        delay = BACKOFF_FIRST
        try:
            while True:
                started = time.monotonic()
                try:
                    call_command(
                        "db_worker",
                        "--backend",
                        backend_name,
                        "--interval",
                        str(interval),
                        "--worker-id",
                        worker_id,
                        "--no-reload",
                        *(["--batch"] if batch else []),
                        verbosity=options.get("verbosity", 1),
                    )
                    return
                except (OperationalError, InterfaceError) as error:
                    if time.monotonic() - started > BACKOFF_MAX:
                        delay = BACKOFF_FIRST
                    logger.error(
                        "worker lost the database; polling again in %.0f s",
                        delay,
                        extra={"event": "worker_database_error", "error": str(error)},
                    )
                    connections.close_all()
                    time.sleep(delay)
                    delay = min(delay * 2, BACKOFF_MAX)
        finally:
            stop.set()
