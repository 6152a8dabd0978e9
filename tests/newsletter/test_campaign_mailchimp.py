"""Sending the monthly update as a Mailchimp campaign, against the Mailchimp emulator with the
official client (never mocked): settings and content, test, schedule, unschedule, send, report,
errors shown to the editor, and nothing sent twice."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Site

from newsletter.campaigns import service
from newsletter.campaigns.backends.base import CampaignError
from newsletter.campaigns.permissions import GROUP_NAME, ensure_group
from newsletter.email import render_newsletter
from newsletter.models import NewsletterCampaign
from tests.newsletter.page_factories import (
    NewsletterPageFactory,
    full_body,
    make_image,
    news_item,
    newsletter_site,
    sender_settings,
)


@pytest.fixture
def audience(mailchimp_settings):
    for n in range(3):
        mailchimp_settings.add_member(f"lid{n}@twentsekoers.nl", "subscribed")
    mailchimp_settings.add_member("wacht@twentsekoers.nl", "pending")
    return mailchimp_settings


@pytest.fixture
def issue(site_root):
    index, news_index = newsletter_site(site_root)
    news = news_item(news_index, image=make_image())
    page = NewsletterPageFactory(
        parent=index,
        subject="Twentse Koers in november",
        preview_text="Huisbezoek werkt.",
        body=full_body(news),
    )
    page.save_revision()
    return page


def campaign_posts(emulator):
    return [r for r in emulator.request_log if r.method == "POST" and r.path == "/campaigns"]


def next_quarter(hours=2):
    moment = timezone.now() + dt.timedelta(hours=hours)
    return moment.replace(minute=15, second=0, microsecond=0)


@pytest.mark.django_db
def test_test_mail_creates_the_campaign_with_settings_and_content(audience, issue):
    outcome = service.send_test(issue, "redactie@twentsekoers.nl, lid0@twentsekoers.nl")
    assert "redactie@twentsekoers.nl" in outcome.message
    [campaign] = audience.campaigns()
    assert campaign["type"] == "regular"
    assert campaign["recipients"]["list_id"] == audience.list_id
    settings = campaign["settings"]
    assert settings["subject_line"] == "Twentse Koers in november"
    assert settings["preview_text"] == "Huisbezoek werkt."
    assert settings["from_name"] == "Twentse Koers"
    assert settings["reply_to"] == "nieuwsbrief@twentsekoers.nl"
    content = audience.campaign_content(campaign["id"])
    expected = render_newsletter(issue.get_latest_revision().as_object()).personalise("*|UNSUB|*")
    assert content["html"] == expected.html
    assert content["plain_text"] == expected.text
    assert 'href="*|UNSUB|*"' in content["html"]
    [test] = audience.test_sends
    assert test["test_emails"] == ["redactie@twentsekoers.nl", "lid0@twentsekoers.nl"]
    record = NewsletterCampaign.objects.get(page=issue)
    assert record.remote_id == campaign["id"] and record.state == "draft"
    assert record.archive_url.startswith("https://") and record.remote_web_id
    # A second test updates the same campaign instead of making another.
    issue.subject = "Nieuw onderwerp"
    issue.save_revision()
    service.send_test(issue, ["redactie@twentsekoers.nl"])
    assert len(audience.campaigns()) == 1 and len(campaign_posts(audience)) == 1
    assert audience.campaigns()[0]["settings"]["subject_line"] == "Nieuw onderwerp"


@pytest.mark.django_db
def test_schedule_on_the_quarter_hour_then_unschedule(audience, issue):
    with pytest.raises(CampaignError, match="kwartier"):
        service.schedule(issue, next_quarter().replace(minute=10))
    assert not audience.campaigns(), "an off-grid time is refused before any call"
    when = next_quarter()
    outcome = service.schedule(issue, when)
    assert "Ingepland" in outcome.message
    [campaign] = audience.campaigns()
    assert campaign["status"] == "schedule"
    assert dt.datetime.fromisoformat(campaign["send_time"]) == when
    record = NewsletterCampaign.objects.get(page=issue)
    assert record.state == "scheduled" and record.scheduled_for == when
    assert record.revision_id == issue.get_latest_revision().pk
    with pytest.raises(CampaignError, match="al ingepland"):
        service.send_now(issue)
    with pytest.raises(CampaignError, match="al ingepland"):
        service.schedule(issue, when + dt.timedelta(hours=1))
    service.unschedule(issue)
    assert audience.campaigns()[0]["status"] == "save"
    record.refresh_from_db()
    assert record.state == "draft" and record.scheduled_for is None and record.revision_id is None
    assert not audience.campaign_sends


@pytest.mark.django_db
def test_scheduled_campaign_sent_by_mailchimp_is_followed_and_archived(audience, issue):
    when = next_quarter(hours=1)
    service.schedule(issue, when)
    audience.advance(2 * 3600)
    assert len(audience.campaign_sends) == 1
    service.refresh(issue)
    record = NewsletterCampaign.objects.get(page=issue)
    assert record.state == "sent"
    issue.refresh_from_db()
    assert issue.live and issue.live_revision_id == record.revision_id
    # An editor who takes the issue out of the archive has the last word: following the campaign
    # (the admin's refresh, the maintenance task) does not publish it again.
    issue.unpublish()
    record.report_updated_at = None
    record.save(update_fields=["report_updated_at"])
    service.refresh(issue)
    call_command("shell", "-c", "from newsletter.campaign_tasks import run_maintenance; run_maintenance()")
    issue.refresh_from_db()
    assert not issue.live


@pytest.mark.django_db
def test_send_now_sends_once_and_publishes_to_the_archive(audience, issue):
    outcome = service.send_now(issue)
    assert "3 ontvangers" in outcome.message
    [sent] = audience.campaign_sends
    assert sorted(sent["recipients"]) == [
        "lid0@twentsekoers.nl",
        "lid1@twentsekoers.nl",
        "lid2@twentsekoers.nl",
    ]
    record = NewsletterCampaign.objects.get(page=issue)
    assert record.state == "sent" and record.recipient_count == 3 and record.sent_at
    issue.refresh_from_db()
    assert issue.live and issue.live_revision_id == record.revision_id
    for _attempt in range(3):
        with pytest.raises(CampaignError, match="al verstuurd"):
            service.send_now(issue)
    with pytest.raises(CampaignError, match="al verstuurd"):
        service.send_test(issue, "redactie@twentsekoers.nl")
    assert len(audience.campaign_sends) == 1


@pytest.mark.django_db
def test_pressing_send_twice_in_the_admin_sends_once(audience, issue, admin_client_nl):
    url = reverse("newsletter_campaigns:send_now", args=[issue.pk])
    page = admin_client_nl.get(url)
    assert "Deze nieuwsbrief gaat nu naar 3 ontvangers." in page.content.decode()
    revision_id = issue.get_latest_revision().pk
    first = admin_client_nl.post(url, {"revision_id": revision_id}, follow=True)
    second = admin_client_nl.post(url, {"revision_id": revision_id}, follow=True)
    assert "verstuurd naar 3 ontvangers" in first.content.decode()
    assert "al verstuurd" in second.content.decode()
    assert len(audience.campaign_sends) == 1
    status = admin_client_nl.get(reverse("newsletter_campaigns:status", args=[issue.pk])).content.decode()
    assert "Verstuurd" in status and "Openen in Mailchimp" in status


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_concurrent_sends_send_once(audience, site_root, django_user_model):
    """Two editors press "Nu versturen" at the same moment: one send, and the other press gets a
    clean Dutch refusal ("al verstuurd", or the 503 "te druk" page), never an exception or a 500."""
    from django.db import connection
    from django.test import Client

    index, news_index = newsletter_site(site_root)
    issue = NewsletterPageFactory(parent=index)
    revision_id = issue.save_revision().pk
    user = django_user_model.objects.create_superuser("tweede", "t@example.org", "geheim-ww")
    url = reverse("newsletter_campaigns:send_now", args=[issue.pk])
    barrier = threading.Barrier(2)
    results = []
    # Both editors log in first, one after the other: only the presses run at the same time.
    clients = [Client() for _n in range(2)]
    for client in clients:
        client.force_login(user)

    def press(client):
        try:
            barrier.wait(timeout=10)
            response = client.post(url, {"revision_id": revision_id}, follow=True)
            results.append((response.status_code, response.content.decode()))
        except Exception as error:  # noqa: BLE001 (recorded: the assertion below names it)
            results.append((0, repr(error)))
        finally:
            connection.close()

    threads = [threading.Thread(target=press, args=(client,)) for client in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert len(results) == 2
    assert all(status in (200, 503) for status, _body in results), results
    assert len(audience.campaign_sends) == 1
    sent = [body for status, body in results if "verstuurd naar 3 ontvangers" in body]
    refused = [
        body
        for status, body in results
        if "al verstuurd" in body or (status == 503 and "te druk" in body)
    ]
    assert len(sent) == 1 and len(refused) == 1


@pytest.mark.django_db
def test_stale_confirmation_is_refused(audience, issue, admin_client_nl):
    url = reverse("newsletter_campaigns:send_now", args=[issue.pk])
    old = issue.get_latest_revision().pk
    issue.subject = "Later gewijzigd"
    issue.save_revision()
    response = admin_client_nl.post(url, {"revision_id": old}, follow=True)
    assert "gewijzigd sinds je deze bevestiging opende" in response.content.decode()
    assert not audience.campaign_sends
    assert NewsletterCampaign.objects.get(page=issue).state == "draft"


@pytest.mark.django_db
def test_report_opens_clicks_bounces_unsubscribes(audience, issue, admin_client_nl):
    service.send_now(issue)
    record = NewsletterCampaign.objects.get(page=issue)
    audience.set_report(
        record.remote_id,
        unique_opens=2,
        opens_total=5,
        unique_subscriber_clicks=1,
        unique_clicks=1,
        clicks_total=1,
        hard_bounces=1,
        soft_bounces=0,
        unsubscribed=1,
    )
    admin_client_nl.post(reverse("newsletter_campaigns:refresh", args=[issue.pk]))
    record.refresh_from_db()
    assert record.report["emails_sent"] == 3
    assert record.report["opens"] == 2 and record.report["clicks"] == 1
    assert record.report["bounces"] == 1 and record.report["unsubscribes"] == 1
    page = admin_client_nl.get(reverse("newsletter_campaigns:status", args=[issue.pk])).content.decode()
    assert "Rapport (Mailchimp)" in page and "Afmeldingen" in page


@pytest.mark.django_db
def test_missing_sender_settings_are_named_and_nothing_is_called(audience, issue, admin_client_nl):
    sender_settings(Site.objects.get(is_default_site=True), reply_to="")
    response = admin_client_nl.post(
        reverse("newsletter_campaigns:send_now", args=[issue.pk]),
        {"revision_id": issue.get_latest_revision().pk},
        follow=True,
    )
    assert "antwoordadres nieuwsbrief" in response.content.decode()
    assert not audience.campaigns() and not audience.campaign_sends
    record = NewsletterCampaign.objects.get(page=issue)
    assert record.state == "failed" and "antwoordadres" in record.last_error


@pytest.mark.django_db
def test_half_configured_mailchimp_is_refused(settings, issue):
    settings.MAILCHIMP_API_KEY = "0123456789abcdef0123456789abcdef-us6"
    settings.MAILCHIMP_AUDIENCE_ID = None
    with pytest.raises(CampaignError, match="MAILCHIMP_AUDIENCE_ID"):
        service.send_now(issue)
    with pytest.raises(CampaignError, match="MAILCHIMP_AUDIENCE_ID"):
        service.send_test(issue, "redactie@twentsekoers.nl")


@pytest.mark.django_db
def test_4xx_from_mailchimp_is_shown_with_mailchimps_words(mailchimp_settings, issue, admin_client_nl):
    # No subscribed member: Mailchimp says the campaign is not ready to send.
    response = admin_client_nl.post(
        reverse("newsletter_campaigns:send_now", args=[issue.pk]),
        {"revision_id": issue.get_latest_revision().pk},
        follow=True,
    )
    body = response.content.decode()
    assert "Mailchimp weigerde dit" in body and "Your Campaign is not ready to send." in body
    record = NewsletterCampaign.objects.get(page=issue)
    assert record.state == "failed" and "not ready" in record.last_error
    assert not mailchimp_settings.campaign_sends
    # Fixed (a subscriber now), it can be sent, once, on the same Mailchimp campaign.
    mailchimp_settings.add_member("lid@twentsekoers.nl", "subscribed")
    service.send_now(issue)
    assert len(mailchimp_settings.campaign_sends) == 1 and len(mailchimp_settings.campaigns()) == 1


@pytest.mark.django_db
def test_5xx_is_shown_and_retry_sends_once(audience, issue, admin_client_nl):
    audience.set_fault("500")
    response = admin_client_nl.post(
        reverse("newsletter_campaigns:send_now", args=[issue.pk]),
        {"revision_id": issue.get_latest_revision().pk},
        follow=True,
    )
    assert "Mailchimp had een storing" in response.content.decode()
    assert NewsletterCampaign.objects.get(page=issue).state == "failed"
    audience.set_fault(None)
    service.send_now(issue)
    assert len(audience.campaign_sends) == 1


@pytest.mark.django_db
def test_unreachable_mailchimp_is_explained(audience, issue):
    audience.set_fault("down")
    try:
        with pytest.raises(CampaignError, match="niet bereikbaar"):
            service.send_test(issue, "redactie@twentsekoers.nl")
    finally:
        audience.set_fault(None)


@pytest.mark.django_db
def test_a_send_that_went_through_unnoticed_is_not_repeated(audience, issue):
    """An earlier send reached Mailchimp but its answer got lost: the retry sees it and stops."""
    service.send_test(issue, "redactie@twentsekoers.nl")
    record = NewsletterCampaign.objects.get(page=issue)
    audience.client().campaigns.send(record.remote_id)  # what the lost request did
    NewsletterCampaign.objects.filter(pk=record.pk).update(state="failed", last_error="Timeout")
    service.send_now(issue)
    assert len(audience.campaign_sends) == 1
    assert NewsletterCampaign.objects.get(page=issue).state == "sent"


@pytest.mark.django_db
def test_campaign_deleted_in_mailchimp_is_made_again(audience, issue):
    service.send_test(issue, "redactie@twentsekoers.nl")
    record = NewsletterCampaign.objects.get(page=issue)
    audience.client().campaigns.remove(record.remote_id)
    service.send_now(issue)
    record.refresh_from_db()
    assert len(audience.campaign_sends) == 1 and audience.campaign_sends[0]["campaign_id"] == record.remote_id


@pytest.mark.django_db
def test_only_senders_may_schedule_and_send(audience, issue, client, django_user_model):
    from django.contrib.auth.models import Permission
    from wagtail.models import GroupPagePermission

    editors = Group.objects.create(name="Redactie")
    editors.permissions.add(Permission.objects.get(codename="access_admin"))
    for codename in ("add_page", "change_page"):
        GroupPagePermission.objects.create(
            group=editors, page=issue.get_parent(), permission=Permission.objects.get(codename=codename)
        )
    editor = django_user_model.objects.create_user("redacteur", "redacteur@twentsekoers.nl", "x")
    editor.groups.add(editors)
    client.force_login(editor)
    denied = "/admin/"  # Wagtail turns PermissionDenied into a redirect with a message
    for name in ("send_now", "schedule", "unschedule"):
        url = reverse(f"newsletter_campaigns:{name}", args=[issue.pk])
        assert client.get(url).url == denied
        revision_id = issue.get_latest_revision().pk
        assert client.post(url, {"revision_id": revision_id, "when": "2030-01-01 10:15"}).url == denied
    assert client.get(reverse("newsletter_campaigns:status", args=[issue.pk])).status_code == 200
    assert client.get(reverse("newsletter_campaigns:send_test", args=[issue.pk])).status_code == 200
    edit = client.get(reverse("wagtailadmin_pages:edit", args=[issue.pk])).content.decode()
    assert "Testmail versturen" in edit and "Nu versturen" not in edit
    assert not audience.campaign_sends

    ensure_group()
    editor.groups.add(Group.objects.get(name=GROUP_NAME))
    editor = django_user_model.objects.get(pk=editor.pk)
    client.force_login(editor)
    edit = client.get(reverse("wagtailadmin_pages:edit", args=[issue.pk])).content.decode()
    assert "Nu versturen" in edit and "Inplannen" in edit
    response = client.post(
        reverse("newsletter_campaigns:send_now", args=[issue.pk]),
        {"revision_id": issue.get_latest_revision().pk},
    )
    assert response.status_code == 302 and len(audience.campaign_sends) == 1


@pytest.mark.django_db
def test_audit_log_records_each_operation(audience, issue, admin_client_nl):
    from wagtail.models import PageLogEntry

    service.send_test(issue, "redactie@twentsekoers.nl")
    service.schedule(issue, next_quarter())
    service.unschedule(issue)
    service.send_now(issue)
    actions = list(PageLogEntry.objects.filter(page=issue).values_list("action", flat=True))
    for action in ("newsletter.send_test", "newsletter.schedule", "newsletter.unschedule", "newsletter.send"):
        assert action in actions
    history = admin_client_nl.get(reverse("wagtailadmin_pages:history", args=[issue.pk])).content.decode()
    assert "Testmail verstuurd" in history


@pytest.mark.django_db
def test_command_test_and_now(audience, issue, capsys):
    call_command(
        "newsletter_send", str(issue.pk), "--test", "redactie@twentsekoers.nl,bestuur@twentsekoers.nl"
    )
    assert audience.test_sends[0]["test_emails"] == ["redactie@twentsekoers.nl", "bestuur@twentsekoers.nl"]
    call_command("newsletter_send", str(issue.pk), "--now")
    out = capsys.readouterr().out
    assert "state=sent backend=mailchimp recipients=3" in out
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="al verstuurd"):
        call_command("newsletter_send", str(issue.pk), "--now")
    assert len(audience.campaign_sends) == 1
