"""The site's own delivery (no Mailchimp configured), against a real SMTP server (aiosmtpd) on
loopback: the test mail, a send to 500 confirmed subscribers that arrive once each with both parts
and the unsubscribe headers, and a worker killed after 200 deliveries that resumes to exactly 500."""

from __future__ import annotations

import email
import json
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from email.message import Message
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import Envelope
from django.conf import settings as django_settings
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from newsletter.campaign_tasks import resume_local, run_maintenance
from newsletter.campaigns import service
from newsletter.campaigns.backends.base import CampaignError
from newsletter.campaigns.backends.local import deliver
from newsletter.models import (
    Delivery,
    DeliveryState,
    NewsletterCampaign,
    Subscriber,
    SubscriberStatus,
)
from newsletter.tokens import subscriber_for_unsubscribe_token
from tests.newsletter.page_factories import (
    NewsletterPageFactory,
    full_body,
    make_image,
    news_item,
    newsletter_site,
)

BASE_DIR = Path(__file__).resolve().parents[2]


class Inbox:
    """Records every message; may refuse some recipients and run a hook per message."""

    def __init__(self, refuse=(), on_message=None):
        self.messages: list[Message] = []
        self.refuse = {address.lower() for address in refuse}
        self.on_message = on_message
        self.lock = threading.Lock()

    async def handle_RCPT(self, server, session, envelope: Envelope, address, rcpt_options):  # noqa: N802
        if address.lower() in self.refuse:
            return "550 5.1.1 Mailbox does not exist"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope: Envelope):  # noqa: N802
        with self.lock:
            self.messages.append(email.message_from_bytes(envelope.original_content))
            count = len(self.messages)
        if self.on_message is not None:
            self.on_message(count)
        return "250 Message accepted for delivery"

    def recipients(self):
        return [message["To"] for message in self.messages]


class LoopbackController(Controller):
    def _trigger_server(self):
        self.port = self.server.sockets[0].getsockname()[1]
        super()._trigger_server()


@pytest.fixture
def smtp(settings):
    servers = []

    def start(**kwargs):
        inbox = Inbox(**kwargs)
        controller = LoopbackController(inbox, hostname="127.0.0.1", port=0)
        controller.start()
        servers.append(controller)
        inbox.port = controller.port
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST = "127.0.0.1"
        settings.EMAIL_PORT = controller.port
        settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
        settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
        settings.EMAIL_TIMEOUT = 10
        return inbox

    yield start
    for controller in servers:
        controller.stop()


def make_subscribers(n, *, status=SubscriberStatus.SUBSCRIBED, prefix="lezer"):
    Subscriber.objects.bulk_create(
        [
            Subscriber(
                email=f"{prefix}{i}@example.org",
                status=status,
                consent_text="Ja",
                confirmed_at=timezone.now(),
            )
            for i in range(n)
        ]
    )


@pytest.fixture
def issue(site_root):
    index, news_index = newsletter_site(site_root)
    news = news_item(news_index, image=make_image())
    page = NewsletterPageFactory(parent=index, subject="Twentse Koers in november", body=full_body(news))
    page.save_revision()
    return page


def parts(message):
    return {
        part.get_content_type(): part.get_payload(decode=True).decode()
        for part in message.walk()
        if not part.is_multipart()
    }


@pytest.mark.django_db
def test_test_mail_arrives_with_both_parts(smtp, issue):
    inbox = smtp()
    service.send_test(issue, "redactie@example.org; bestuur@example.org")
    assert sorted(inbox.recipients()) == ["bestuur@example.org", "redactie@example.org"]
    message = inbox.messages[0]
    assert message["Subject"] == "[TEST] Twentse Koers in november"
    body = parts(message)
    assert set(body) == {"text/plain", "text/html"}
    assert '<html lang="nl"' in body["text/html"] and issue.title in body["text/plain"]
    assert "".join(message["List-Unsubscribe"].split()).startswith("<http://testserver/nieuwsbrief/afmelden/")
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert message["Reply-To"] == "nieuwsbrief@twentsekoers.nl"
    assert NewsletterCampaign.objects.get(page=issue).state == "draft"


@pytest.mark.django_db
def test_test_mail_smtp_failure_is_explained(smtp, issue, settings):
    smtp()
    settings.EMAIL_PORT = 1  # nothing listens there
    with pytest.raises(CampaignError, match="testmail kon niet worden verstuurd"):
        service.send_test(issue, "redactie@example.org")


