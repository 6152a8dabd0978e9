"""newsletter_cleanup (unconfirmed sign-ups older than 30 days) and the schedule of the periodic
maintenance task (sync + cleanup) on the database task backend."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from newsletter.models import Subscriber, SubscriberStatus
from newsletter.tasks import cleanup_unconfirmed, maintenance, schedule_maintenance
from tests.newsletter.factories import SubscriberFactory

pytestmark = pytest.mark.django_db


def test_cleanup_removes_only_unconfirmed_signups_older_than_30_days(capsys):
    old = timezone.now() - timedelta(days=31)
    stale = SubscriberFactory(status=SubscriberStatus.PENDING, consented_at=old)
    fresh = SubscriberFactory(
        status=SubscriberStatus.PENDING, consented_at=timezone.now() - timedelta(days=29)
    )
    confirmed = SubscriberFactory(status=SubscriberStatus.SUBSCRIBED, consented_at=old)
    gone = SubscriberFactory(status=SubscriberStatus.UNSUBSCRIBED, consented_at=old)
    call_command("newsletter_cleanup")
    assert "1 onbevestigde aanmelding(en) verwijderd." in capsys.readouterr().out
    assert set(Subscriber.objects.values_list("pk", flat=True)) == {fresh.pk, confirmed.pk, gone.pk}
    assert not Subscriber.objects.filter(pk=stale.pk).exists()
    assert cleanup_unconfirmed() == 0


def test_schedule_queues_one_maintenance_run_only(settings):
    settings.NEWSLETTER_TASK_BACKEND = "database"
    call_command("newsletter_sync", "--schedule")
    call_command("newsletter_sync", "--schedule")
    queued = DBTaskResult.objects.filter(task_path=maintenance.module_path, status="READY")
    assert queued.count() == 1


def test_maintenance_syncs_cleans_up_and_queues_its_next_run(settings):
    settings.NEWSLETTER_TASK_BACKEND = "database"
    settings.NEWSLETTER_SYNC_INTERVAL = 900
    SubscriberFactory(
        status=SubscriberStatus.PENDING, consented_at=timezone.now() - timedelta(days=40)
    )
    before = timezone.now()
    summary = maintenance.call()
    assert summary["removed_unconfirmed"] == 1
    assert summary["backend"] == "local"
    nxt = DBTaskResult.objects.get(task_path=maintenance.module_path, status="READY")
    assert nxt.run_after >= before + timedelta(seconds=899)


def test_no_schedule_on_a_backend_that_cannot_defer():
    assert schedule_maintenance() is False  # test settings: "default" is the immediate backend
