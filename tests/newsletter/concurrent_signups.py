"""Run by test_sqlite_concurrency in a subprocess whose DATABASE_URL names a file-based SQLite
database (the embedded default): N sign-ups at the same moment, one thread each, through the real
view. Prints the HTTP status of every request as JSON."""

from __future__ import annotations

import json
import os
import sys
import threading

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")


def main(count: int) -> None:
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection

    # As in production: background tasks are rows in the same database (django-tasks-db).
    settings.NEWSLETTER_TASK_BACKEND = "database"
    from django.test import Client

    barrier = threading.Barrier(count)
    statuses: list[int] = []
    lock = threading.Lock()

    def sign_up(n: int) -> None:
        try:
            client = Client(raise_request_exception=False)
            barrier.wait(timeout=30)
            response = client.post(
                "/nieuwsbrief/aanmelden/",
                {"email": f"parallel{n}@example.org", "first_name": "", "source": "/"},
                headers={"Origin": "http://testserver"},
                REMOTE_ADDR=f"192.0.2.{n + 1}",
            )
            with lock:
                statuses.append(response.status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=sign_up, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    print(json.dumps(statuses))


if __name__ == "__main__":
    main(int(sys.argv[1]))