@pytest.mark.django_db
def test_send_to_500_confirmed_subscribers_arrives_once_each(smtp, issue, admin_client_nl):
    inbox = smtp()
    make_subscribers(500)
    make_subscribers(5, status=SubscriberStatus.PENDING, prefix="wacht")
    make_subscribers(5, status=SubscriberStatus.UNSUBSCRIBED, prefix="weg")
    url = reverse("newsletter_campaigns:send_now", args=[issue.pk])
    assert "Deze nieuwsbrief gaat nu naar 500 ontvangers." in admin_client_nl.get(url).content.decode()
    admin_client_nl.post(url, {"revision_id": issue.get_latest_revision().pk})

    recipients = inbox.recipients()
    assert len(recipients) == 500 and len(set(recipients)) == 500
    assert set(recipients) == {f"lezer{i}@example.org" for i in range(500)}
    message_ids = {message["Message-ID"] for message in inbox.messages}
    assert len(message_ids) == 500
    for message in inbox.messages[::50]:
        body = parts(message)
        assert set(body) == {"text/plain", "text/html"}
        link = "".join(message["List-Unsubscribe"].split()).strip("<>")
        token = link.rstrip("/").rsplit("/", 1)[1]
        assert subscriber_for_unsubscribe_token(token).email == message["To"]
        assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        assert f'href="{link}"' in body["text/html"] and link in body["text/plain"]
        assert message["From"] == "Twentse Koers <nieuwsbrief@twentsekoers.nl>"
    record = NewsletterCampaign.objects.get(page=issue)
    assert record.state == "sent" and record.recipient_count == 500
    assert record.delivery_counts() == {"pending": 0, "sending": 0, "sent": 500, "failed": 0, "unknown": 0}
    issue.refresh_from_db()
    assert issue.live and issue.live_revision_id == record.revision_id
    # Pressing again changes nothing.
    admin_client_nl.post(url, {"revision_id": issue.get_latest_revision().pk})
    assert len(inbox.messages) == 500


@pytest.mark.django_db
def test_refused_recipient_is_recorded_and_the_rest_arrive(smtp, issue):
    inbox = smtp(refuse=["lezer3@example.org"])
    make_subscribers(6)
    service.send_now(issue)
    assert len(inbox.messages) == 5
    record = NewsletterCampaign.objects.get(page=issue)
    failed = Delivery.objects.get(campaign=record, state=DeliveryState.FAILED)
    assert failed.subscriber.email == "lezer3@example.org" and "550" in failed.error
    assert record.state == "sent"


@pytest.mark.django_db
def test_a_message_that_cannot_be_built_fails_alone_and_the_rest_arrive(smtp, issue):
    inbox = smtp()
    make_subscribers(4)
    # An address no mail header may carry (stored before validation existed, say).
    Subscriber.objects.filter(email="lezer2@example.org").update(email="lezer2@example.org\nBcc: x@example.org")
    service.send_now(issue)
    assert sorted(inbox.recipients()) == ["lezer0@example.org", "lezer1@example.org", "lezer3@example.org"]
    record = NewsletterCampaign.objects.get(page=issue)
    failed = Delivery.objects.get(campaign=record, state=DeliveryState.FAILED)
    assert failed.subscriber.email.startswith("lezer2@") and failed.error
    assert record.delivery_counts()["unknown"] == 0 and record.delivery_counts()["sending"] == 0
    assert record.state == "sent"


@pytest.mark.django_db
def test_smtp_outage_leaves_deliveries_pending_then_resumes_once(smtp, issue, settings):
    inbox = smtp()
    make_subscribers(30)
    good_port = settings.EMAIL_PORT
    settings.EMAIL_PORT = 1
    service.send_now(issue)
    record = NewsletterCampaign.objects.get(page=issue)
    assert record.state == "sending" and "SMTP-fout" in record.last_error
    assert record.delivery_counts()["pending"] == 30
    settings.EMAIL_PORT = good_port
    run_maintenance(now=timezone.now() + timezone.timedelta(minutes=10))
    record.refresh_from_db()
    assert record.state == "sent"
    assert sorted(inbox.recipients()) == sorted(f"lezer{i}@example.org" for i in range(30))


