"""newsletter.mailchimp: the shared client factory and error normalisation, against the emulator's
real HTTP answers (problem+json strings, empty-bodied 429/403, CDN HTML, refused connections)."""

from __future__ import annotations

import pytest

from newsletter import mailchimp
from newsletter.mailchimp import MailchimpError, call, get_client, subscriber_hash


def test_subscriber_hash_is_md5_of_the_lower_case_address():
    assert subscriber_hash(" Foo@Example.COM ") == "b48def645758b95537d4424c84d1a9ff"


def test_host_is_derived_from_the_key_unless_overridden(settings):
    settings.MAILCHIMP_API_KEY = "0123456789abcdef-us21"
    settings.MAILCHIMP_API_URL = None
    assert get_client().api_client.host == "https://us21.api.mailchimp.com/3.0"
    settings.MAILCHIMP_API_URL = "http://127.0.0.1:9/3.0/"
    client = get_client(timeout=3)
    assert client.api_client.host == "http://127.0.0.1:9/3.0"
    assert client.api_client.timeout == 3


def test_configured_only_with_key_and_audience(settings):
    settings.MAILCHIMP_API_KEY = "k-us1"
    settings.MAILCHIMP_AUDIENCE_ID = None
    assert not mailchimp.is_configured()
    settings.MAILCHIMP_AUDIENCE_ID = "abc"
    assert mailchimp.is_configured()


def test_success_returns_dict_and_empty_2xx_returns_none(mailchimp_settings):
    mc = mailchimp_settings
    client = get_client()
    assert call(client.ping.get) == {"health_status": "Everything's Chimpy!"}
    mc.add_member("weg@example.org")
    assert (
        call(
            client.lists.delete_list_member_permanent,
            mc.list_id,
            subscriber_hash("weg@example.org"),
        )
        is None
    )


def test_problem_json_string_body_is_parsed(mailchimp_settings):
    client = get_client()
    with pytest.raises(MailchimpError) as info:
        call(
            client.lists.set_list_member,
            mailchimp_settings.list_id,
            subscriber_hash("fake@example.org"),
            {"email_address": "fake@example.org", "status_if_new": "pending"},
        )
    err = info.value
    assert (err.status, err.title) == (400, "Invalid Resource")
    assert "looks fake or invalid" in err.detail
    assert err.permanent and not err.transient
    # Logged and stored where it outlives an erasure: Mailchimp's words, without the address.
    assert str(err).startswith("HTTP 400 – Invalid Resource: <adres> looks fake")
    assert err.message == str(err) and "fake@example.org" not in err.message


def test_not_found_is_permanent(mailchimp_settings):
    with pytest.raises(MailchimpError) as info:
        call(
            get_client().lists.get_list_member,
            mailchimp_settings.list_id,
            subscriber_hash("niemand@example.org"),
        )
    assert (
        info.value.status == 404
        and info.value.title == "Resource Not Found"
        and info.value.permanent
    )


@pytest.mark.parametrize(
    ("mode", "status", "title_part"),
    [
        ("429", 429, "TooManyRequests"),
        ("500", 500, "InternalServerError"),
        ("429-empty", 429, ""),
        ("403-empty", 403, ""),
        ("502-html", 502, ""),
    ],
)
def test_faults_are_transient(mailchimp_settings, mode, status, title_part):
    mailchimp_settings.set_fault(mode)
    with pytest.raises(MailchimpError) as info:
        call(get_client().ping.get)
    err = info.value
    assert err.status == status and err.transient
    assert title_part in err.title
    if mode == "502-html":
        assert "Bad Gateway" in err.detail


def test_connection_refused_and_timeout_are_transient(mailchimp_settings, settings):
    mailchimp_settings.set_fault("down")
    with pytest.raises(MailchimpError) as info:
        call(get_client().ping.get)
    assert info.value.status is None and info.value.transient
    assert str(info.value).startswith("Verbinding mislukt")
    mailchimp_settings.set_fault("slow", delay=0.5)
    with pytest.raises(MailchimpError) as info:
        call(get_client(timeout=0.1).ping.get)
    assert info.value.status is None and "Timeout" in info.value.title


def test_missing_key_is_an_error_not_a_crash(settings):
    settings.MAILCHIMP_API_KEY = None
    with pytest.raises(MailchimpError):
        get_client()
