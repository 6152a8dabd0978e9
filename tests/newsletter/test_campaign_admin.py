"""The sending screens in the Wagtail admin: the "Verzending" tab, the test-mail, schedule and
send forms with their Dutch validation messages, and deleting a sent newsletter page."""

import pytest
from django.urls import reverse
from django.utils import timezone

from newsletter.models import NewsletterCampaign, NewsletterPage
from tests.newsletter.page_factories import NewsletterPageFactory, newsletter_site, publish


@pytest.fixture
def issue(site_root):
    index, _news_index = newsletter_site(site_root)
    page = NewsletterPageFactory(parent=index)
    page.save_revision()
    return page


@pytest.mark.django_db
def test_editor_has_a_sending_tab_on_create_and_edit(issue, admin_client_nl):
    add = reverse(
        "wagtailadmin_pages:add", args=["newsletter", "newsletterpage", issue.get_parent().pk]
    )
    created = admin_client_nl.get(add).content.decode()
    assert "Verzending" in created and "Sla de nieuwsbrief eerst op" in created
    edit = admin_client_nl.get(reverse("wagtailadmin_pages:edit", args=[issue.pk])).content.decode()
    for text in (
        "Verzending",
        "Voorbeeld als e-mail",
        "Testmail versturen",
        "Inplannen",
        "Nu versturen",
    ):
        assert text in edit
    assert "Voorbeeld als platte tekst" in edit  # the preview modes


@pytest.mark.django_db
def test_test_mail_form_validates_addresses(issue, admin_client_nl):
    url = reverse("newsletter_campaigns:send_test", args=[issue.pk])
    page = admin_client_nl.get(url).content.decode()
    assert "beheer@example.org" in page  # the editor's own address is filled in
    response = admin_client_nl.post(url, {"addresses": "geen-adres, ook@niet"})
    assert "&#x27;geen-adres&#x27; is geen geldig e-mailadres." in response.content.decode()
    many = ",".join(f"a{n}@example.org" for n in range(11))
    response = admin_client_nl.post(url, {"addresses": many})
    assert "hoogstens 10 adressen" in response.content.decode()


@pytest.mark.django_db
def test_test_mail_from_the_admin(issue, admin_client_nl, mailoutbox):
    url = reverse("newsletter_campaigns:send_test", args=[issue.pk])
    response = admin_client_nl.post(url, {"addresses": "redactie@example.org"}, follow=True)
    assert "Testmail verstuurd naar redactie@example.org." in response.content.decode()
    [message] = mailoutbox
    assert message.subject.startswith("[TEST] ") and message.alternatives[0][1] == "text/html"


@pytest.mark.django_db
def test_schedule_form_and_unschedule(issue, admin_client_nl):
    url = reverse("newsletter_campaigns:schedule", args=[issue.pk])
    form = admin_client_nl.get(url).content.decode()
    assert "naar 0 ontvangers" in form
    revision_id = issue.get_latest_revision().pk
    past = admin_client_nl.post(url, {"when": "2020-01-01 10:00", "revision_id": revision_id})
    assert "Kies een tijdstip in de toekomst." in past.content.decode()
    when = (timezone.localtime() + timezone.timedelta(days=2)).replace(hour=9, minute=15)
    done = admin_client_nl.post(
        url, {"when": when.strftime("%Y-%m-%d %H:%M"), "revision_id": revision_id}, follow=True
    )
    assert "Ingepland voor" in done.content.decode()
    record = NewsletterCampaign.objects.get(page=issue)
    assert record.state == "scheduled" and timezone.localtime(record.scheduled_for).hour == 9
    status = admin_client_nl.get(
        reverse("newsletter_campaigns:status", args=[issue.pk])
    ).content.decode()
    assert (
        "Ingepland" in status and "Inplanning intrekken" in status and "Nu versturen" not in status
    )
    unschedule = reverse("newsletter_campaigns:unschedule", args=[issue.pk])
    assert "Wil je de inplanning intrekken?" in admin_client_nl.get(unschedule).content.decode()
    admin_client_nl.post(unschedule)
    assert NewsletterCampaign.objects.get(page=issue).state == "draft"


@pytest.mark.django_db
def test_deleting_a_sent_newsletter_page(issue, admin_client_nl):
    publish(issue)
    NewsletterCampaign.objects.create(
        page=issue, backend="local", state="sent", revision=issue.live_revision
    )
    response = admin_client_nl.post(reverse("wagtailadmin_pages:delete", args=[issue.pk]))
    assert response.status_code == 302
    assert not NewsletterPage.objects.filter(pk=issue.pk).exists()
    assert not NewsletterCampaign.objects.exists()


@pytest.mark.django_db
def test_looking_changes_nothing(issue, admin_client_nl):
    revisions = issue.revisions.count()
    for name in ("status", "send_now", "schedule", "send_test", "unschedule"):
        response = admin_client_nl.get(reverse(f"newsletter_campaigns:{name}", args=[issue.pk]))
        assert response.status_code == 200, name
    admin_client_nl.get(reverse("newsletter_campaigns:preview", args=[issue.pk, "html"]))
    admin_client_nl.get(reverse("wagtailadmin_pages:edit", args=[issue.pk]))
    assert not NewsletterCampaign.objects.exists()
    assert issue.revisions.count() == revisions


@pytest.mark.django_db
def test_refresh_needs_edit_rights_or_the_send_permission(issue, admin_client_nl):
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Permission
    from django.test import Client

    client = Client()
    viewer = get_user_model().objects.create_user("kijker", "kijker@example.org", "geheim-wachtwoord")
    viewer.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(viewer)
    url = reverse("newsletter_campaigns:refresh", args=[issue.pk])
    assert client.get(reverse("newsletter_campaigns:status", args=[issue.pk])).status_code == 200
    denied = client.post(url)  # Wagtail's admin answers PermissionDenied with a redirect home
    assert (denied.status_code, denied["Location"]) == (302, reverse("wagtailadmin_home"))
    allowed = admin_client_nl.post(url)
    assert (allowed.status_code, allowed["Location"]) == (
        302,
        reverse("newsletter_campaigns:status", args=[issue.pk]),
    )