@pytest.mark.django_db
def test_unsubscribed_after_the_start_gets_nothing(smtp, issue, settings):
    inbox = smtp()
    make_subscribers(4)
    settings.NEWSLETTER_TASK_BACKEND = "database"  # queue the batches, don't run them yet
    service.send_now(issue)
    Subscriber.objects.filter(email="lezer2@example.org").update(status=SubscriberStatus.UNSUBSCRIBED)
    record = NewsletterCampaign.objects.get(page=issue)
    deliver(record.pk)
    assert sorted(inbox.recipients()) == ["lezer0@example.org", "lezer1@example.org", "lezer3@example.org"]
    assert record.delivery_counts()["failed"] == 1


@pytest.mark.django_db
def test_a_claim_left_by_a_dead_worker_is_never_sent_again(smtp, issue, settings):
    inbox = smtp()
    make_subscribers(3)
    settings.NEWSLETTER_TASK_BACKEND = "database"
    service.send_now(issue)
    record = NewsletterCampaign.objects.get(page=issue)
    first = Delivery.objects.filter(campaign=record).order_by("pk").first()
    Delivery.objects.filter(pk=first.pk).update(state=DeliveryState.SENDING, claimed_at=timezone.now())
    assert resume_local(record, force=True)
    deliver(record.pk)
    assert sorted(inbox.recipients()) == ["lezer1@example.org", "lezer2@example.org"]
    assert Delivery.objects.get(pk=first.pk).state == DeliveryState.UNKNOWN
    record.refresh_from_db()
    assert record.state == "sent"


@pytest.mark.django_db
def test_scheduled_local_send_starts_when_due(smtp, issue):
    inbox = smtp()
    make_subscribers(3)
    when = timezone.now() + timezone.timedelta(hours=1)
    service.schedule(issue, when)
    record = NewsletterCampaign.objects.get(page=issue)
    assert record.state == "scheduled" and record.backend == "local"
    run_maintenance(now=when - timezone.timedelta(minutes=1))
    assert not inbox.messages
    run_maintenance(now=when + timezone.timedelta(minutes=1))
    assert len(inbox.messages) == 3
    record.refresh_from_db()
    assert record.state == "sent"


@pytest.mark.django_db
def test_unschedule_local(smtp, issue):
    inbox = smtp()
    make_subscribers(2)
    when = timezone.now() + timezone.timedelta(hours=1)
    service.schedule(issue, when)
    service.unschedule(issue)
    run_maintenance(now=when + timezone.timedelta(minutes=1))
    assert not inbox.messages
    assert NewsletterCampaign.objects.get(page=issue).state == "draft"


# ---- a real worker process, killed half-way -------------------------------------------------


def _subprocess_settings(tmp_path, db_settings, smtp_port):
    module = tmp_path / "killtest_settings.py"
    module.write_text(
        "from config.settings.test import *  # noqa\n"
        f"DATABASES = {{'default': {json.dumps(db_settings)}}}\n"
        "TASKS = {'default': {'BACKEND': 'django_tasks_db.DatabaseBackend'}}\n"
        "NEWSLETTER_TASK_BACKEND = 'default'\n"
        "EMAIL_BACKEND = 'django.core.mail.backends.smtp.EmailBackend'\n"
        f"EMAIL_HOST = '127.0.0.1'\nEMAIL_PORT = {smtp_port}\nEMAIL_TIMEOUT = 10\n"
        "EMAIL_USE_TLS = EMAIL_USE_SSL = False\n"
        "LOGGING = {'version': 1, 'disable_existing_loggers': False, 'root': {'level': 'WARNING'}}\n"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "killtest_settings",
        "PYTHONPATH": os.pathsep.join([str(tmp_path), str(BASE_DIR)]),
        "NO_PROXY": "127.0.0.1,localhost",
    }
    env.pop("DATABASE_URL", None)
    return env


def _manage(env, *args, check=True):
    return subprocess.run(
        [sys.executable, str(BASE_DIR / "manage.py"), *args],
        env=env,
        cwd=BASE_DIR,
        capture_output=True,
        text=True,
        timeout=300,
        check=check,
    )


