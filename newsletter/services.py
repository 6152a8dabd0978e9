"""What can happen to a subscriber, in one place for views, webhooks, the sync and the admin.

Every change is committed locally first; network work (mail, Mailchimp) is handed to the backend
in `transaction.on_commit`, which only enqueues background tasks.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from .backends import get_backend
from .mailchimp import subscriber_hash
from .models import ErasedSubscriber, Subscriber, SubscriberStatus
from .models.subscribers import FIRST_NAME_MAX_LENGTH, erasure_digest, normalise_email

# A pending subscriber who signs up again gets a new local confirmation mail at most this often,
# so the form cannot be used to flood someone's inbox.
RESEND_AFTER_SECONDS = 15 * 60


@dataclass
class SignupResult:
    subscriber: Subscriber | None
    outcome: str  # "created", "renewed", "resent", "unchanged"


def _on_commit(func):
    transaction.on_commit(func)


def sign_up(email: str, first_name: str = "", *, consent_text: str, source: str) -> SignupResult:
    """Record a sign-up (or a renewed one) with its proof of consent. Same outcome for the visitor
    whatever the address's state; the result tells the caller what happened (tests, logging)."""
    email = normalise_email(email)
    first_name = (first_name or "").strip()[:FIRST_NAME_MAX_LENGTH]
    now = timezone.now()
    backend = get_backend()
    with transaction.atomic():
        # A new sign-up is new consent: an earlier erasure does not block it.
        ErasedSubscriber.objects.filter(digest=erasure_digest(email), remote_deleted=True).delete()
        subscriber = Subscriber.objects.select_for_update().filter(email=email).first()
        if subscriber is None:
            subscriber = Subscriber(
                email=email,
                first_name=first_name,
                status=SubscriberStatus.PENDING,
                consent_text=consent_text,
                consented_at=now,
                source=source,
            )
            subscriber.mark_changed(push=True)
            try:
                with transaction.atomic():
                    subscriber.save()
            except IntegrityError:
                # The same address signed up in a parallel request a moment ago.
                return SignupResult(Subscriber.objects.filter(email=email).first(), "unchanged")
            outcome = "created"
        elif subscriber.status == SubscriberStatus.SUBSCRIBED:
            return SignupResult(subscriber, "unchanged")
        elif subscriber.status == SubscriberStatus.PENDING:
            last = subscriber.confirmation_sent_at
            if (
                backend.sends_confirmation
                and last
                and (now - last).total_seconds() < RESEND_AFTER_SECONDS
            ):
                return SignupResult(subscriber, "unchanged")
            outcome = "resent"
        else:
            # Unsubscribed or cleaned: a renewed sign-up with fresh consent, confirmed again.
            subscriber.status = SubscriberStatus.PENDING
            subscriber.consent_text = consent_text
            subscriber.consented_at = now
            subscriber.source = source
            subscriber.confirmed_at = None
            subscriber.unsubscribed_at = None
            if first_name:
                subscriber.first_name = first_name
            subscriber.mark_changed(push=True)
            subscriber.save()
            outcome = "renewed"
        _on_commit(lambda: backend.after_signup(subscriber, resend=outcome == "resent"))
    return SignupResult(subscriber, outcome)


def confirm(subscriber: Subscriber) -> bool:
    """Double opt-in confirmed on our own page (local backend). Returns False if nothing changed."""
    with transaction.atomic():
        subscriber = Subscriber.objects.select_for_update().get(pk=subscriber.pk)
        if subscriber.status != SubscriberStatus.PENDING:
            return False
        subscriber.status = SubscriberStatus.SUBSCRIBED
        subscriber.confirmed_at = timezone.now()
        subscriber.mark_changed(push=True)
        subscriber.save()
        backend = get_backend()
        _on_commit(lambda: backend.after_change(subscriber))
    return True


def unsubscribe(subscriber: Subscriber) -> bool:
    """Unsubscribe from the site (page button, one-click POST, staff). Idempotent."""
    with transaction.atomic():
        subscriber = Subscriber.objects.select_for_update().get(pk=subscriber.pk)
        if subscriber.status in (SubscriberStatus.UNSUBSCRIBED, SubscriberStatus.CLEANED):
            return False
        subscriber.status = SubscriberStatus.UNSUBSCRIBED
        subscriber.unsubscribed_at = timezone.now()
        subscriber.mark_changed(push=True)
        subscriber.save()
        backend = get_backend()
        _on_commit(lambda: backend.after_change(subscriber))
    return True


