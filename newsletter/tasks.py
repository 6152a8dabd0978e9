"""Background work of the newsletter sign-ups (django-tasks).

Production runs the database backend with `manage.py db_worker`. The tasks use the backend alias in
`settings.NEWSLETTER_TASK_BACKEND` ("default" unless set), so tests can queue on the "database"
alias and run the real worker in batch mode.

Retry policy: a failed push records the error on the subscriber and, when the backend can defer
work, re-enqueues itself after a backoff (30 s doubling to an hour, jittered) up to
TASK_RETRIES times. After that, and for anything a lost task left behind, the periodic
`sync_audience` (every NEWSLETTER_SYNC_INTERVAL seconds, see `maintenance`) pushes every subscriber
whose next attempt is due. Permanent failures wait for staff ("Opnieuw synchroniseren").
"""

from __future__ import annotations

import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django_tasks import task
from django_tasks.backends.base import BaseTaskBackend
from django_tasks.exceptions import InvalidTaskBackendError

from .backends import get_backend
from .backends.base import next_attempt
from .mailchimp import MailchimpError
from .models import ErasedSubscriber, Subscriber, SubscriberStatus, SyncState

logger = logging.getLogger(__name__)

TASK_RETRIES = 8
UNCONFIRMED_DAYS = 30
DEFAULT_SYNC_INTERVAL = 15 * 60


def task_backend_alias() -> str:
    return getattr(settings, "NEWSLETTER_TASK_BACKEND", None) or "default"


def _backend() -> BaseTaskBackend | None:
    from django_tasks import task_backends

    try:
        return task_backends[task_backend_alias()]
    except InvalidTaskBackendError:
        return None


def enqueue(task_obj, *args, run_after=None):
    """Enqueue on the newsletter's backend alias. Deferred runs are skipped on backends that cannot
    defer (the immediate backend of the test settings): the periodic sync retries those instead."""
    backend = _backend()
    if run_after is not None and (backend is None or not backend.supports_defer):
        return None
    try:
        return task_obj.using(backend=task_backend_alias(), run_after=run_after).enqueue(*args)
    except Exception:
        # The sign-up is committed; a task that cannot be queued is picked up by the next sync.
        logger.exception("newsletter: could not enqueue %s", task_obj.name)
        return None


