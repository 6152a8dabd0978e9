"""Mailchimp's webhook deliveries: what someone did in Mailchimp, applied to our subscribers.

Every handler is idempotent (a redelivered event changes nothing the second time) and never
re-creates an erased address. Unknown types and malformed payloads raise WebhookError (HTTP 400).
"""

from __future__ import annotations

from django.core.exceptions import RequestDataTooBig, SuspiciousOperation, ValidationError
from django.core.validators import validate_email
from django.http.multipartparser import MultiPartParserError
from django.http.request import RawPostDataException, UnreadablePostError
from django.utils import timezone

from . import mailchimp
from .models import ErasedSubscriber, Subscriber, SubscriberStatus
from .models.subscribers import EMAIL_MAX_LENGTH, FIRST_NAME_MAX_LENGTH, normalise_email
from .services import apply_remote_state

PARSER_ERRORS = (
    MultiPartParserError,
    RequestDataTooBig,
    SuspiciousOperation,
    UnreadablePostError,
    RawPostDataException,
    UnicodeDecodeError,
)
HANDLED_TYPES = ("subscribe", "unsubscribe", "profile", "upemail", "cleaned")
IGNORED_TYPES = ("campaign",)
MAX_TRIES = 3


class WebhookError(Exception):
    pass


def _email(data, key: str) -> str:
    value = normalise_email(data.get(key, ""))
    if not value:
        raise WebhookError(f"Missing {key}")
    if len(value) > EMAIL_MAX_LENGTH:
        raise WebhookError(f"Invalid {key}")
    try:
        validate_email(value)
    except ValidationError:
        raise WebhookError(f"Invalid {key}") from None
    return value


def _first_name(data) -> str | None:
    if "data[merges][FNAME]" not in data:
        return None
    return " ".join(data.get("data[merges][FNAME]", "").split())[:FIRST_NAME_MAX_LENGTH]


def handle(data) -> str:
    kind = data.get("type", "")
    if kind in IGNORED_TYPES:
        return "ignored"
    if kind not in HANDLED_TYPES:
        raise WebhookError("Unknown or missing type")
    list_id = data.get("data[list_id]", "")
    if not list_id:
        raise WebhookError("Missing data[list_id]")
    if mailchimp.is_configured() and list_id != mailchimp.audience_id():
        raise WebhookError("Unknown audience")
    return globals()[f"_on_{kind}"](data)


def _apply(address: str, **changes) -> str:
    """Apply a remote change to the subscriber with this address, retrying if the row moved."""
    for _ in range(MAX_TRIES):
        subscriber = Subscriber.objects.filter(email=address).first()
        if subscriber is None:
            return "unknown"
        if apply_remote_state(subscriber, **changes):
            return "updated"
        fresh = Subscriber.objects.filter(pk=subscriber.pk).first()
        if fresh is None or fresh.sync_version == subscriber.sync_version:
            return "unchanged"
    return "unchanged"


def _on_subscribe(data) -> str:
    email = _email(data, "data[email]")
    if ErasedSubscriber.is_erased(email):
        return "erased"
    first_name = _first_name(data)
    remote = {"remote_status": SubscriberStatus.SUBSCRIBED}
    if not Subscriber.objects.filter(email=email).exists():
        # Signed up in Mailchimp itself (its own form): Mailchimp holds that proof of consent.
        now = timezone.now()
        _, created = Subscriber.objects.get_or_create(
            email=email,
            defaults={
                "first_name": first_name or "",
                "status": SubscriberStatus.SUBSCRIBED,
                "source": "Mailchimp",
                "consented_at": now,
                "confirmed_at": now,
                "synced_at": now,
                **remote,
            },
        )
        if created:
            return "created"
    return _apply(email, status=SubscriberStatus.SUBSCRIBED, first_name=first_name, remote=remote)


def _on_unsubscribe(data) -> str:
    email = _email(data, "data[email]")
    return _apply(
        email,
        status=SubscriberStatus.UNSUBSCRIBED,
        remote={"remote_status": SubscriberStatus.UNSUBSCRIBED},
        force=True,
    )


def _on_cleaned(data) -> str:
    email = _email(data, "data[email]")
    return _apply(
        email,
        status=SubscriberStatus.CLEANED,
        remote={"remote_status": SubscriberStatus.CLEANED},
        force=True,
    )


def _on_profile(data) -> str:
    email = _email(data, "data[email]")
    first_name = _first_name(data)
    if first_name is None:
        return "unchanged"
    return _apply(email, first_name=first_name)


def _on_upemail(data) -> str:
    old = _email(data, "data[old_email]")
    new = _email(data, "data[new_email]")
    if old == new:
        return "unchanged"
    if ErasedSubscriber.is_erased(new):
        Subscriber.objects.filter(email=old).delete()
        return "erased"
    return _apply(old, email=new)
