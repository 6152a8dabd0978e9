"""Background work of the monthly update (django-tasks, on the newsletter's task backend alias).

* `deliver_batch`: one batch of a local send; queues the next batch until none is pending.
* `start_due_campaign`: starts a scheduled local send when its time has come.
* `campaign_maintenance`: every few minutes starts due local sends, resumes local sends whose
  worker died, follows Mailchimp campaigns (scheduled -> sent, reports), then queues itself again.
* `prepare_monthly_newsletter`: on the first working day of the month makes the draft and tells
  the Communicatie group; then queues itself for the next month.

`manage.py newsletter_prepare_monthly --schedule` queues both recurring tasks once (idempotent).
"""

from __future__ import annotations

import logging
from datetime import timedelta

from django.conf import settings
from django.db.models import Max, Q
from django.utils import timezone
from django_tasks import task

from .campaigns.backends.base import CampaignError
from .models.campaigns import CampaignState, NewsletterCampaign
from .tasks import _backend, enqueue, task_backend_alias

logger = logging.getLogger(__name__)

RETRY_DELAY = timedelta(minutes=1)
STALLED_AFTER = timedelta(minutes=5)
REPORT_DAYS = 30
REPORT_EVERY = timedelta(hours=1)
DEFAULT_MAINTENANCE_INTERVAL = 5 * 60


@task()
def deliver_batch(campaign_id: int) -> dict:
    from .campaigns.backends.local import deliver

    result = deliver(campaign_id)
    if result.get("retry"):
        enqueue(deliver_batch, campaign_id, run_after=timezone.now() + RETRY_DELAY)
    elif result.get("more"):
        enqueue(deliver_batch, campaign_id)
    return result


def queue_due_start(campaign_id: int, when) -> None:
    enqueue(start_due_campaign, campaign_id, run_after=when)


@task()
def start_due_campaign(campaign_id: int) -> bool:
    from .campaigns.service import start_due

    return start_due(campaign_id)


def resume_local(campaign, *, force=False) -> bool:
    """Queue delivery again for a local send that stopped (a worker died or was stopped). With
    `force`, deliveries left "sending" by the dead worker are marked unknown at once (the caller
    knows no worker is running); otherwise only after they are stale."""
    from .campaigns.backends.local import finish_if_done, mark_stale_claims

    if campaign.backend != "local" or campaign.state != CampaignState.SENDING:
        return False
    mark_stale_claims(campaign, older_than=None if force else STALLED_AFTER * 3)
    if finish_if_done(campaign):
        return False
    enqueue(deliver_batch, campaign.pk)
    return True


def run_maintenance(*, now=None) -> dict:
    from .campaigns.backends import get_backend
    from .campaigns.service import publish_sent_revision, start_due

    now = now or timezone.now()
    summary = {"started": 0, "resumed": 0, "refreshed": 0, "errors": []}
    due = NewsletterCampaign.objects.filter(
        backend="local", state=CampaignState.SCHEDULED, scheduled_for__lte=now
    ).values_list("pk", flat=True)
    for pk in list(due):
        summary["started"] += int(start_due(pk, now=now))

    stalled_before = now - STALLED_AFTER
    sending = NewsletterCampaign.objects.filter(backend="local", state=CampaignState.SENDING).annotate(
        last_activity=Max("deliveries__claimed_at"), last_sent=Max("deliveries__sent_at")
    )
    for campaign in sending:
        latest = max(filter(None, [campaign.last_activity, campaign.last_sent, campaign.started_at]), default=None)
        if latest is None or latest < stalled_before:
            summary["resumed"] += int(resume_local(campaign))

    followed = NewsletterCampaign.objects.filter(backend="mailchimp").filter(
        Q(state__in=[CampaignState.SCHEDULED, CampaignState.SENDING])
        | Q(
            state=CampaignState.SENT,
            sent_at__gte=now - timedelta(days=REPORT_DAYS),
        )
        & (Q(report_updated_at__isnull=True) | Q(report_updated_at__lt=now - REPORT_EVERY))
    )
    for campaign in followed.select_related("page", "revision"):
        try:
            get_backend(campaign.backend).refresh(campaign)
            campaign.refresh_from_db()
            if campaign.state in (CampaignState.SENDING, CampaignState.SENT):
                publish_sent_revision(campaign)
            summary["refreshed"] += 1
        except CampaignError as error:
            summary["errors"].append(error.message)
    return summary


def maintenance_interval() -> int:
    return int(getattr(settings, "NEWSLETTER_CAMPAIGN_INTERVAL", None) or DEFAULT_MAINTENANCE_INTERVAL)


def _queued(task_obj) -> bool:
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.filter(
        task_path=task_obj.module_path, status="READY", backend_name=task_backend_alias()
    ).exists()


def schedule_next(task_obj, run_after) -> bool:
    """Queue `task_obj` for `run_after` unless a run is already waiting (database backend only)."""
    backend = _backend()
    if backend is None or not backend.supports_defer or _queued(task_obj):
        return False
    return enqueue(task_obj, run_after=run_after) is not None


def schedule_campaign_jobs(*, now=None) -> dict:
    """Queue the recurring tasks once each (idempotent)."""
    from .campaigns.monthly import next_run_after

    now = now or timezone.now()
    return {
        "maintenance": schedule_next(campaign_maintenance, now + timedelta(seconds=maintenance_interval())),
        "monthly": schedule_next(prepare_monthly_newsletter, next_run_after(now)),
    }


@task()
def campaign_maintenance() -> dict:
    try:
        return run_maintenance()
    finally:
        schedule_next(campaign_maintenance, timezone.now() + timedelta(seconds=maintenance_interval()))


@task()
def prepare_monthly_newsletter() -> dict:
    """Runs on the first working day of the month; makes the draft unless it exists."""
    from .campaigns.monthly import next_run_after, prepare_monthly

    try:
        page, created = prepare_monthly()
        return {"page": page.pk, "created": created}
    finally:
        schedule_next(prepare_monthly_newsletter, next_run_after(timezone.now()))

