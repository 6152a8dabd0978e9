"""The "Nieuwsbrief" admin: subscriber listing with counts, filters, search, CSV export, re-sync,
unsubscribe and AVG erasure (here and in Mailchimp)."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse

from newsletter.mailchimp import subscriber_hash
from newsletter.models import ErasedSubscriber, Subscriber, SubscriberStatus
from tests.newsletter.factories import SubscriberFactory

pytestmark = pytest.mark.django_db

INDEX = "/admin/nieuwsbrief/abonnees/"


def test_menu_has_a_nieuwsbrief_group_with_subscribers(admin_client_nl):
    html = admin_client_nl.get("/admin/").content.decode()
    assert "Nieuwsbrief" in html
    assert reverse("newsletter_subscriber:index") == INDEX


def test_listing_shows_status_sync_state_error_and_counts(admin_client_nl):
    SubscriberFactory.create_batch(3, status=SubscriberStatus.SUBSCRIBED)
    SubscriberFactory(status=SubscriberStatus.PENDING)
    SubscriberFactory(
        email="kapot@example.org",
        status=SubscriberStatus.PENDING,
        needs_push=True,
        sync_failed=True,
        last_error="HTTP 400 – Invalid Resource: kapot@example.org looks fake or invalid",
    )
    response = admin_client_nl.get(INDEX)
    assert response.status_code == 200
    html = response.content.decode()
    assert "kapot@example.org looks fake or invalid" in html
    assert "Geweigerd door Mailchimp" in html
    counts = {label: n for label, n, _ in response.context["status_counts"]}
    assert counts == {"Wacht op bevestiging": 2, "Aangemeld": 3, "Afgemeld": 0, "Onbestelbaar": 0}
    assert response.context["failed_count"] == 1
    assert "/admin/nieuwsbrief/abonnees/new/" not in html  # nobody is added by hand
    assert "Wissen (AVG)" in html and "Opnieuw synchroniseren" in html


def test_adding_by_hand_is_not_possible(admin_client_nl):
    assert admin_client_nl.get(INDEX + "new/").status_code in (302, 403)


def test_filters_and_search(admin_client_nl):
    SubscriberFactory(email="anna@example.org", status=SubscriberStatus.SUBSCRIBED)
    SubscriberFactory(email="bert@example.org", status=SubscriberStatus.UNSUBSCRIBED)
    SubscriberFactory(
        email="cor@example.org", status=SubscriberStatus.PENDING, needs_push=True, sync_failed=True
    )

    def emails(query):
        response = admin_client_nl.get(INDEX + query)
        assert response.status_code == 200
        return {s.email for s in response.context["object_list"]}

    assert emails("?status=unsubscribed") == {"bert@example.org"}
    assert emails("?sync=failed") == {"cor@example.org"}
    assert emails("?sync=synced") == {"anna@example.org", "bert@example.org"}
    assert emails("?q=anna") == {"anna@example.org"}
    assert emails("?consented_at_from=2000-01-01&consented_at_to=2999-01-01") == {
        "anna@example.org",
        "bert@example.org",
        "cor@example.org",
    }
    assert emails("?consented_at_to=2001-01-01") == set()


def test_listing_query_count_does_not_grow_with_rows(
    admin_client_nl, django_assert_max_num_queries
):
    SubscriberFactory.create_batch(5)
    admin_client_nl.get(INDEX)  # warm caches (site, permissions)
    with django_assert_max_num_queries(40) as small:
        admin_client_nl.get(INDEX)
    SubscriberFactory.create_batch(40)
    with django_assert_max_num_queries(len(small.captured_queries)):
        admin_client_nl.get(INDEX)


def test_csv_export(admin_client_nl):
    SubscriberFactory(
        email="export@example.org", first_name="Eva", consent_text="Ik wil de nieuwsbrief."
    )
    response = admin_client_nl.get(INDEX + "?export=csv")
    assert response.status_code == 200
    body = b"".join(response.streaming_content).decode()
    rows = list(csv.DictReader(io.StringIO(body)))
    assert rows[0]["E-mailadres"] == "export@example.org"
    assert rows[0]["Voornaam"] == "Eva"
    assert rows[0]["Toestemmingstekst"] == "Ik wil de nieuwsbrief."
    assert rows[0]["Status"] == "Aangemeld"
    assert rows[0]["Synchronisatie"] == "Alleen lokaal"  # no Mailchimp configured


def test_csv_export_never_starts_a_spreadsheet_formula(admin_client_nl):
    SubscriberFactory(
        email="formule@example.org",
        first_name='=HYPERLINK("http://evil.example","klik")',
        source="+31",
        consent_text="@SUM(1)",
        last_error="-1",
    )
    response = admin_client_nl.get(INDEX + "?export=csv")
    body = b"".join(response.streaming_content).decode()
    row = list(csv.DictReader(io.StringIO(body)))[0]
    assert row["Voornaam"] == """'=HYPERLINK("http://evil.example","klik")"""
    assert row["Bron"] == "'+31"
    assert row["Toestemmingstekst"] == "'@SUM(1)"
    assert row["Laatste fout"] == "'-1"
    assert row["E-mailadres"] == "formule@example.org"


