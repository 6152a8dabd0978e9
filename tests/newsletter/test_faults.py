"""Fault runs: 50 sign-ups while Mailchimp is down, slow, or failing half the time. The tasks are
queued on the real django-tasks database backend and run by `manage.py db_worker --batch`; failed
pushes re-enqueue themselves with a backoff (the batch worker then exits: those runs are in the
future). After recovery one `newsletter_sync` must leave all 50 in the audience exactly once,
each with exactly one opt-in mail, and none lost locally.

50 rather than the 200 of earlier versions: every sign-up is pushed, failed, retried and synced on
its own (no batch or page boundary of the sync lies between 50 and 200), so the larger number only
repeated the same path and cost half a minute."""

from __future__ import annotations

import time

import pytest
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from newsletter.models import Subscriber, SubscriberStatus
from tests.newsletter.helpers import sign_up

N = 50


# serialized_rollback: after the flush, later serialized_rollback tests (browser) can restore the
# initial data without clashing with content types a plain flush re-creates.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize(
    "phases",
    [
        pytest.param([("down", 1.0, 0, None)], id="down"),
        pytest.param([("slow", 1.0, 0.1, None)], id="slow"),
        pytest.param([("429", 0.5, 0, N // 2), ("500", 0.5, 0, None)], id="429-then-500-half"),
    ],
)
def test_signups_survive_a_mailchimp_fault(
    client, mailchimp_settings, queued, settings, phases
):
    mc = mailchimp_settings
    mode, rate, delay, _ = phases[0]
    mc.set_fault(mode, rate=rate, delay=delay)
    emails = [f"lezer{i}@example.org" for i in range(N)]
    for email in emails:
        assert sign_up(client, email).status_code == 302
    assert Subscriber.objects.count() == N
    assert DBTaskResult.objects.filter(task_path="newsletter.tasks.push_subscriber").count() == N

    # The worker runs every push now due (phase by phase); failures re-enqueue themselves for later.
    for mode, rate, delay, max_tasks in phases:
        mc.set_fault(mode, rate=rate, delay=delay)
        settings.MAILCHIMP_TIMEOUT = (
            delay / 5 if mode == "slow" else 5
        )  # slow: answers come too late
        queued(max_tasks)

    failed_now = Subscriber.objects.filter(needs_push=True).count()
    if len(phases) == 1:
        assert failed_now == N
    else:
        assert 0 < failed_now < N  # about half got through
    assert not Subscriber.objects.filter(sync_failed=True).exists()  # transient, never permanent
    retries = DBTaskResult.objects.filter(
        task_path="newsletter.tasks.push_subscriber", status="READY"
    )
    assert retries.count() == failed_now
    assert all(r.run_after > r.enqueued_at for r in retries)

    mc.set_fault(None)
    settings.MAILCHIMP_TIMEOUT = 5
    time.sleep(
        max(p[2] for p in phases) * 2
    )  # let answers we stopped waiting for finish inside the emulator
    call_command("newsletter_sync", verbosity=0)

    members = mc.members()
    assert sorted(m["email_address"] for m in members) == sorted(emails)
    assert all(m["status"] == "pending" for m in members)
    sends = [s["email"] for s in mc.confirmation_sends]
    assert sorted(sends) == sorted(emails)  # one opt-in mail each: no duplicates
    assert Subscriber.objects.count() == N
    assert not Subscriber.objects.filter(needs_push=True).exists()
    assert set(Subscriber.objects.values_list("status", flat=True)) == {SubscriberStatus.PENDING}

    # The retries still queued find nothing left to do and do not call Mailchimp again.
    retry_ids = list(retries.values_list("id", flat=True))
    DBTaskResult.objects.filter(id__in=retry_ids).update(
        run_after=DBTaskResult.objects.earliest("enqueued_at").enqueued_at
    )
    queued()
    finished = DBTaskResult.objects.filter(id__in=retry_ids)
    assert {(r.status, r.return_value) for r in finished} == {("SUCCESSFUL", "nothing to do")}
    assert len(mc.members()) == N
