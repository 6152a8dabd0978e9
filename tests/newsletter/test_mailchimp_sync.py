"""End to end with the official client against the Mailchimp emulator: sign-up, double opt-in via
webhook, unsubscribe both ways, upemail, cleaned, profile, erasure, reconciliation, permanent and
transient failures, batch pushes. Tasks run on the immediate backend at commit (test settings)."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from newsletter import services
from newsletter.backends import get_backend
from newsletter.backends.mailchimp import MailchimpBackend
from newsletter.mailchimp import subscriber_hash
from newsletter.models import ErasedSubscriber, Subscriber, SubscriberStatus, SyncState
from newsletter.tasks import run_sync
from newsletter.tokens import unsubscribe_url
from tests.newsletter.factories import SubscriberFactory
from tests.newsletter.helpers import deliver, sign_up

pytestmark = pytest.mark.django_db


@pytest.fixture
def mc(mailchimp_settings, site_root):
    return mailchimp_settings


@pytest.fixture
def capture(django_capture_on_commit_callbacks):
    return django_capture_on_commit_callbacks


def subscribed(client, mc, capture, email, first_name=""):
    sign_up(client, email, first_name, capture)
    assert deliver(client, mc.confirm(email)).status_code == 200
    return Subscriber.objects.get(email=email.lower())


def test_backend_is_chosen_by_settings(settings, mc):
    assert get_backend().name == "mailchimp"
    settings.MAILCHIMP_AUDIENCE_ID = None
    assert get_backend().name == "local"


def test_signup_puts_member_pending_and_mailchimp_mails_the_confirmation(client, mc, capture):
    response = sign_up(client, "Nina@Example.org", "Nina", capture)
    assert response.status_code == 302
    member = mc.member("nina@example.org")
    assert member["status"] == "pending"
    assert member["merge_fields"]["FNAME"] == "Nina"
    assert [s["email"] for s in mc.confirmation_sends] == ["nina@example.org"]
    s = Subscriber.objects.get()
    assert s.status == SubscriberStatus.PENDING
    assert (s.needs_push, s.remote_status, s.last_error) == (False, "pending", "")
    assert s.synced_at is not None
    assert (
        "PUT",
        f"/lists/{mc.list_id}/members/{subscriber_hash('nina@example.org')}",
        200,
    ) in mc.request_log


def test_repeated_signup_does_not_duplicate_or_resend(client, mc, capture):
    for _ in range(3):
        sign_up(client, "twice@example.org", "", capture)
    assert [m["email_address"] for m in mc.members()] == ["twice@example.org"]
    assert len(mc.confirmation_sends) == 1
    assert Subscriber.objects.count() == 1


def test_webhook_confirm_subscribes_and_is_idempotent(client, mc, capture):
    sign_up(client, "bevestig@example.org", "", capture)
    payload = mc.confirm("bevestig@example.org")
    assert deliver(client, payload).status_code == 200
    s = Subscriber.objects.get()
    assert s.status == SubscriberStatus.SUBSCRIBED
    first_confirmed = s.confirmed_at
    assert first_confirmed is not None
    assert deliver(client, payload).status_code == 200  # Mailchimp retries deliveries
    s.refresh_from_db()
    assert (s.status, s.confirmed_at) == (SubscriberStatus.SUBSCRIBED, first_confirmed)
    assert Subscriber.objects.count() == 1


def test_unsubscribe_on_the_site_reaches_mailchimp(client, mc, capture):
    s = subscribed(client, mc, capture, "weg@example.org")
    url = unsubscribe_url(s)
    assert client.get(url).status_code == 200
    assert mc.member("weg@example.org")["status"] == "subscribed"  # a GET changes nothing
    with capture(execute=True):
        assert client.post(url).status_code == 200
    assert mc.member("weg@example.org")["status"] == "unsubscribed"
    s.refresh_from_db()
    assert (s.status, s.needs_push, s.remote_status) == (
        SubscriberStatus.UNSUBSCRIBED,
        False,
        "unsubscribed",
    )


def test_one_click_unsubscribe_reaches_mailchimp(client, mc, capture):
    s = subscribed(client, mc, capture, "klik@example.org")
    with capture(execute=True):
        response = client.post(
            unsubscribe_url(s),
            "List-Unsubscribe=One-Click",
            content_type="application/x-www-form-urlencoded",
        )
    assert response.status_code == 200
    assert mc.member("klik@example.org")["status"] == "unsubscribed"


def test_unsubscribe_in_mailchimp_arrives_by_webhook(client, mc, capture):
    subscribed(client, mc, capture, "mc-weg@example.org")
    assert deliver(client, mc.unsubscribe("mc-weg@example.org")).status_code == 200
    s = Subscriber.objects.get()
    assert s.status == SubscriberStatus.UNSUBSCRIBED
    assert s.unsubscribed_at is not None
    assert not s.needs_push


def test_signing_up_again_after_unsubscribing_asks_mailchimp_for_a_new_opt_in(client, mc, capture):
    subscribed(client, mc, capture, "terug@example.org")
    deliver(client, mc.unsubscribe("terug@example.org"))
    sign_up(client, "terug@example.org", "", capture)
    assert mc.member("terug@example.org")["status"] == "pending"
    assert len(mc.confirmation_sends) == 2
    assert Subscriber.objects.get().status == SubscriberStatus.PENDING


def test_upemail_changes_the_address(client, mc, capture):
    subscribed(client, mc, capture, "oud@example.org")
    assert (
        deliver(client, mc.change_email("oud@example.org", "Nieuw@Example.org")).status_code == 200
    )
    s = Subscriber.objects.get()
    assert s.email == "nieuw@example.org"
    assert s.status == SubscriberStatus.SUBSCRIBED


def test_upemail_onto_an_address_we_already_have_keeps_one_row(client, mc, capture):
    subscribed(client, mc, capture, "een@example.org")
    SubscriberFactory(email="twee@example.org", status=SubscriberStatus.UNSUBSCRIBED)
    assert (
        deliver(client, mc.change_email("een@example.org", "twee@example.org")).status_code == 200
    )
    assert list(Subscriber.objects.values_list("email", flat=True)) == ["twee@example.org"]


def test_cleaned_and_profile_webhooks(client, mc, capture):
    subscribed(client, mc, capture, "stuit@example.org", "Sam")
    assert deliver(client, mc.update_profile("stuit@example.org", "Samuel")).status_code == 200
    assert Subscriber.objects.get().first_name == "Samuel"
    assert deliver(client, mc.clean("stuit@example.org")).status_code == 200
    assert Subscriber.objects.get().status == SubscriberStatus.CLEANED


def test_subscribe_webhook_for_someone_who_signed_up_in_mailchimp_creates_them(client, mc):
    mc.add_member("elders@example.org", status="pending", fname="Eli")
    response = deliver(client, mc.confirm("elders@example.org"))
    assert response.status_code == 200
    s = Subscriber.objects.get()
    assert (s.email, s.status, s.first_name, s.source) == (
        "elders@example.org",
        "subscribed",
        "Eli",
        "Mailchimp",
    )


def test_erasure_deletes_permanently_in_mailchimp_and_keeps_only_a_tombstone(client, mc, capture):
    s = subscribed(client, mc, capture, "wis@example.org", "Wim")
    with capture(execute=True):
        tombstone = services.erase(s)
    assert not Subscriber.objects.exists()
    assert mc.member("wis@example.org") is None
    assert subscriber_hash("wis@example.org") in mc.forgotten()
    tombstone.refresh_from_db()
    assert tombstone.remote_deleted
    assert tombstone.remote_hash == ""  # nothing that identifies the person is left
    assert "wis" not in tombstone.digest and len(tombstone.digest) == 64
    # A late webhook or a reconciliation does not bring the address back.
    assert (
        deliver(
            client,
            {
                "type": "subscribe",
                "data[list_id]": mc.list_id,
                "data[email]": "wis@example.org",
            },
        ).status_code
        == 200
    )
    run_sync()
    assert not Subscriber.objects.exists()


def test_pull_never_recreates_an_erased_address_still_in_mailchimp(client, mc, capture):
    s = subscribed(client, mc, capture, "nog-daar@example.org")
    mc.set_fault("down")
    with capture(execute=True):
        services.erase(s)  # Mailchimp unreachable: the permanent delete is retried later
    mc.set_fault(None)
    assert mc.member("nog-daar@example.org")["status"] == "subscribed"
    SyncState.objects.all().delete()
    report = MailchimpBackend().pull()
    assert report.skipped == 1
    assert not Subscriber.objects.exists()
    tombstone = ErasedSubscriber.objects.get()
    assert not tombstone.remote_deleted and "Verbinding mislukt" in tombstone.last_error
    call_command("newsletter_sync", verbosity=0)  # finishes the erasure now, ignoring backoff
    assert mc.member("nog-daar@example.org") is None
    assert ErasedSubscriber.objects.get().remote_deleted


def test_reconciliation_heals_missed_webhooks(client, mc, capture):
    for email in [
        "a@example.org",
        "b@example.org",
        "c@example.org",
        "d@example.org",
        "g@example.org",
    ]:
        sign_up(client, email, "", capture)
    for email in ["b@example.org", "c@example.org", "d@example.org", "g@example.org"]:
        deliver(client, mc.confirm(email))
    # Things happen in Mailchimp and none of the webhooks reaches us:
    mc.confirm("a@example.org")
    mc.unsubscribe("b@example.org")
    mc.clean("c@example.org")
    mc.update_profile("d@example.org", "Daan")
    mc.change_email("g@example.org", "g2@example.org")
    mc.add_member("e@example.org", status="subscribed", fname="Eva")  # e.g. imported by staff
    mc.add_member("f@example.org", status="pending")  # not confirmed: not imported

    call_command("newsletter_sync", verbosity=0)

    got = dict(Subscriber.objects.values_list("email", "status"))
    assert got == {
        "a@example.org": "subscribed",
        "b@example.org": "unsubscribed",
        "c@example.org": "cleaned",
        "d@example.org": "subscribed",
        "g2@example.org": "subscribed",
        "e@example.org": "subscribed",
    }
    assert Subscriber.objects.get(email="d@example.org").first_name == "Daan"
    assert Subscriber.objects.get(email="e@example.org").source == "Mailchimp"
    state = SyncState.current()
    assert state.pull_cursor is not None and state.last_error == ""

    # The next run asks only for what changed since the newest change seen: nothing to apply.
    summary = run_sync()
    assert summary["pull"]["updated"] == 0 and summary["pull"]["created"] == 0


def test_permanent_error_is_recorded_with_mailchimps_message_and_not_retried(client, mc, capture):
    sign_up(client, "fake@example.org", "", capture)
    s = Subscriber.objects.get()
    assert s.sync_failed and s.needs_push
    assert "looks fake or invalid" in s.last_error
    assert s.get_sync_state_display() == "Geweigerd door Mailchimp"
    calls = mc.call_count
    run_sync()
    pushes = [r for r in mc.request_log[calls:] if r.method != "GET"]
    assert pushes == []
    # Staff ask for a re-sync: tried again (and refused again, with the message kept).
    with capture(execute=True):
        services.request_resync(Subscriber.objects.all())
    s.refresh_from_db()
    assert s.sync_failed and "looks fake or invalid" in s.last_error and s.sync_attempts == 1


def test_a_permanently_deleted_address_signing_up_again_is_shown_to_staff(client, mc, capture):
    s = subscribed(client, mc, capture, "vergeten@example.org")
    with capture(execute=True):
        services.erase(s)
    sign_up(client, "vergeten@example.org", "", capture)
    s = Subscriber.objects.get()
    assert s.sync_failed
    assert "Forgotten Email Not Subscribed" in s.last_error
    assert "permanently deleted" in s.last_error


def test_transient_failure_keeps_the_signup_and_retries_later(client, mc, capture):
    mc.set_fault("429-empty")
    response = sign_up(client, "later@example.org", "", capture)
    assert response.status_code == 302
    s = Subscriber.objects.get()
    assert s.needs_push and not s.sync_failed
    assert "HTTP 429" in s.last_error
    assert s.next_attempt_at is not None and s.sync_attempts == 1
    mc.set_fault(None)
    summary = run_sync(now=s.next_attempt_at)
    assert summary["push"]["pushed"] == 1
    s.refresh_from_db()
    assert not s.needs_push and s.last_error == ""
    assert mc.member("later@example.org")["status"] == "pending"


def test_unpushed_local_unsubscribe_wins_over_a_stale_subscribe_webhook(client, mc, capture):
    s = subscribed(client, mc, capture, "nee@example.org")
    payload = mc.webhook_events[-1]["payload"]  # the subscribe event, delivered late again
    mc.set_fault("down")
    with capture(execute=True):
        client.post(unsubscribe_url(s))
    s.refresh_from_db()
    assert s.status == SubscriberStatus.UNSUBSCRIBED and s.needs_push
    deliver(client, payload)
    assert Subscriber.objects.get().status == SubscriberStatus.UNSUBSCRIBED
    mc.set_fault(None)
    run_sync(now=s.next_attempt_at)
    assert mc.member("nee@example.org")["status"] == "unsubscribed"
    assert Subscriber.objects.get().status == SubscriberStatus.UNSUBSCRIBED


def test_bulk_push_uses_batch_subscribe_500_per_call(mc):
    Subscriber.objects.bulk_create(
        [
            Subscriber(email=f"bulk{i}@example.org", status="pending", needs_push=True)
            for i in range(1200)
        ]
    )
    summary = run_sync()
    assert summary["push"]["pushed"] == 1200
    batch_calls = [
        r for r in mc.request_log if r.method == "POST" and r.path == f"/lists/{mc.list_id}"
    ]
    assert len(batch_calls) == 3
    assert len(mc.members()) == 1200
    assert summary["calls"] == 3 + 2  # three batches and two pages of 1,000 members pulled
    assert not Subscriber.objects.filter(needs_push=True).exists()


def test_batch_push_falls_back_to_put_for_addresses_mailchimp_knows(mc):
    mc.add_member("bekend@example.org", status="unsubscribed")
    Subscriber.objects.bulk_create(
        [
            Subscriber(email="bekend@example.org", status="pending", needs_push=True),
            Subscriber(email="nieuw@example.org", status="pending", needs_push=True),
            Subscriber(email="fake@example.org", status="pending", needs_push=True),
        ]
    )
    summary = run_sync()
    assert mc.member("bekend@example.org")["status"] == "pending"  # explicit re-opt-in
    assert mc.member("nieuw@example.org")["status"] == "pending"
    assert summary["push"]["pushed"] == 2 and summary["push"]["failed_permanently"] == 1
    fake = Subscriber.objects.get(email="fake@example.org")
    assert fake.sync_failed and "looks fake or invalid" in fake.last_error


def test_sync_command_in_local_mode_says_so(settings, site_root, capsys):
    call_command("newsletter_sync")
    assert "geen Mailchimp" in capsys.readouterr().out


def test_pull_records_mailchimps_metadata(mc):
    mc.add_member("meta@example.org", status="subscribed")
    Subscriber.objects.create(email="meta@example.org", status="subscribed", needs_push=False)
    run_sync()
    s = Subscriber.objects.get()
    remote = mc.member("meta@example.org")
    assert s.remote_status == "subscribed"
    assert s.remote_contact_id == remote["contact_id"]
    assert s.remote_last_changed.isoformat() == remote["last_changed"]


def test_a_late_subscribe_webhook_does_not_undo_a_later_unsubscribe(client, mc, capture):
    """The reviewer's scenario: the confirm webhook is delayed, the person unsubscribes in
    Mailchimp, a pull brings that in, another member changes, then the old subscribe webhook
    arrives. Both sides must stay "unsubscribed", also after the next pull."""
    sign_up(client, "laat@example.org", "", capture)
    late = mc.confirm("laat@example.org")  # held back by Mailchimp's queue
    mc.advance(120)
    mc.unsubscribe("laat@example.org")  # this webhook is lost
    call_command("newsletter_sync", verbosity=0)
    assert Subscriber.objects.get(email="laat@example.org").status == SubscriberStatus.UNSUBSCRIBED
    mc.advance(120)
    subscribed(client, mc, capture, "ander@example.org")
    call_command("newsletter_sync", verbosity=0)

    assert deliver(client, late, capture).status_code == 200

    assert Subscriber.objects.get(email="laat@example.org").status == SubscriberStatus.UNSUBSCRIBED
    call_command("newsletter_sync", verbosity=0)
    assert Subscriber.objects.get(email="laat@example.org").status == SubscriberStatus.UNSUBSCRIBED
    assert mc.member("laat@example.org")["status"] == "unsubscribed"