def test_inspect_shows_the_proof_of_consent(admin_client_nl):
    s = SubscriberFactory(consent_text="Ik wil de maandelijkse nieuwsbrief.", source="/nieuws/")
    html = admin_client_nl.get(INDEX + f"inspect/{s.pk}/").content.decode()
    assert "Ik wil de maandelijkse nieuwsbrief." in html
    assert "/nieuws/" in html


def test_edit_first_name_marks_for_push(admin_client_nl):
    s = SubscriberFactory(first_name="Jan")
    response = admin_client_nl.post(INDEX + f"edit/{s.pk}/", {"first_name": "Jannie"})
    assert response.status_code == 302
    s.refresh_from_db()
    assert s.first_name == "Jannie" and s.needs_push


def test_resync_resets_a_permanent_failure_and_pushes(
    admin_client_nl, mailchimp_settings, django_capture_on_commit_callbacks
):
    s = SubscriberFactory(
        email="terug@example.org",
        status=SubscriberStatus.PENDING,
        needs_push=True,
        sync_failed=True,
        last_error="x",
    )
    url = reverse("newsletter_subscriber:resync", args=[s.pk])
    assert admin_client_nl.get(url).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        assert admin_client_nl.post(url).status_code == 302
    s.refresh_from_db()
    assert not s.sync_failed and not s.needs_push and s.last_error == ""
    assert mailchimp_settings.member("terug@example.org")["status"] == "pending"


def test_staff_unsubscribe(admin_client_nl, mailchimp_settings, django_capture_on_commit_callbacks):
    mailchimp_settings.add_member("stop@example.org", status="subscribed")
    s = SubscriberFactory(email="stop@example.org", status=SubscriberStatus.SUBSCRIBED)
    url = reverse("newsletter_subscriber:unsubscribe", args=[s.pk])
    with django_capture_on_commit_callbacks(execute=True):
        assert admin_client_nl.post(url).status_code == 302
    s.refresh_from_db()
    assert s.status == SubscriberStatus.UNSUBSCRIBED
    assert mailchimp_settings.member("stop@example.org")["status"] == "unsubscribed"


def test_sync_now_runs_the_sync(
    admin_client_nl, mailchimp_settings, django_capture_on_commit_callbacks
):
    SubscriberFactory(email="nu@example.org", status=SubscriberStatus.PENDING, needs_push=True)
    url = reverse("newsletter_subscriber:sync_now")
    assert admin_client_nl.get(url).status_code == 200
    assert admin_client_nl.post(url).status_code == 302
    assert mailchimp_settings.member("nu@example.org")["status"] == "pending"


def test_erasure_from_the_admin(
    admin_client_nl, mailchimp_settings, django_capture_on_commit_callbacks
):
    mc = mailchimp_settings
    mc.add_member("wis@example.org", status="subscribed")
    s = SubscriberFactory(email="wis@example.org", status=SubscriberStatus.SUBSCRIBED)
    url = INDEX + f"delete/{s.pk}/"
    page = admin_client_nl.get(url).content.decode()
    assert "definitief gewist" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client_nl.post(url)
    assert response.status_code == 302
    assert not Subscriber.objects.exists()
    assert subscriber_hash("wis@example.org") in mc.forgotten()
    tombstone = ErasedSubscriber.objects.get()
    assert tombstone.remote_deleted and not tombstone.remote_hash
    assert ErasedSubscriber.is_erased("WIS@example.org")


def test_editors_without_permission_cannot_act(client, django_user_model):
    from django.contrib.auth.models import Permission

    user = django_user_model.objects.create_user("redacteur", password="x")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    s = SubscriberFactory()
    assert client.get(INDEX).status_code in (302, 403)
    assert client.post(reverse("newsletter_subscriber:resync", args=[s.pk])).status_code in (
        302,
        403,
    )
    assert client.post(INDEX + f"delete/{s.pk}/").status_code in (302, 403)
    assert Subscriber.objects.filter(pk=s.pk).exists()
