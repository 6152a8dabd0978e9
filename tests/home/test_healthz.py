"""/healthz answers 200 with the database reachable and 503 when it is not."""

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

CALL_HEALTHZ = """
import django, json
django.setup()
from django.test import Client
from django.test.utils import setup_test_environment
setup_test_environment()
response = Client().get("/healthz")
print(json.dumps({"status": response.status_code, "body": response.json(),
                  "cache": response.get("Cache-Control", "")}))
"""


def closed_loopback_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.mark.django_db
def test_healthz_ok_with_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}
    assert "no-cache" in response["Cache-Control"]
    assert not response.cookies


@pytest.mark.django_db
def test_healthz_answers_head(client):
    assert client.head("/healthz").status_code == 200


def run_without_database(script):
    """Run ``script`` in a fresh Python with the test settings and a database URL nobody
    answers; its last line of output, read as JSON."""
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": f"postgres://nobody:nothing@127.0.0.1:{closed_loopback_port()}/absent",
    }
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_healthz_503_when_database_unreachable():
    outcome = run_without_database(CALL_HEALTHZ)
    assert outcome["status"] == 503
    assert outcome["body"] == {"status": "unavailable", "database": "unreachable"}
    assert "no-cache" in outcome["cache"]
