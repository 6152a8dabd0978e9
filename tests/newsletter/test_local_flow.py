"""The local backend (no Mailchimp): the confirmation mail goes through Django's SMTP backend to a
real SMTP server (aiosmtpd) on loopback; its link opens a page whose button confirms. Unsubscribe
pages and RFC 8058 one-click POSTs."""

from __future__ import annotations

import re
import time

import pytest
from django.core import signing

from newsletter import tokens
from newsletter.models import Subscriber, SubscriberStatus
from newsletter.tokens import confirm_token, unsubscribe_url
from tests.newsletter.factories import SubscriberFactory
from tests.newsletter.helpers import sign_up

pytestmark = pytest.mark.django_db


def confirmation_link(message) -> str:
    body = message.get_payload(decode=True).decode()
    match = re.search(r"http://testserver(/nieuwsbrief/bevestigen/[^/\s]+/)", body)
    assert match, body
    return match.group(1)


def test_confirmation_mail_arrives_over_smtp_and_its_link_confirms(
    client, site_root, smtp_server, django_capture_on_commit_callbacks
):
    sign_up(client, "Lotte@Example.org", "Lotte", django_capture_on_commit_callbacks)
    assert len(smtp_server.messages) == 1
    message = smtp_server.messages[0]
    assert smtp_server.envelopes[0].rcpt_tos == ["lotte@example.org"]
    assert message["To"] == "lotte@example.org"
    assert "Bevestig je aanmelding" in message["Subject"]
    assert message["Auto-Submitted"] == "auto-generated"
    link = confirmation_link(message)
    # What a visitor typed never reaches a stranger's inbox: the mail does not carry the name.
    body = message.get_payload(decode=True).decode()
    assert body.startswith("Hallo,") and "Lotte" not in body

    # A mail scanner (or a person) opening the link confirms nothing ...
    page = client.get(link)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Bevestig mijn aanmelding" in html
    assert html.count("<form") == 2  # the confirm button and the footer form
    assert page["Referrer-Policy"] == "no-referrer"
    assert "no-store" in page["Cache-Control"]
    assert not page.cookies
    assert Subscriber.objects.get().status == SubscriberStatus.PENDING
    # ... only the button's POST does.
    done = client.post(link)
    assert done.status_code == 200
    assert "je aanmelding is bevestigd" in done.content.decode()
    s = Subscriber.objects.get()
    assert s.status == SubscriberStatus.SUBSCRIBED
    assert s.confirmed_at is not None
    # Pressing it again is harmless.
    assert client.post(link).status_code == 200
    assert Subscriber.objects.get().confirmed_at == s.confirmed_at


def test_confirmation_link_expires_after_seven_days(client, site_root, monkeypatch):
    s = SubscriberFactory(status=SubscriberStatus.PENDING)
    token = confirm_token(s)
    now = time.time()
    monkeypatch.setattr(signing.time, "time", lambda: now + 7 * 24 * 3600 + 60)
    response = client.get(f"/nieuwsbrief/bevestigen/{token}/")
    assert response.status_code == 410
    assert "Deze link is verlopen" in response.content.decode()
    assert client.post(f"/nieuwsbrief/bevestigen/{token}/").status_code == 410
    s.refresh_from_db()
    assert s.status == SubscriberStatus.PENDING
    monkeypatch.setattr(signing.time, "time", lambda: now + 6 * 24 * 3600)
    assert client.get(f"/nieuwsbrief/bevestigen/{token}/").status_code == 200


@pytest.mark.parametrize(
    "token",
    ["", "x", "a" * 300, "W10:1t:abc", "%00", "eyJ4IjoxfQ:1vJ1Xk:bad"],
)
def test_invalid_tokens_are_refused_without_error(client, site_root, token):
    for url in (f"/nieuwsbrief/bevestigen/{token}/", f"/nieuwsbrief/afmelden/{token}/"):
        assert client.get(url).status_code in (404, 410)
        assert client.post(url).status_code in (404, 410)


def test_tokens_are_not_interchangeable_and_die_with_the_address(client, site_root):
    s = SubscriberFactory(status=SubscriberStatus.PENDING)
    unsubscribe_token = tokens.unsubscribe_token(s)
    assert client.post(f"/nieuwsbrief/bevestigen/{unsubscribe_token}/").status_code == 404
    assert client.post(f"/nieuwsbrief/afmelden/{confirm_token(s)}/").status_code == 404
    Subscriber.objects.filter(pk=s.pk).update(email="ander@example.org")
    assert client.get(f"/nieuwsbrief/afmelden/{unsubscribe_token}/").status_code == 404


def test_unsubscribe_page_get_changes_nothing_and_post_unsubscribes(client, site_root):
    s = SubscriberFactory(status=SubscriberStatus.SUBSCRIBED)
    url = unsubscribe_url(s)
    assert url.startswith("http://testserver/nieuwsbrief/afmelden/")
    page = client.get(url)
    assert page.status_code == 200
    assert "Afmelden" in page.content.decode()
    assert not page.cookies
    s.refresh_from_db()
    assert s.status == SubscriberStatus.SUBSCRIBED
    response = client.post(url)
    assert response.status_code == 200
    assert "Je bent afgemeld" in response.content.decode()
    s.refresh_from_db()
    assert s.status == SubscriberStatus.UNSUBSCRIBED
    assert s.unsubscribed_at is not None
    assert client.post(url).status_code == 200  # idempotent


def test_rfc8058_one_click_unsubscribe(client, site_root):
    s = SubscriberFactory(status=SubscriberStatus.SUBSCRIBED)
    response = client.post(
        unsubscribe_url(s),
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    s.refresh_from_db()
    assert s.status == SubscriberStatus.UNSUBSCRIBED


def test_pending_person_asking_again_gets_at_most_one_mail_per_quarter(
    client, site_root, smtp_server, django_capture_on_commit_callbacks
):
    for _ in range(3):
        sign_up(client, "vergeetachtig@example.org", "", django_capture_on_commit_callbacks)
    assert len(smtp_server.messages) == 1
    Subscriber.objects.update(confirmation_sent_at=None)
    sign_up(client, "vergeetachtig@example.org", "", django_capture_on_commit_callbacks)
    assert len(smtp_server.messages) == 2


def test_an_old_confirmation_link_does_not_resubscribe_someone_who_left(client, site_root):
    s = SubscriberFactory(status=SubscriberStatus.PENDING)
    link = f"/nieuwsbrief/bevestigen/{confirm_token(s)}/"
    Subscriber.objects.filter(pk=s.pk).update(status=SubscriberStatus.UNSUBSCRIBED)
    assert client.get(link).status_code == 410
    assert client.post(link).status_code == 410
    s.refresh_from_db()
    assert s.status == SubscriberStatus.UNSUBSCRIBED