def request_resync(queryset) -> int:
    """Staff: push these subscribers again, permanent failures included. Returns the number queued."""
    ids = list(queryset.values_list("pk", flat=True))
    if not ids:
        return 0
    with transaction.atomic():
        Subscriber.objects.filter(pk__in=ids).update(
            needs_push=True,
            sync_failed=False,
            sync_attempts=0,
            next_attempt_at=None,
            last_error="",
            sync_version=F("sync_version") + 1,
            updated_at=timezone.now(),
        )
        backend = get_backend()
        if backend.syncs_remote:
            from .tasks import enqueue, push_subscriber, sync_audience

            if len(ids) <= 20:
                _on_commit(lambda: [enqueue(push_subscriber, pk) for pk in ids])
            else:
                _on_commit(lambda: enqueue(sync_audience))
    return len(ids)


def erase(subscriber: Subscriber) -> ErasedSubscriber:
    """AVG erasure: delete locally, keep an anonymous tombstone, delete permanently in Mailchimp
    (in a background task; the tombstone holds Mailchimp's member id only until that is done)."""
    backend = get_backend()
    with transaction.atomic():
        digest = erasure_digest(subscriber.email)
        tombstone, _created = ErasedSubscriber.objects.update_or_create(
            digest=digest,
            defaults={
                "erased_at": timezone.now(),
                "remote_hash": subscriber_hash(subscriber.email) if backend.syncs_remote else "",
                "remote_deleted": not backend.syncs_remote,
                "attempts": 0,
                "next_attempt_at": None,
                "last_error": "",
            },
        )
        _scrub_traces(subscriber)
        Subscriber.objects.filter(pk=subscriber.pk).delete()
        _on_commit(lambda: backend.after_erase(tombstone))
    return tombstone


def _scrub_traces(subscriber: Subscriber) -> None:
    """Rows that outlive the erasure (admin log entries, delivery records) keep no address."""
    import json

    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import ModelLogEntry

    from .models.campaigns import Delivery

    Delivery.objects.filter(subscriber=subscriber).update(error="")
    entries = ModelLogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Subscriber), object_id=str(subscriber.pk)
    )
    address = subscriber.email.lower()
    for entry in entries:
        entry.label = str(subscriber)
        if address in json.dumps(entry.data or {}, default=str).lower():
            entry.data = {}
        entry.save(update_fields=["label", "data"])


def apply_remote_state(
    subscriber: Subscriber,
    *,
    status: str | None = None,
    first_name: str | None = None,
    email: str | None = None,
    remote: dict | None = None,
    confirmed_at: datetime | None = None,
    force: bool = False,
) -> bool:
    """Apply what Mailchimp says about this subscriber (webhook or pull) with one conditional UPDATE.

    An unsubscribe made on the site and not yet pushed wins over a remote 'subscribed': nobody is
    mailed after saying no. The update only lands if the row did not change since it was read
    (`sync_version`); the caller may retry with a fresh row. Returns True when a row was written.
    """
    now = timezone.now()
    changes: dict = {}
    if (
        status
        and status != subscriber.status
        and not (
            not force
            and subscriber.needs_push
            and subscriber.status == SubscriberStatus.UNSUBSCRIBED
            and status in (SubscriberStatus.SUBSCRIBED, SubscriberStatus.PENDING)
        )
    ):
        changes["status"] = status
        if status == SubscriberStatus.SUBSCRIBED:
            changes["confirmed_at"] = subscriber.confirmed_at or confirmed_at or now
            changes["unsubscribed_at"] = None
        elif status == SubscriberStatus.UNSUBSCRIBED:
            changes["unsubscribed_at"] = now
    if first_name is not None:
        first_name = first_name.strip()[:FIRST_NAME_MAX_LENGTH]
        if first_name and first_name != subscriber.first_name:
            changes["first_name"] = first_name
    if email:
        email = normalise_email(email)
        if email != subscriber.email:
            changes["email"] = email
    if remote:
        changes.update(remote)
    if not changes:
        return False
    if set(changes) - {"remote_status", "remote_last_changed", "remote_contact_id", "synced_at"}:
        changes["sync_version"] = F("sync_version") + 1
    changes["updated_at"] = now
    if subscriber.sync_failed and "status" in changes:
        # Mailchimp has this address after all: its state is the truth, nothing left to push.
        changes.update(needs_push=False, sync_failed=False, last_error="")
    try:
        with transaction.atomic():
            updated = Subscriber.objects.filter(
                pk=subscriber.pk, sync_version=subscriber.sync_version
            ).update(**changes)
    except IntegrityError:
        # The new address already has its own subscriber row: that row is the person now.
        Subscriber.objects.filter(pk=subscriber.pk).delete()
        return True
    return bool(updated)