def _worker(env):
    return subprocess.Popen(
        [
            sys.executable,
            str(BASE_DIR / "manage.py"),
            "db_worker",
            "--batch",
            "--no-startup-delay",
            "--interval",
            "0",
        ],
        env=env,
        cwd=BASE_DIR,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_worker_killed_after_200_resumes_to_exactly_500(smtp, site_root, tmp_path):
    index, news_index = newsletter_site(site_root)
    issue = NewsletterPageFactory(parent=index, subject="Twentse Koers in november")
    issue.save_revision()
    make_subscribers(500)

    worker = {}
    killed_at = []

    def kill_at_200(count):
        if count == 200 and "process" in worker:
            worker["process"].send_signal(signal.SIGKILL)  # mid-conversation: no 250 for this one
            killed_at.append(count)

    inbox = smtp(on_message=kill_at_200)
    is_sqlite = connection.vendor == "sqlite"
    if is_sqlite:
        db_file = tmp_path / "killtest.sqlite3"
        target = sqlite3.connect(db_file)
        connection.ensure_connection()
        connection.connection.backup(target)
        target.close()
        db_settings = {"ENGINE": "django.db.backends.sqlite3", "NAME": str(db_file)}
    else:
        current = connection.settings_dict
        db_settings = {key: current[key] for key in ("ENGINE", "NAME", "USER", "PASSWORD", "HOST", "PORT")}
    env = _subprocess_settings(tmp_path, db_settings, inbox.port)

    started = _manage(env, "newsletter_send", str(issue.pk), "--now")
    assert "state=sending backend=local recipients=500" in started.stdout, started.stdout + started.stderr

    worker["process"] = process = _worker(env)
    process.wait(timeout=300)
    assert killed_at == [200] and process.returncode == -signal.SIGKILL
    time.sleep(0.2)
    assert len(inbox.messages) == 200

    resumed = _manage(env, "newsletter_send", str(issue.pk), "--resume")
    assert "Delivery queued again." in resumed.stdout, resumed.stdout + resumed.stderr
    worker.pop("process")
    finish = _worker(env)
    output = finish.communicate(timeout=300)[0].decode()
    assert finish.returncode == 0, output

    recipients = inbox.recipients()
    assert len(recipients) == 500, "exactly 500 mails arrived"
    assert len(set(recipients)) == 500, "nobody got a second copy"
    assert set(recipients) == {f"lezer{i}@example.org" for i in range(500)}

    status = _manage(env, "newsletter_send", str(issue.pk), "--status").stdout
    assert "state=sent" in status
    # The one mail the killed worker was handing over arrived, but its worker never heard "250":
    # it is recorded as unknown and was not sent again.
    assert "sent=499" in status and "unknown=1" in status and "pending=0" in status
    if is_sqlite:
        source = sqlite3.connect(tmp_path / "killtest.sqlite3")
        source.backup(connection.connection)
        source.close()
        assert django_settings.DATABASES["default"]["NAME"]
        record = NewsletterCampaign.objects.get(page_id=issue.pk)
        assert record.delivery_counts()["sent"] == 499


def _tables_containing(text):
    """Every table (Wagtail's log entries, sessions, tasks included) with a cell containing text."""
    needle = text.lower()
    found = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            if any(needle in str(cell).lower() for row in cursor.fetchall() for cell in row):
                found.append(table)
    return found


def test_erasure_leaves_the_address_in_no_table(smtp, issue, admin_client_nl):
    """A subscriber the SMTP server refused, edited by staff, then erased (AVG): afterwards no
    table holds the address: not the delivery record, not Wagtail's admin log, not a label."""
    smtp(refuse=["spoor@example.org"])
    make_subscribers(2)
    gone = Subscriber.objects.create(
        email="spoor@example.org",
        first_name="Spoor",
        status=SubscriberStatus.SUBSCRIBED,
        consent_text="Ja",
        confirmed_at=timezone.now(),
    )
    edit = admin_client_nl.post(f"/admin/nieuwsbrief/abonnees/edit/{gone.pk}/", {"first_name": "Sp"})
    assert edit.status_code == 302
    service.send_now(issue)
    failed = Delivery.objects.get(subscriber=gone)
    assert failed.state == DeliveryState.FAILED and failed.error.startswith("550")
    Delivery.objects.filter(pk=failed.pk).update(error="{'spoor@example.org': (550, b'old row')}")
    assert _tables_containing("spoor@example.org")

    response = admin_client_nl.post(f"/admin/nieuwsbrief/abonnees/delete/{gone.pk}/")
    assert response.status_code == 302
    assert _tables_containing("spoor@example.org") == []
    assert Delivery.objects.filter(campaign__page=issue).count() == 3
