"""`manage.py run_worker` survives the database (issue 10): the connection between the worker and
PostgreSQL goes through a TCP relay this test cuts (open connections dropped, new ones refused)
for a few seconds; the worker logs it, keeps running and runs the next task once the database is
back. `db_worker` alone dies on the first refused connection."""

import contextlib
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]


class Relay:
    """A TCP relay on loopback that can be cut and restored."""

    def __init__(self, upstream):
        self.upstream = upstream
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.up = True
        self.open = []
        self.lock = threading.Lock()
        threading.Thread(target=self.accept, daemon=True).start()

    def accept(self):
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            if not self.up:
                client.close()
                continue
            server = socket.create_connection(self.upstream)
            with self.lock:
                self.open += [client, server]
            for source, target in ((client, server), (server, client)):
                threading.Thread(target=self.pump, args=(source, target), daemon=True).start()

    def pump(self, source, target):
        try:
            while data := source.recv(65536):
                target.sendall(data)
        except OSError:
            pass
        finally:
            for end in (source, target):
                with contextlib.suppress(OSError):
                    end.shutdown(socket.SHUT_RDWR)

    def cut(self):
        self.up = False
        with self.lock:
            for end in self.open:
                with contextlib.suppress(OSError):
                    end.shutdown(socket.SHUT_RDWR)
            self.open.clear()

    def restore(self):
        self.up = True

    def close(self):
        self.cut()
        self.listener.close()


def worker(command, relay, log_path):
    settings = connection.settings_dict
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": f"postgres://{settings['USER']}@127.0.0.1:{relay.port}/{settings['NAME']}",
    }
    return subprocess.Popen(
        [sys.executable, "manage.py", *command, "--backend", "database", "--interval", "0.1"],
        cwd=ROOT,
        env=env,
        stdout=log_path.open("w"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def wait_for(condition, seconds):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


COMMITS = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def relay():
    if connection.vendor != "postgresql":
        pytest.skip("the worker's database outage is tested on PostgreSQL (CI)")
    relay = Relay(("127.0.0.1", int(connection.settings_dict.get("PORT") or 5432)))
    yield relay
    relay.close()


def enqueue_and_wait(seconds):
    from django_tasks_db.models import DBTaskResult

    from newsletter.tasks import cleanup_task

    result = cleanup_task.using(backend="database").enqueue()
    return wait_for(lambda: DBTaskResult.objects.get(pk=result.id).status == "SUCCESSFUL", seconds)


@COMMITS
def test_run_worker_survives_a_database_outage_and_runs_the_next_task(relay, tmp_path):
    log_path = tmp_path / "worker.log"
    process = worker(["run_worker"], relay, log_path)
    try:
        assert enqueue_and_wait(30), log_path.read_text()
        relay.cut()
        time.sleep(3)
        relay.restore()
        assert process.poll() is None, "the worker died:\n" + log_path.read_text()
        assert enqueue_and_wait(40), log_path.read_text()
        assert "worker lost the database" in log_path.read_text()
        assert process.poll() is None
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(20)
    assert process.returncode == 0, "SIGTERM stops the worker cleanly"


@COMMITS
def test_db_worker_alone_dies_on_the_same_outage(relay, tmp_path):
    """The fault run_worker exists for: without it the worker is gone."""
    log_path = tmp_path / "worker.log"
    process = worker(["db_worker", "--no-startup-delay"], relay, log_path)
    try:
        assert enqueue_and_wait(30), log_path.read_text()
        relay.cut()
        assert wait_for(lambda: process.poll() is not None, 10), "db_worker survived the outage"
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
        process.wait(20)
    assert process.returncode != 0
