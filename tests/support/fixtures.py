"""Pytest fixtures for the Mailchimp emulator; register with
``pytest_plugins = ["tests.support.fixtures"]``."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from .mailchimp_emulator import MailchimpEmulator


@pytest.fixture
def mailchimp_emulator(monkeypatch: pytest.MonkeyPatch) -> Iterator[MailchimpEmulator]:
    """A running emulator with one audience (``.list_id``); fails the test on teardown if any
    response it sent broke the official spec or the emulator itself crashed."""
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    monkeypatch.setenv("no_proxy", "127.0.0.1,localhost")
    emulator = MailchimpEmulator().start()
    try:
        yield emulator
    finally:
        emulator.stop()
    emulator.assert_no_schema_errors()


@pytest.fixture
def mailchimp_client(mailchimp_emulator: MailchimpEmulator) -> Any:
    """The official ``mailchimp_marketing.Client`` pointed at ``mailchimp_emulator``."""
    return mailchimp_emulator.client(timeout=5)


@pytest.fixture
def mailchimp_settings(mailchimp_emulator: MailchimpEmulator, settings: Any) -> MailchimpEmulator:
    """Point the site's Mailchimp settings (pytest-django ``settings``) at the emulator."""
    settings.MAILCHIMP_API_KEY = mailchimp_emulator.api_key
    settings.MAILCHIMP_AUDIENCE_ID = mailchimp_emulator.list_id
    settings.MAILCHIMP_API_URL = mailchimp_emulator.url
    return mailchimp_emulator
