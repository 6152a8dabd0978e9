"""The embedded default (SQLite) under parallel writers: sign-ups at the same moment are all stored
and nobody gets a 500; a database that stays locked answers a Dutch 503, never a 500, and the
visitor is told that nothing was stored."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection, transaction

from newsletter.models import Subscriber, SubscriberStatus
from tests.newsletter.conftest import ORIGIN

ROOT = Path(settings.BASE_DIR)
SIGNUP = "/nieuwsbrief/aanmelden/"

sqlite_only = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="SQLite locking; PostgreSQL waits on row locks"
)


@sqlite_only
@pytest.mark.django_db(transaction=True)
def test_parallel_signups_on_file_sqlite_are_all_stored(tmp_path):
    """A copy of the migrated test database as a file, then 8 sign-ups at once in a process that
    uses the project's own SQLite settings (as `make run` does)."""
    db_file = tmp_path / "site.sqlite3"
    connection.ensure_connection()
    target = sqlite3.connect(db_file)
    connection.connection.backup(target)
    target.close()
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{db_file}"}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    run = subprocess.run(  # noqa: S603 (our own interpreter and module)
        [sys.executable, "-m", "tests.newsletter.concurrent_signups", "8"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert run.returncode == 0, run.stderr[-3000:]
    statuses = json.loads(run.stdout.strip().splitlines()[-1])
    assert sorted(statuses) == [302] * 8, run.stderr[-3000:]
    stored = sqlite3.connect(db_file)
    try:
        emails = {row[0] for row in stored.execute("SELECT email FROM newsletter_subscriber")}
    finally:
        stored.close()
    assert emails == {f"parallel{n}@example.org" for n in range(8)}


@sqlite_only
@pytest.mark.django_db(transaction=True)
def test_signup_answers_dutch_503_while_the_database_stays_locked(client):
    """Another connection holds a write transaction on the subscriber table; the sign-up is tried
    twice, then the visitor gets a 503 page that says nothing was stored. Afterwards it works."""
    holding = threading.Event()
    release = threading.Event()

    def hold_lock():
        try:
            with transaction.atomic():
                Subscriber.objects.create(
                    email="blocker@example.org", status=SubscriberStatus.PENDING
                )
                holding.set()
                release.wait(timeout=60)
                transaction.set_rollback(True)
        finally:
            connection.close()

    thread = threading.Thread(target=hold_lock)
    thread.start()
    try:
        assert holding.wait(timeout=30)
        response = client.post(
            SIGNUP, {"email": "wacht@example.org"}, headers=ORIGIN, REMOTE_ADDR="192.0.2.50"
        )
    finally:
        release.set()
        thread.join(timeout=30)
    assert response.status_code == 503
    assert response["Retry-After"]
    page = response.content.decode()
    assert "niet opgeslagen" in page and "opnieuw" in page
    assert not Subscriber.objects.filter(email="wacht@example.org").exists()
    again = client.post(
        SIGNUP, {"email": "wacht@example.org"}, headers=ORIGIN, REMOTE_ADDR="192.0.2.50"
    )
    assert again.status_code == 302
    assert Subscriber.objects.filter(email="wacht@example.org").exists()
