"""Scheduled publishing runs by itself: the recurring `home.tasks.publish_scheduled` task on the real
database task backend, run by `manage.py db_worker --batch`, queued once by `schedule_publishing`."""

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from home.models import ContentPage
from home.tasks import PUBLISH_INTERVAL, publish_scheduled, schedule_site_jobs
from tests.factories import ContentPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def database_tasks(settings):
    settings.SITE_TASK_BACKEND = "database"


def run_worker():
    call_command(
        "db_worker",
        "--backend=database",
        "--batch",
        "--no-startup-delay",
        "--interval=0",
        "--no-reload",
        verbosity=0,
    )


def ready_runs():
    return DBTaskResult.objects.filter(task_path=publish_scheduled.module_path, status="READY")


def scheduled_page(parent, go_live):
    """A draft page an editor scheduled: its approved revision waits for `go_live`."""
    page = ContentPageFactory(parent=parent, title="Toegankelijkheid", slug="toegankelijkheid", live=False)
    page.go_live_at = go_live
    page.save_revision().publish()
    page.refresh_from_db()
    assert not page.live
    return page


def make_due(page):
    """Time passes: move the approved go-live moment into the past instead of sleeping."""
    past = timezone.now() - timedelta(seconds=1)
    revision = page.get_latest_revision()
    revision.approved_go_live_at = past
    revision.content["go_live_at"] = past.isoformat()
    revision.save(update_fields=["approved_go_live_at", "content"])


# The worker closes database connections between tasks, as in production: a transactional test
# (restoring the migrations' data afterwards) keeps that working on PostgreSQL.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_worker_publishes_a_page_whose_go_live_time_has_passed(site_root, database_tasks):
    page = scheduled_page(site_root, timezone.now() + timedelta(hours=2))
    call_command("schedule_publishing", stdout=io.StringIO())

    run_worker()  # the first run: nothing is due yet
    page.refresh_from_db()
    assert not page.live
    nxt = ready_runs().get()
    assert nxt.run_after > timezone.now() + PUBLISH_INTERVAL - timedelta(seconds=10)

    make_due(page)
    ready_runs().update(run_after=timezone.now() - timedelta(seconds=1))  # a minute passes
    run_worker()
    page.refresh_from_db()
    assert page.live
    assert ContentPage.objects.live().filter(pk=page.pk).exists()
    assert DBTaskResult.objects.filter(task_path=publish_scheduled.module_path, status="SUCCESSFUL").count() == 2
    assert ready_runs().count() == 1, "the task queued its next run"


def test_task_publishes_due_pages_and_not_early_ones(site_root, database_tasks):
    due = scheduled_page(site_root, timezone.now() + timedelta(hours=2))
    make_due(due)
    later = ContentPageFactory(parent=site_root, title="Later", slug="later", live=False)
    later.go_live_at = timezone.now() + timedelta(days=1)
    later.save_revision().publish()

    assert publish_scheduled.call() == {"due": 1}
    due.refresh_from_db()
    later.refresh_from_db()
    assert due.live and not later.live
    assert ready_runs().count() == 1


def test_queueing_twice_keeps_one_queued_run(database_tasks):
    first = io.StringIO()
    call_command("schedule_publishing", stdout=first)
    second = io.StringIO()
    call_command("schedule_publishing", stdout=second)
    assert "Queued: publish_scheduled" in first.getvalue()
    assert "already queued" in second.getvalue()
    assert ready_runs().count() == 1
    publish_scheduled.call()  # a run while one is queued does not add another
    assert ready_runs().count() == 1


def test_no_schedule_on_a_backend_that_cannot_defer():
    assert schedule_site_jobs() == {"publish_scheduled": False}  # test settings: immediate backend
    assert not ready_runs().exists()
