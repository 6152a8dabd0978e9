"""Shared steps for the newsletter tests."""

from __future__ import annotations

import itertools
from urllib.parse import urlencode

from tests.newsletter.conftest import ORIGIN

WEBHOOK = "/nieuwsbrief/webhook/test-webhook-secret/"
_ips = itertools.count(1)


def next_ip() -> str:
    n = next(_ips)
    return f"10.{(n >> 16) & 255}.{(n >> 8) & 255}.{n & 255}"


def sign_up(client, email, first_name="", capture=None, source="/"):
    """POST the form like a browser on this site does, each time from another client address."""
    data = {"email": email, "first_name": first_name, "source": source}
    if capture is None:
        return client.post("/nieuwsbrief/aanmelden/", data, headers=ORIGIN, REMOTE_ADDR=next_ip())
    with capture(execute=True):
        return client.post("/nieuwsbrief/aanmelden/", data, headers=ORIGIN, REMOTE_ADDR=next_ip())


def deliver(client, payload, capture=None):
    """POST a webhook payload form-encoded, as Mailchimp does."""
    body = urlencode(payload)
    kwargs = {"content_type": "application/x-www-form-urlencoded"}
    if capture is None:
        return client.post(WEBHOOK, body, **kwargs)
    with capture(execute=True):
        return client.post(WEBHOOK, body, **kwargs)
