"""The embedded default (SQLite) under parallel writers: sign-ups at the same moment are all stored
and nobody gets a 500."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

ROOT = Path(settings.BASE_DIR)
SIGNUP = "/nieuwsbrief/aanmelden/"

sqlite_only = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="SQLite locking; PostgreSQL waits on row locks"
)


@sqlite_only
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
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
