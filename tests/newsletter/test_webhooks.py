"""POST /nieuwsbrief/webhook/<secret>/: Mailchimp's GET check, the secret, malformed and unknown
payloads (400, never 500), idempotency."""

from __future__ import annotations

from urllib.parse import urlencode

import pytest

from newsletter.models import Subscriber, SubscriberStatus
from tests.newsletter.factories import SubscriberFactory
from tests.newsletter.helpers import WEBHOOK, deliver

pytestmark = pytest.mark.django_db

FORM = "application/x-www-form-urlencoded"


def payload(kind="unsubscribe", email="lid@example.org", **extra):
    data = {
        "type": kind,
        "fired_at": "2026-01-05 09:15:00",
        "data[list_id]": "abc123",
        "data[email]": email,
    }
    data.update(extra)
    return data


def test_get_check_answers_200(client):
    response = client.get(WEBHOOK)
    assert response.status_code == 200
    assert not response.cookies


@pytest.mark.parametrize(
    "url", ["/nieuwsbrief/webhook/wrong/", "/nieuwsbrief/webhook/test-webhook-secre/"]
)
def test_wrong_secret_is_404_for_get_and_post(client, url):
    assert client.get(url).status_code == 404
    assert client.post(url, urlencode(payload()), content_type=FORM).status_code == 404


def test_no_secret_configured_means_no_webhook(client, settings):
    settings.MAILCHIMP_WEBHOOK_SECRET = None
    assert client.get(WEBHOOK).status_code == 404


def test_unsubscribe_is_applied_and_idempotent(client):
    SubscriberFactory(email="lid@example.org", status=SubscriberStatus.SUBSCRIBED)
    for _ in range(2):
        response = deliver(client, payload())
        assert response.status_code == 200
    s = Subscriber.objects.get()
    assert s.status == SubscriberStatus.UNSUBSCRIBED
    assert not s.needs_push  # it came from Mailchimp: nothing to push back


def test_events_for_unknown_addresses_are_accepted_and_ignored(client):
    for kind in ("unsubscribe", "cleaned", "profile"):
        assert deliver(client, payload(kind, "onbekend@example.org")).status_code == 200
    assert not Subscriber.objects.exists()


def test_campaign_events_are_accepted_and_ignored(client):
    assert (
        deliver(
            client, {"type": "campaign", "data[id]": "c1", "data[list_id]": "abc123"}
        ).status_code
        == 200
    )


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"type": "explode", "data[list_id]": "abc123", "data[email]": "a@example.org"},
        {"type": "subscribe"},
        {"type": "subscribe", "data[list_id]": "abc123"},
        {"type": "subscribe", "data[list_id]": "abc123", "data[email]": "not an address"},
        {"type": "subscribe", "data[list_id]": "abc123", "data[email]": "x" * 300 + "@example.org"},
        {"type": "upemail", "data[list_id]": "abc123", "data[old_email]": "a@example.org"},
        {
            "type": "upemail",
            "data[list_id]": "abc123",
            "data[old_email]": "a@example.org",
            "data[new_email]": "@",
        },
        {"type": "subscribe", "data[list_id]": "abc123", "data[email]": "a\x00@example.org"},
    ],
)
def test_malformed_or_unknown_payloads_get_400(client, data):
    response = deliver(client, data)
    assert response.status_code == 400
    assert not Subscriber.objects.exists()


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        (b"\xff\xfe\x00\x01", FORM),
        (b"--b\r\nContent-Disposition: form-data\r\n\r\nbroken", "multipart/form-data; boundary=b"),
        (b'{"type": "subscribe"}', "application/json"),
        (b"type=subscribe&data[email]=%ZZ", FORM),
        (b"", FORM),
    ],
)
def test_garbage_bodies_get_400_not_500(client, body, content_type):
    response = client.generic("POST", WEBHOOK, body, content_type=content_type)
    assert response.status_code == 400


def test_other_methods_are_refused(client):
    assert client.put(WEBHOOK).status_code == 405
    assert client.delete(WEBHOOK).status_code == 405


def test_events_for_another_audience_are_refused_when_mailchimp_is_on(client, mailchimp_settings):
    SubscriberFactory(email="lid@example.org", status=SubscriberStatus.SUBSCRIBED)
    response = deliver(client, payload())  # list "abc123" is not our audience
    assert response.status_code == 400
    assert Subscriber.objects.get().status == SubscriberStatus.SUBSCRIBED
    ok = deliver(client, payload(**{"data[list_id]": mailchimp_settings.list_id}))
    assert ok.status_code == 200
    assert Subscriber.objects.get().status == SubscriberStatus.UNSUBSCRIBED


# serialized_rollback: the flush after this test must not re-create content types (see test_faults).
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_emulator_delivers_to_the_registered_webhook_over_http(live_server, mailchimp_settings):
    """Mailchimp's own path: webhook created through the API (validated by GET), events POSTed."""
    mc = mailchimp_settings
    mc.validate_webhook_urls = True
    url = f"{live_server.url}/nieuwsbrief/webhook/test-webhook-secret/"
    client = mc.client()
    client.lists.create_list_webhook(
        mc.list_id,
        {
            "url": url,
            "events": dict.fromkeys(
                ("subscribe", "unsubscribe", "profile", "cleaned", "upemail", "campaign"), True
            ),
            "sources": {"user": True, "admin": True, "api": True},
        },
    )
    mc.add_member("live@example.org", status="pending")
    assert mc.deliver_webhook(mc.confirm("live@example.org")) == [(url, 200)]
    assert Subscriber.objects.get().status == SubscriberStatus.SUBSCRIBED
    assert mc.deliver_webhook(mc.unsubscribe("live@example.org")) == [(url, 200)]
    assert Subscriber.objects.get().status == SubscriberStatus.UNSUBSCRIBED
