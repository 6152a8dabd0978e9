"""Degrade, don't fail (issue 10): with Redis stopped pages answer 200 and sign-ups are stored,
and Redis back means the cache is used again without a restart; with the database unreachable the
site answers a Dutch 503 with Retry-After; /healthz/ready and `manage.py healthcheck` name what is
wrong."""

import os
import shutil
import socket
import subprocess
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from core.page_cache import HIT_HEADER
from newsletter.models import Subscriber
from tests.home.test_healthz import run_without_database
from tests.newsletter.conftest import ORIGIN

ROOT = Path(__file__).resolve().parents[2]


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class PrivateRedis:
    """A redis-server of this test's own on a free port, to stop and start at will."""

    def __init__(self, tmp_path):
        self.port = free_port()
        self.dir = tmp_path
        self.process = None

    @property
    def url(self):
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self):
        self.process = subprocess.Popen(
            [
                shutil.which("redis-server"),
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.dir),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            with socket.socket() as probe:
                if probe.connect_ex(("127.0.0.1", self.port)) == 0:
                    return
            time.sleep(0.05)
        raise RuntimeError("the private redis-server did not start")

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(10)


@pytest.fixture
def private_redis(tmp_path):
    if not shutil.which("redis-server"):
        reason = "REDIS-SERVER NOT FOUND: the Redis outage tests are skipped (apt-get install redis-server)."
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail("REQUIRE_BROWSER=1 but " + reason)
        pytest.skip(reason)
    redis = PrivateRedis(tmp_path)
    yield redis
    redis.stop()


@pytest.fixture
def redis_caches(settings, private_redis):
    """Both cache aliases on the private Redis, through the production backend."""
    settings.CACHES = {
        alias: {
            "BACKEND": "core.redis_cache.FailSoftRedisCache",
            "LOCATION": private_redis.url,
            "KEY_PREFIX": f"health-{alias}",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
        for alias in ("default", "pages")
    }
    settings.PAGE_CACHE_ENABLED = True
    return private_redis


@pytest.mark.django_db
def test_ready_with_everything_up(client):
    response = client.get("/healthz/ready")
    assert response.status_code == 200
    report = response.json()
    assert report["status"] == "ok" and report["failing"] == []
    assert set(report["checks"]) == {"database", "cache:default", "cache:pages", "task_queue"}
    assert report["checks"]["task_queue"]["oldest_due_task_seconds"] is None
    assert "no-cache" in response["Cache-Control"]
    assert not response.cookies


@pytest.mark.django_db
def test_a_due_task_nobody_runs_makes_the_site_not_ready(client):
    from django_tasks_db.models import DBTaskResult

    from newsletter.tasks import cleanup_task

    result = cleanup_task.using(backend="database").enqueue()
    DBTaskResult.objects.filter(pk=result.id).update(
        enqueued_at=timezone.now() - timedelta(minutes=5),
        run_after=timezone.now() - timedelta(minutes=3),
    )
    response = client.get("/healthz/ready")
    assert response.status_code == 503
    assert response.json()["failing"] == ["task_queue"]
    assert 175 <= response.json()["checks"]["task_queue"]["oldest_due_task_seconds"] <= 200
    with pytest.raises(CommandError, match="not ready: task_queue"):
        call_command("healthcheck", stdout=open(os.devnull, "w"))  # noqa: SIM115


@pytest.mark.django_db
def test_a_recent_worker_heartbeat_is_counted(client):
    from core.models import WorkerHeartbeat

    WorkerHeartbeat.objects.create(worker_id="a", seen_at=timezone.now())
    WorkerHeartbeat.objects.create(worker_id="old", seen_at=timezone.now() - timedelta(minutes=5))
    checks = client.get("/healthz/ready").json()["checks"]
    assert checks["task_queue"]["workers_seen_last_minute"] == 1


@pytest.mark.django_db
def test_redis_down_pages_and_sign_ups_work_and_redis_back_is_used_again(
    client, site_root, redis_caches
):
    redis = redis_caches
    redis.start()
    assert client.get("/")[HIT_HEADER] == "miss"
    assert client.get("/")[HIT_HEADER] == "hit"

    redis.stop()
    for _ in range(2):
        response = client.get("/")
        assert response.status_code == 200
        assert HIT_HEADER not in response
    signed_up = client.post(
        "/nieuwsbrief/aanmelden/",
        {"email": "zonder-redis@example.org"},
        headers=ORIGIN,
        REMOTE_ADDR="192.0.2.77",
    )
    assert signed_up.status_code == 302
    assert Subscriber.objects.filter(email="zonder-redis@example.org").count() == 1
    ready = client.get("/healthz/ready")
    assert ready.status_code == 503
    assert ready.json()["failing"] == ["cache:default", "cache:pages"]

    redis.start()
    assert client.get("/healthz/ready").status_code == 200
    assert client.get("/")[HIT_HEADER] == "miss"
    assert client.get("/")[HIT_HEADER] == "hit"


def test_the_rate_limit_counts_again_once_redis_is_back(client, redis_caches, db):
    redis = redis_caches
    redis.start()
    answers = [
        client.post(
            "/nieuwsbrief/aanmelden/",
            {"email": f"teller{n}@example.org"},
            headers=ORIGIN,
            REMOTE_ADDR="192.0.2.78",
        ).status_code
        for n in range(6)
    ]
    assert answers == [302] * 5 + [429]


CALL_SITE = """
import django, json
django.setup()
from django.test import Client
from django.test.utils import setup_test_environment
setup_test_environment()
client = Client(raise_request_exception=False)
page = client.get("/")
ready = client.get("/healthz/ready")
print(json.dumps({"status": page.status_code, "retry": page.get("Retry-After"),
                  "cache": page.get("Cache-Control", ""), "html": page.content.decode(),
                  "ready": ready.status_code, "failing": ready.json()["failing"]}))
"""


def test_database_unreachable_is_a_dutch_503_with_retry_after():
    outcome = run_without_database(CALL_SITE)
    assert outcome["status"] == 503
    assert outcome["retry"] == "30"
    assert "no-cache" in outcome["cache"]
    assert '<html lang="nl">' in outcome["html"]
    assert "De website is even niet bereikbaar" in outcome["html"]
    assert outcome["ready"] == 503
    assert "database" in outcome["failing"] and "task_queue" in outcome["failing"]