@task()
def send_confirmation(subscriber_id: int) -> str:
    """Local backend: mail the double opt-in link."""
    from wagtail.models import Site

    from home.models import SiteSettings

    from .tokens import confirm_url, unsubscribe_url

    subscriber = Subscriber.objects.filter(pk=subscriber_id).first()
    if subscriber is None or subscriber.status != SubscriberStatus.PENDING:
        return "skipped"
    site = Site.objects.filter(is_default_site=True).first()
    site_settings = SiteSettings.for_site(site) if site else None
    from_name = getattr(site_settings, "newsletter_from_name", "") or "Twentse Koers"
    context = {
        "subscriber": subscriber,
        "confirm_url": confirm_url(subscriber),
        "unsubscribe_url": unsubscribe_url(subscriber),
        "from_name": from_name,
        "valid_days": 7,
    }
    subject = render_to_string("newsletter/email/confirm_subject.txt", context).strip()
    message = EmailMessage(
        subject=subject,
        body=render_to_string("newsletter/email/confirm.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[subscriber.email],
        reply_to=[site_settings.newsletter_reply_to]
        if site_settings and site_settings.newsletter_reply_to
        else None,
        headers={"Auto-Submitted": "auto-generated"},
    )
    message.send()
    Subscriber.objects.filter(pk=subscriber.pk).update(confirmation_sent_at=timezone.now())
    return "sent"


@task()
def push_subscriber(subscriber_id: int) -> str:
    """Push one subscriber's state to Mailchimp; retries itself on transient failures."""
    backend = get_backend()
    if not backend.syncs_remote:
        return "local"
    subscriber = Subscriber.objects.filter(pk=subscriber_id).first()
    if subscriber is None or not subscriber.needs_push or subscriber.sync_failed:
        return "nothing to do"
    try:
        backend.push(subscriber)
    except MailchimpError as exc:
        attempts = subscriber.sync_attempts + 1
        when = None if exc.permanent else next_attempt(attempts)
        from .models.subscribers import bump_attempt

        bump_attempt([subscriber.pk], exc.message, permanent=exc.permanent, when=when)
        if exc.permanent:
            logger.warning("newsletter: Mailchimp refused subscriber %s: %s", subscriber.pk, exc)
            return "failed"
        if attempts < TASK_RETRIES:
            enqueue(push_subscriber, subscriber.pk, run_after=when)
        return "deferred"
    return "pushed"


@task()
def erase_remote(tombstone_id: int) -> str:
    """Permanently delete an erased subscriber in Mailchimp; retries on transient failures."""
    tombstone = ErasedSubscriber.objects.filter(pk=tombstone_id).first()
    if tombstone is None or tombstone.remote_deleted:
        return "nothing to do"
    backend = get_backend()
    if not backend.syncs_remote:
        return "local"
    try:
        backend.erase_remote(tombstone)
    except MailchimpError as exc:
        attempts = tombstone.attempts + 1
        when = next_attempt(attempts)
        ErasedSubscriber.objects.filter(pk=tombstone.pk).update(
            attempts=attempts,
            last_error=exc.message[:2000],
            next_attempt_at=None if exc.permanent else when,
        )
        if exc.transient and attempts < TASK_RETRIES:
            enqueue(erase_remote, tombstone.pk, run_after=when)
        return "failed" if exc.permanent else "deferred"
    return "erased"


def run_sync(*, now=None, respect_backoff: bool = True) -> dict:
    """Push everything due, finish erasures, then pull changes from Mailchimp. Returns a summary.

    The periodic run respects each subscriber's backoff; an operator's `newsletter_sync` does not
    (`respect_backoff=False`): it pushes everything not yet synced, now."""
    backend = get_backend()
    summary: dict = {"backend": backend.name}
    if not backend.syncs_remote:
        return summary
    due = (now or timezone.now()) if respect_backoff else None
    state = SyncState.current()
    errors = []
    push = backend.push_pending(now=due)
    summary["push"] = push.as_dict()
    if push.error:
        errors.append(push.error)
    erased = 0
    if not push.aborted:
        for tombstone in ErasedSubscriber.objects.filter(remote_deleted=False).exclude(
            remote_hash=""
        ):
            if due and tombstone.next_attempt_at and tombstone.next_attempt_at > due:
                continue
            try:
                backend.erase_remote(tombstone)
                erased += 1
            except MailchimpError as exc:
                ErasedSubscriber.objects.filter(pk=tombstone.pk).update(
                    attempts=tombstone.attempts + 1, last_error=exc.message[:2000]
                )
                if exc.transient:
                    errors.append(exc.message)
                    break
    summary["erased"] = erased
    if not push.aborted:
        try:
            pull = backend.pull()
            summary["pull"] = pull.as_dict()
        except MailchimpError as exc:
            errors.append(exc.message)
            summary["pull"] = {"error": exc.message}
    summary["calls"] = backend.calls
    finished = timezone.now()
    SyncState.objects.filter(pk=state.pk).update(
        last_run_at=finished,
        last_error="\n".join(errors)[:2000],
        last_summary=summary,
        **({} if errors else {"last_success_at": finished}),
    )
    return summary


@task()
def sync_audience() -> dict:
    return run_sync()


def cleanup_unconfirmed(*, days: int = UNCONFIRMED_DAYS, now=None) -> int:
    """Delete sign-ups never confirmed within `days` (they never consented fully). Returns the count.

    Only local rows go: Mailchimp keeps its own pending members out of every campaign, and its
    archive call refuses pending members anyway."""
    moment = (now or timezone.now()) - timedelta(days=days)
    with transaction.atomic():
        deleted, _ = Subscriber.objects.unconfirmed_before(moment).delete()
    return deleted


@task()
def cleanup_task() -> int:
    return cleanup_unconfirmed()


def sync_interval() -> int:
    return int(getattr(settings, "NEWSLETTER_SYNC_INTERVAL", None) or DEFAULT_SYNC_INTERVAL)


def schedule_maintenance(*, delay: int | None = None) -> bool:
    """Make sure exactly one future `maintenance` run is queued (database backend only)."""
    backend = _backend()
    if backend is None or not backend.supports_defer:
        return False
    from django_tasks_db.models import DBTaskResult

    path = maintenance.module_path
    queued = DBTaskResult.objects.filter(
        task_path=path, status="READY", backend_name=task_backend_alias()
    ).exists()
    if queued:
        return False
    run_after = timezone.now() + timedelta(seconds=sync_interval() if delay is None else delay)
    return enqueue(maintenance, run_after=run_after) is not None


@task()
def maintenance() -> dict:
    """The schedule: sync with Mailchimp and remove stale sign-ups, then queue the next run.

    Started once with `manage.py newsletter_sync --schedule` (idempotent: `make run` and deploys
    may call it every time); it then re-enqueues itself every NEWSLETTER_SYNC_INTERVAL seconds."""
    try:
        summary = run_sync()
        summary["removed_unconfirmed"] = cleanup_unconfirmed()
    finally:
        schedule_maintenance()
    return summary
