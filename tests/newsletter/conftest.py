"""Fixtures for the newsletter sign-up tests: Mailchimp settings pointing at the emulator, a real
SMTP server (aiosmtpd) on loopback, and helpers to run the real django-tasks database worker."""

from __future__ import annotations

import email
import threading
from email.message import Message

import pytest
from aiosmtpd.controller import Controller
from django.core.cache import cache
from django.core.management import call_command

ORIGIN = {"Origin": "http://testserver"}


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def mailchimp_settings(mailchimp_emulator, settings):
    """Mailchimp backend on, pointed at the emulator (the official client, unpatched)."""
    settings.MAILCHIMP_API_KEY = mailchimp_emulator.api_key
    settings.MAILCHIMP_AUDIENCE_ID = mailchimp_emulator.list_id
    settings.MAILCHIMP_API_URL = mailchimp_emulator.url
    settings.MAILCHIMP_TIMEOUT = 2
    return mailchimp_emulator


@pytest.fixture
def queued(settings):
    """Newsletter tasks go to the real database backend ("database" alias of the test settings)
    instead of running immediately; `run_worker()` then runs `manage.py db_worker --batch`."""
    settings.NEWSLETTER_TASK_BACKEND = "database"
    return run_worker


def run_worker(max_tasks=None):
    """`manage.py db_worker --batch` on the "database" backend: runs every task that is due."""
    args = ["--backend=database", "--batch", "--no-startup-delay", "--interval=0", "--no-reload"]
    if max_tasks:
        args.append(f"--max-tasks={max_tasks}")
    call_command("db_worker", *args, verbosity=0)


class _Inbox:
    def __init__(self):
        self.messages: list[Message] = []
        self.envelopes = []
        self._lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd hook name)
        with self._lock:
            self.envelopes.append(envelope)
            self.messages.append(email.message_from_bytes(envelope.original_content))
        return "250 Message accepted for delivery"


class _LoopbackController(Controller):
    """aiosmtpd Controller on 127.0.0.1 with an OS-chosen port (port 0)."""

    def _trigger_server(self):
        self.port = self.server.sockets[0].getsockname()[1]
        super()._trigger_server()


@pytest.fixture
def smtp_server(settings):
    """A real SMTP server on loopback; Django's SMTP backend delivers to it."""
    inbox = _Inbox()
    controller = _LoopbackController(inbox, hostname="127.0.0.1", port=0)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = controller.port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_TIMEOUT = 5
    inbox.port = controller.port
    try:
        yield inbox
    finally:
        controller.stop()
