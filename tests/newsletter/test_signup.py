"""The sign-up form and POST /nieuwsbrief/aanmelden/: validation, no enumeration, honeypot, rate
limit, Origin check, proof of consent, and never a 500 or a cookie."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse

from newsletter.models import Subscriber, SubscriberStatus
from tests.newsletter.conftest import ORIGIN
from tests.newsletter.factories import SubscriberFactory

pytestmark = pytest.mark.django_db

SIGNUP = "/nieuwsbrief/aanmelden/"
DONE = "/nieuwsbrief/aanmelden/bedankt/"


def post(client, data, ip="192.0.2.10", headers=ORIGIN, **extra):
    return client.post(SIGNUP, data, headers=headers, REMOTE_ADDR=ip, **extra)


def test_urls_are_where_the_issue_says():
    assert reverse("newsletter:signup") == SIGNUP
    assert reverse("newsletter:confirm", args=["abc"]) == "/nieuwsbrief/bevestigen/abc/"
    assert reverse("newsletter:unsubscribe", args=["abc"]) == "/nieuwsbrief/afmelden/abc/"
    assert reverse("newsletter:webhook", args=["s"]) == "/nieuwsbrief/webhook/s/"


def test_signup_stores_pending_subscriber_with_proof_of_consent(
    client, site_root, django_capture_on_commit_callbacks
):
    from home.models import SiteSettings

    settings_obj = SiteSettings.for_site(site_root.get_site())
    settings_obj.newsletter_consent_text = (
        "Ja, stuur mij elke maand de nieuwsbrief. Afmelden kan altijd."
    )
    settings_obj.save()
    with django_capture_on_commit_callbacks(execute=True):
        response = post(
            client, {"email": "  Anna@Example.ORG ", "first_name": "Anna", "source": "/nieuws/"}
        )
    assert response.status_code == 302
    assert response["Location"] == DONE
    subscriber = Subscriber.objects.get()
    assert subscriber.email == "anna@example.org"
    assert subscriber.first_name == "Anna"
    assert subscriber.status == SubscriberStatus.PENDING
    assert (
        subscriber.consent_text == "Ja, stuur mij elke maand de nieuwsbrief. Afmelden kan altijd."
    )
    assert subscriber.source == "/nieuws/"
    assert subscriber.consented_at is not None
    assert subscriber.confirmed_at is None
    # Local backend (no Mailchimp configured): the site mails the confirmation link itself.
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["anna@example.org"]
    assert "/nieuwsbrief/bevestigen/" in mail.outbox[0].body


def test_no_ip_address_or_other_personal_data_is_stored():
    names = {f.name for f in Subscriber._meta.get_fields()}
    assert not {n for n in names if "ip" in n.split("_")}
    assert {
        "email",
        "first_name",
        "consent_text",
        "consented_at",
        "source",
        "confirmed_at",
    } <= names


@pytest.mark.parametrize("existing", [None, "pending", "subscribed", "unsubscribed"])
def test_same_answer_whatever_the_state_of_the_address(client, site_root, existing):
    if existing:
        SubscriberFactory(email="bekend@example.org", status=existing)
    response = post(client, {"email": "bekend@example.org"})
    assert response.status_code == 302
    assert response["Location"] == DONE
    done = client.get(DONE)
    assert "Kijk in je mailbox" in done.content.decode()
    assert Subscriber.objects.filter(email="bekend@example.org").count() == 1


def test_repeated_signups_create_no_duplicates_and_no_mail_flood(
    client, site_root, django_capture_on_commit_callbacks
):
    for i in range(4):
        with django_capture_on_commit_callbacks(execute=True):
            post(client, {"email": "Herhaal@Example.org"}, ip=f"192.0.2.{i + 20}")
    assert Subscriber.objects.filter(email="herhaal@example.org").count() == 1
    assert len(mail.outbox) == 1


def test_already_subscribed_is_left_alone(client, site_root, django_capture_on_commit_callbacks):
    s = SubscriberFactory(
        email="al@example.org", first_name="Bram", status=SubscriberStatus.SUBSCRIBED
    )
    with django_capture_on_commit_callbacks(execute=True):
        post(client, {"email": "al@example.org", "first_name": "Iemand anders"})
    s.refresh_from_db()
    assert (s.status, s.first_name) == (SubscriberStatus.SUBSCRIBED, "Bram")
    assert mail.outbox == []


def test_unsubscribed_person_can_sign_up_again_with_fresh_consent(
    client, site_root, django_capture_on_commit_callbacks
):
    s = SubscriberFactory(
        email="terug@example.org", status=SubscriberStatus.UNSUBSCRIBED, consent_text="oud"
    )
    with django_capture_on_commit_callbacks(execute=True):
        post(client, {"email": "terug@example.org", "source": "/nieuwsbrief/"})
    s.refresh_from_db()
    assert s.status == SubscriberStatus.PENDING
    assert s.consent_text != "oud"
    assert s.source == "/nieuwsbrief/"
    assert len(mail.outbox) == 1


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"email": ""}, "Vul je e-mailadres in."),
        ({"email": "geen-adres"}, "Dit is geen geldig e-mailadres"),
        ({"email": "a@b"}, "Dit is geen geldig e-mailadres"),
        ({"email": "twee woorden@example.org"}, "Dit is geen geldig e-mailadres"),
        ({"email": "x" * 250 + "@example.org"}, "Dit e-mailadres is te lang"),
        ({"email": "ok@example.org", "first_name": "n" * 41}, "Deze naam is te lang"),
        (
            {"email": "ok@example.org", "first_name": "Kijk op www.spam.example/win"},
            "alleen letters",
        ),
        ({"email": "ok@example.org", "first_name": "Win 1000 euro"}, "alleen letters"),
        ({"email": "ok@example.org", "first_name": "Jan:http"}, "alleen letters"),
        ({"email": "ok@example.org", "first_name": "<script>"}, "Gebruik alleen letters"),
    ],
)
def test_validation_messages_are_dutch_and_shown_with_the_form(client, site_root, data, message):
    response = post(client, data)
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert 'aria-invalid="true"' in html
    assert 'role="alert"' in html
    assert not Subscriber.objects.exists()
    assert not response.cookies


@pytest.mark.parametrize("name", ["Jan-Willem", "D'Arcy", "A.J. de Vries", "Zoë", "Anne’s"])
def test_ordinary_first_names_are_accepted(client, site_root, name):
    assert post(client, {"email": "naam@example.org", "first_name": name}).status_code == 302
    assert Subscriber.objects.get().first_name == name


def test_honeypot_answers_like_success_but_stores_nothing(client, site_root):
    response = post(client, {"email": "bot@example.org", "website": "http://spam.example"})
    assert response.status_code == 302
    assert response["Location"] == DONE
    assert not Subscriber.objects.exists()


def test_rate_limit_five_per_ten_minutes_per_client_address(client, site_root):
    for i in range(5):
        response = post(client, {"email": f"r{i}@example.org"}, ip="198.51.100.1")
        assert response.status_code == 302
    blocked = post(client, {"email": "r6@example.org"}, ip="198.51.100.1")
    assert blocked.status_code == 429
    assert "Probeer het over 10 minuten opnieuw" in blocked.content.decode()
    assert blocked["Retry-After"] == "600"
    assert not Subscriber.objects.filter(email="r6@example.org").exists()
    other = post(client, {"email": "r7@example.org"}, ip="198.51.100.2")
    assert other.status_code == 302


def test_rate_limit_uses_forwarded_address_only_behind_configured_proxies(
    client, site_root, settings
):
    settings.NEWSLETTER_TRUSTED_PROXY_COUNT = 1
    for i in range(5):
        assert (
            post(
                client,
                {"email": f"p{i}@example.org"},
                ip="10.0.0.1",
                HTTP_X_FORWARDED_FOR="203.0.113.5",
            ).status_code
            == 302
        )
    assert (
        post(
            client, {"email": "p9@example.org"}, ip="10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.5"
        ).status_code
        == 429
    )
    assert (
        post(
            client, {"email": "q@example.org"}, ip="10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.6"
        ).status_code
        == 302
    )


@pytest.mark.parametrize(
    ("headers", "allowed"),
    [
        ({"Origin": "http://testserver"}, True),
        ({"Origin": "HTTP://TESTSERVER"}, True),
        ({"Sec-Fetch-Site": "same-origin"}, True),
        ({"Origin": "https://evil.example"}, False),
        ({"Origin": "http://testserver.evil.example"}, False),
        ({"Origin": "null"}, False),
        ({"Sec-Fetch-Site": "cross-site"}, False),
        ({"Sec-Fetch-Site": "same-site"}, False),
        ({}, False),
    ],
)
def test_origin_check_replaces_the_csrf_cookie(client, site_root, headers, allowed):
    response = post(client, {"email": "o@example.org"}, headers=headers)
    if allowed:
        assert response.status_code == 302
        assert Subscriber.objects.filter(email="o@example.org").exists()
    else:
        assert response.status_code == 403
        assert "Je aanmelding is niet verstuurd" in response.content.decode()
        assert not Subscriber.objects.exists()


def test_site_base_url_origin_is_accepted_behind_a_proxy(client, site_root, settings):
    settings.SITE_BASE_URL = "https://www.twentsekoers.nl"
    response = post(
        client, {"email": "proxy@example.org"}, headers={"Origin": "https://www.twentsekoers.nl"}
    )
    assert response.status_code == 302


@pytest.mark.parametrize(
    "data",
    [
        {"email": "a\x00b@example.org"},
        {"email": "ö@ëxample.org", "first_name": "Zoë"},
        {"email": ["a@example.org", "b@example.org"]},
        {"email": "a@example.org", "first_name": "\u202e\u0000"},
        {"email": "a@example.org", "source": "javascript:alert(1)"},
        {"email": "a@example.org", "source": "//evil.example/x"},
        {"email": "a@example.org", "source": "/" + "x" * 5000},
        {"email": "@" * 300},
        {"email": "a@example.org", "website": ""},
        {},
    ],
)
def test_no_input_causes_a_server_error(client, site_root, data):
    response = post(client, data)
    assert response.status_code in (302, 400)
    for s in Subscriber.objects.all():
        assert s.source == "" or (s.source.startswith("/") and not s.source.startswith("//"))
        assert len(s.source) <= 300


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        (b"\xff\xfe\x00garbage", "application/x-www-form-urlencoded"),
        (b"email=%ZZ%ff", "application/x-www-form-urlencoded"),
        (b"--x\r\nbroken", "multipart/form-data; boundary=x"),
        (b'{"email": "json@example.org"}', "application/json"),
    ],
)
def test_malformed_bodies_never_cause_a_500(client, site_root, body, content_type):
    response = client.generic(
        "POST", SIGNUP, body, content_type=content_type, headers=ORIGIN, REMOTE_ADDR="192.0.2.99"
    )
    assert response.status_code in (302, 400)


def test_other_methods_are_refused(client, site_root):
    assert client.put(SIGNUP, headers=ORIGIN).status_code == 405
    assert client.delete(SIGNUP, headers=ORIGIN).status_code == 405


def test_signup_page_get_shows_the_form_without_a_cookie(client, site_root):
    response = client.get(SIGNUP)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="page-email"' in html
    assert "csrfmiddlewaretoken" not in html
    assert not response.cookies


def test_public_pages_with_the_footer_form_set_no_cookie(client, site_root):
    from tests.factories import ContentPageFactory

    page = ContentPageFactory(parent=site_root, title="Over ons", slug="over-ons")
    for url in ["/", page.url, SIGNUP, DONE, "/zoeken/?q=zorg", "/bestaat-niet/"]:
        response = client.get(url)
        assert response.status_code in (200, 404), url
        assert not response.cookies, f"{url} set {list(response.cookies)}"
        assert "Set-Cookie" not in response.headers
        html = response.content.decode()
        assert 'action="/nieuwsbrief/aanmelden/"' in html, url
        assert 'id="footer-email"' in html
        assert "csrfmiddlewaretoken" not in html


def test_footer_form_records_the_page_it_was_sent_from(client, site_root):
    html = client.get("/").content.decode()
    assert '<input type="hidden" name="source" value="/">' in html
    assert "Ik wil de maandelijkse nieuwsbrief" in html  # the consent text from site settings


def test_signup_with_errors_keeps_what_was_typed(client, site_root):
    response = post(client, {"email": "fout", "first_name": "Ilse"})
    html = response.content.decode()
    assert 'value="fout"' in html
    assert 'value="Ilse"' in html
    assert "<title>Fout:" in html


def test_signup_query_count_is_constant_as_the_list_grows(client, site_root):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    post(client, {"email": "warm@example.org"}, ip="192.0.2.200")  # warm the site/settings caches

    def count(email, ip):
        with CaptureQueriesContext(connection) as ctx:
            assert post(client, {"email": email}, ip=ip).status_code == 302
        return len(ctx.captured_queries)

    few = count("eerste@example.org", "192.0.2.201")
    SubscriberFactory.create_batch(60)
    many = count("tweede@example.org", "192.0.2.202")
    assert few == many
    assert many <= 12
