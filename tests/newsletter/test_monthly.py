"""Preparing the monthly update: a draft for the month with last month's published news and
stories, the Communicatie group told, one draft however often it runs, and the schedule on the
first working day of the month."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.core.management import CommandError, call_command
from django.utils import timezone
from wagtail.models import PageViewRestriction

from newsletter.campaign_tasks import prepare_monthly_newsletter, schedule_campaign_jobs
from newsletter.campaigns.monthly import first_working_day, next_run_after, prepare_monthly
from newsletter.campaigns.permissions import GROUP_NAME
from newsletter.models import NewsletterPage
from tests.news.factories import NewsPageFactory
from tests.newsletter.page_factories import news_item, newsletter_site

NOVEMBER = dt.date(2026, 11, 1)


@pytest.fixture
def site(site_root, django_user_model):
    index, news_index = newsletter_site(site_root)
    communicatie = Group.objects.get(name=GROUP_NAME)
    for name in ("anna", "bram"):
        user = django_user_model.objects.create_user(name, f"{name}@twentsekoers.nl", "x")
        user.groups.add(communicatie)
    django_user_model.objects.create_user("buiten", "buiten@twentsekoers.nl", "x")
    inactive = django_user_model.objects.create_user(
        "weg", "weg@twentsekoers.nl", "x", is_active=False
    )
    inactive.groups.add(communicatie)
    return index, news_index


@pytest.fixture
def october_news(site):
    _index, news_index = site
    made = {
        "oct_news": news_item(news_index, title="Oktobernieuws", date=dt.date(2026, 10, 20)),
        "oct_story": news_item(
            news_index,
            title="Verhaal uit oktober",
            date=dt.date(2026, 10, 5),
            kind="projectverhaal",
        ),
        "oct_first": news_item(news_index, title="Begin oktober", date=dt.date(2026, 10, 1)),
        "september": news_item(news_index, title="Septembernieuws", date=dt.date(2026, 9, 30)),
        "november": news_item(news_index, title="Novembernieuws", date=dt.date(2026, 11, 1)),
    }
    draft = NewsPageFactory(
        parent=news_index, title="Concept oktober", date=dt.date(2026, 10, 10), live=False
    )
    private = news_item(news_index, title="Besloten oktober", date=dt.date(2026, 10, 11))
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    made["draft"], made["private"] = draft, private
    return made


def test_first_working_day_skips_weekends_and_holidays():
    assert first_working_day(2027, 1) == dt.date(2027, 1, 4)  # Fri 1 Jan is New Year's Day
    assert first_working_day(2024, 4) == dt.date(2024, 4, 2)  # Mon 1 April 2024 is Easter Monday
    assert first_working_day(2025, 6) == dt.date(2025, 6, 2)  # Sunday
    assert first_working_day(2026, 11) == dt.date(2026, 11, 2)
    assert first_working_day(2026, 12) == dt.date(2026, 12, 1)


def test_next_run_after_is_the_next_first_working_day_morning():
    tz = timezone.get_current_timezone()
    assert next_run_after(dt.datetime(2026, 10, 15, 12, tzinfo=tz)) == dt.datetime(
        2026, 11, 2, 7, tzinfo=tz
    )
    assert next_run_after(dt.datetime(2026, 11, 2, 6, tzinfo=tz)) == dt.datetime(
        2026, 11, 2, 7, tzinfo=tz
    )
    assert next_run_after(dt.datetime(2026, 12, 31, 23, tzinfo=tz)) == dt.datetime(
        2027, 1, 4, 7, tzinfo=tz
    )


@pytest.mark.django_db
def test_draft_has_last_months_published_news_and_stories(october_news):
    page, created = prepare_monthly(NOVEMBER)
    assert created and not page.live
    assert page.title == "Nieuwsbrief november 2026" and page.issue_month == NOVEMBER
    assert page.get_latest_revision() is not None
    chosen = [block.value["page"].title for block in page.body if block.block_type == "news_item"]
    assert chosen == [
        "Oktobernieuws",
        "Begin oktober",
        "Verhaal uit oktober",
    ]  # news first, newest first
    kinds = [block.block_type for block in page.body]
    assert kinds[-2:] == ["forward", "signup"]


@pytest.mark.django_db
def test_the_communicatie_group_is_told(october_news):
    page, _created = prepare_monthly(NOVEMBER)
    assert sorted(message.to[0] for message in mail.outbox) == [
        "anna@twentsekoers.nl",
        "bram@twentsekoers.nl",
    ]
    message = mail.outbox[0]
    assert "Nieuwsbrief november 2026" in message.subject
    assert f"/admin/pages/{page.pk}/edit/" in message.body and "3 berichten" in message.body


@pytest.mark.django_db
def test_twice_for_one_month_makes_one_draft(october_news):
    first, created = prepare_monthly(NOVEMBER)
    mail.outbox.clear()
    second, created_again = prepare_monthly(NOVEMBER)
    assert created and not created_again and first.pk == second.pk
    assert NewsletterPage.objects.filter(issue_month=NOVEMBER).count() == 1
    assert not mail.outbox, "no second notification"
    december, made = prepare_monthly(dt.date(2026, 12, 1))
    assert made and december.pk != first.pk


@pytest.mark.django_db
def test_command(october_news, capsys):
    call_command("newsletter_prepare_monthly", "--month", "2026-11")
    call_command("newsletter_prepare_monthly", "--month", "2026-11", "--no-notify")
    out = capsys.readouterr().out
    assert (
        "Created: Nieuwsbrief november 2026" in out
        and "Already there: Nieuwsbrief november 2026" in out
    )
    assert NewsletterPage.objects.count() == 1
    with pytest.raises(CommandError, match="2026-11"):
        call_command("newsletter_prepare_monthly", "--month", "november")


@pytest.mark.django_db
def test_without_the_newsletter_page_the_command_says_so(site_root):
    with pytest.raises(CommandError, match="nieuwsbriefpagina"):
        call_command("newsletter_prepare_monthly")


@pytest.mark.django_db
def test_task_makes_this_months_draft(site):
    result = prepare_monthly_newsletter.call()
    assert result["created"]
    page = NewsletterPage.objects.get(pk=result["page"])
    assert page.issue_month == timezone.localdate().replace(day=1)
    assert prepare_monthly_newsletter.call() == {"page": page.pk, "created": False}


@pytest.mark.django_db
def test_schedule_queues_each_recurring_task_once(settings):
    from django_tasks_db.models import DBTaskResult

    settings.NEWSLETTER_TASK_BACKEND = "database"
    now = timezone.make_aware(dt.datetime(2026, 10, 15, 12))
    assert schedule_campaign_jobs(now=now) == {"maintenance": True, "monthly": True}
    assert schedule_campaign_jobs(now=now) == {"maintenance": False, "monthly": False}
    monthly = DBTaskResult.objects.get(task_path=prepare_monthly_newsletter.module_path)
    assert monthly.run_after == timezone.make_aware(dt.datetime(2026, 11, 2, 7))
    call_command("newsletter_prepare_monthly", "--schedule")
    assert DBTaskResult.objects.count() == 2
