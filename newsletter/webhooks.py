"""Mailchimp's webhook deliveries: what someone did in Mailchimp, applied to our subscribers.

Every handler is idempotent (a redelivered event changes nothing the second time) and never
re-creates an erased address. Unknown types and malformed payloads raise WebhookError (HTTP 400).
"""

from __future__ import annotations

from datetime import UTC, datetime

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


def _fired_at(data) -> datetime | None:
    """When Mailchimp fired the event ("2026-01-05 09:15:00", UTC); None if absent or unreadable."""
    try:
        moment = datetime.strptime(data.get("fired_at", "").strip(), "%Y-%m-%d %H:%M:%S")
    except ValueError:
        return None
    return moment.replace(tzinfo=UTC)


def _is_stale(subscriber: Subscriber, fired_at: datetime | None) -> bool:
    """Mailchimp delivers webhooks late and out of order. An event fired before the latest state
    we already know (from a pull, a push answer or a later webhook) must not overwrite it."""
    if fired_at is None:
        return False
    known = [subscriber.remote_last_changed]
    if subscriber.status == SubscriberStatus.UNSUBSCRIBED:
        known.append(subscriber.unsubscribed_at)
    # Whole seconds, like fired_at; within the same second the event is applied as before.
    return any(moment is not None and fired_at < moment.replace(microsecond=0) for moment in known)


def _apply(address: str, fired_at: datetime | None = None, **changes) -> str:
    """Apply a remote change to the subscriber with this address, retrying if the row moved.
    An event older than what we know already is ignored ("stale")."""
    for _ in range(MAX_TRIES):
        subscriber = Subscriber.objects.filter(email=address).first()
        if subscriber is None:
            return "unknown"
        if _is_stale(subscriber, fired_at):
            return "stale"
        if fired_at is not None and "remote" in changes:
            changes["remote"] = {**changes["remote"], "remote_last_changed": fired_at}
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
    return _apply(
        email,
        _fired_at(data),
        status=SubscriberStatus.SUBSCRIBED,
        first_name=first_name,
        remote=remote,
    )


def _on_unsubscribe(data) -> str:
    email = _email(data, "data[email]")
    return _apply(
        email,
        _fired_at(data),
        status=SubscriberStatus.UNSUBSCRIBED,
        remote={"remote_status": SubscriberStatus.UNSUBSCRIBED},
        force=True,
    )


def _on_cleaned(data) -> str:
    email = _email(data, "data[email]")
    return _apply(
        email,
        _fired_at(data),
        status=SubscriberStatus.CLEANED,
        remote={"remote_status": SubscriberStatus.CLEANED},
        force=True,
    )


def _on_profile(data) -> str:
    email = _email(data, "data[email]")
    first_name = _first_name(data)
    if first_name is None:
        return "unchanged"
    return _apply(email, _fired_at(data), first_name=first_name)


def _on_upemail(data) -> str:
    old = _email(data, "data[old_email]")
    new = _email(data, "data[new_email]")
    if old == new:
        return "unchanged"
    if ErasedSubscriber.is_erased(new):
        Subscriber.objects.filter(email=old).delete()
        return "erased"
    return _apply(old, email=new)
