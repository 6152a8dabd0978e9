"""The Mailchimp emulator, driven through the real official client over HTTP."""

from __future__ import annotations

import json
import threading
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, HTTPServer
from urllib.parse import parse_qs

import mailchimp_marketing
import pytest
import requests
from mailchimp_marketing.api_client import ApiClientError

from .mailchimp_emulator import MailchimpEmulator, encode_webhook, subscriber_hash

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def problem(error: ApiClientError) -> dict:
    """Mailchimp errors are application/problem+json, which the client leaves as a string."""
    assert isinstance(error.text, str), error.text
    return json.loads(error.text)


def put_member(client, list_id: str, email: str, **fields):
    body = {"email_address": email, "status_if_new": "pending", **fields}
    return client.lists.set_list_member(list_id, subscriber_hash(email), body)


def make_campaign(client, list_id: str, **settings) -> dict:
    body = {
        "type": "regular",
        "recipients": {"list_id": list_id},
        "settings": {
            "subject_line": "Nieuwsbrief maart",
            "preview_text": "Wat er speelt in Twente",
            "title": "2026-03",
            "from_name": "Twentse Koers",
            "reply_to": "nieuwsbrief@twentsekoers.nl",
            **settings,
        },
    }
    return client.campaigns.create(body)


# ---- basics -----------------------------------------------------------------------------------


def test_ping_with_the_official_client(mailchimp_emulator, mailchimp_client):
    assert mailchimp_client.ping.get() == {"health_status": "Everything's Chimpy!"}
    assert mailchimp_emulator.url.startswith("http://127.0.0.1:")
    assert mailchimp_emulator.url.endswith("/3.0")
    assert mailchimp_emulator.request_log[-1] == ("GET", "/ping", 200)
    assert mailchimp_emulator.call_count == 1


def test_wrong_api_key_is_401_problem_json(mailchimp_emulator):
    client = mailchimp_marketing.Client()
    client.set_config({"api_key": "ffffffffffffffffffffffffffffffff-us6", "server": "us6"})
    client.api_client.host = mailchimp_emulator.url
    with pytest.raises(ApiClientError) as caught:
        client.ping.get()
    assert caught.value.status_code == 401
    body = problem(caught.value)
    assert body["title"] == "API Key Invalid"
    assert body["detail"].startswith("Your API key may be invalid")
    assert body["type"] == "https://mailchimp.com/developer/marketing/docs/errors/"

    raw = requests.get(f"{mailchimp_emulator.url}/ping", auth=("user", "wrong"), timeout=5)
    assert raw.status_code == 401
    assert raw.headers["Content-Type"] == "application/problem+json; charset=utf-8"
    assert raw.headers["X-Request-Id"] == raw.json()["instance"]
    assert "describedBy" in raw.headers["Link"]
    missing = requests.get(f"{mailchimp_emulator.url}/ping", timeout=5)
    assert (missing.status_code, missing.json()["title"]) == (401, "API Key Missing")


def test_unknown_resources_and_wrong_verbs(mailchimp_emulator, mailchimp_client):
    for call in (
        lambda: mailchimp_client.lists.get_list("nosuchlist"),
        lambda: mailchimp_client.lists.get_list_member(mailchimp_emulator.list_id, "0" * 32),
        lambda: mailchimp_client.campaigns.get("nosuchcamp"),
        lambda: mailchimp_client.reports.get_campaign_report("nosuchcamp"),
    ):
        with pytest.raises(ApiClientError) as caught:
            call()
        assert caught.value.status_code == 404
        body = problem(caught.value)
        assert body["title"] == "Resource Not Found"
        assert body["detail"] == "The requested resource could not be found."

    auth = ("user", mailchimp_emulator.api_key)
    wrong = requests.delete(f"{mailchimp_emulator.url}/ping", auth=auth, timeout=5)
    assert wrong.status_code == 405
    assert wrong.headers["Allow"] == "GET"
    assert wrong.json()["title"] == "Method Not Allowed"
    nowhere = requests.get(f"{mailchimp_emulator.url}/no/such/path", auth=auth, timeout=5)
    assert nowhere.status_code == 404


def test_invalid_request_bodies_get_field_errors(mailchimp_emulator, mailchimp_client):
    email = "zonder.status@example.nl"
    with pytest.raises(ApiClientError) as caught:
        mailchimp_client.lists.set_list_member(
            mailchimp_emulator.list_id, subscriber_hash(email), {"email_address": email}
        )
    body = problem(caught.value)
    assert (caught.value.status_code, body["title"]) == (400, "Invalid Resource")
    assert body["errors"] == [
        {"field": "status_if_new", "message": "Required fields were not provided: status_if_new"}
    ]
    with pytest.raises(ApiClientError) as caught:
        mailchimp_client.lists.get_list_members_info(mailchimp_emulator.list_id, status="weg")
    assert problem(caught.value)["errors"][0]["field"] == "status"
    with pytest.raises(ApiClientError) as caught:
        mailchimp_client.lists.set_list_member(
            mailchimp_emulator.list_id,
            subscriber_hash("someone.else@example.nl"),
            {"email_address": email, "status_if_new": "subscribed"},
        )
    assert problem(caught.value)["errors"][0]["field"] == "email_address"
    assert mailchimp_emulator.members() == []


# ---- members ----------------------------------------------------------------------------------


def test_double_opt_in_then_confirmation(mailchimp_emulator, mailchimp_client):
    lid = mailchimp_emulator.list_id
    mailchimp_emulator.set_now(T0)
    member = put_member(
        mailchimp_client, lid, "Anna.Jansen@Example.nl", merge_fields={"FNAME": "Anna"}
    )
    assert member["status"] == "pending"
    assert member["id"] == subscriber_hash("anna.jansen@example.nl")
    assert member["email_address"] == "Anna.Jansen@Example.nl"
    assert member["merge_fields"] == {"FNAME": "Anna", "LNAME": ""}
    assert member["last_changed"] == "2026-03-02T09:00:00+00:00"
    assert member["timestamp_signup"] == "2026-03-02T09:00:00+00:00"
    assert member["timestamp_opt"] == ""
    assert len(member["unique_email_id"]) == 10
    assert isinstance(member["web_id"], int)
    assert mailchimp_emulator.confirmation_sends == [
        {"list_id": lid, "email": "Anna.Jansen@Example.nl", "at": "2026-03-02T09:00:00+00:00"}
    ]

    mailchimp_emulator.advance(120)
    payload = mailchimp_emulator.confirm("anna.jansen@example.nl")
    assert payload["type"] == "subscribe"
    assert payload["fired_at"] == "2026-03-02 09:02:00"
    assert payload["data[email]"] == "Anna.Jansen@Example.nl"
    assert payload["data[list_id]"] == lid
    assert payload["data[id]"] == member["unique_email_id"]
    assert payload["data[merges][FNAME]"] == "Anna"
    assert payload["data[merges][EMAIL]"] == "Anna.Jansen@Example.nl"
    assert b"data%5Bmerges%5D%5BFNAME%5D=Anna" in encode_webhook(payload)

    after = mailchimp_client.lists.get_list_member(lid, member["id"])
    assert after["status"] == "subscribed"
    assert after["timestamp_opt"] == "2026-03-02T09:02:00+00:00"
    assert after["last_changed"] == "2026-03-02T09:02:00+00:00"
    assert mailchimp_client.lists.get_list(lid)["stats"]["member_count"] == 1
    with pytest.raises(ValueError, match="subscribed"):
        mailchimp_emulator.confirm("anna.jansen@example.nl")


def test_repeated_identical_put_is_idempotent(mailchimp_emulator, mailchimp_client):
    lid = mailchimp_emulator.list_id
    mailchimp_emulator.set_now(T0)
    first = put_member(mailchimp_client, lid, "piet@example.nl", merge_fields={"FNAME": "Piet"})
    mailchimp_emulator.advance(60)
    second = put_member(mailchimp_client, lid, "piet@example.nl", merge_fields={"FNAME": "Piet"})
    assert second == first
    assert len(mailchimp_emulator.confirmation_sends) == 1
    assert len(mailchimp_emulator.members()) == 1

    mailchimp_emulator.advance(60)
    renamed = put_member(mailchimp_client, lid, "piet@example.nl", merge_fields={"FNAME": "Pieter"})
    assert renamed["last_changed"] == "2026-03-02T09:02:00+00:00"
    assert renamed["status"] == "pending"
    assert len(mailchimp_emulator.confirmation_sends) == 1


def test_member_paths_accept_the_raw_address(mailchimp_emulator, mailchimp_client):
    lid = mailchimp_emulator.list_id
    mailchimp_emulator.add_member("Kees@Example.nl", fname="Kees")
    by_email = mailchimp_client.lists.get_list_member(lid, "kees@example.nl")
    by_hash = mailchimp_client.lists.get_list_member(lid, subscriber_hash("kees@example.nl"))
    assert by_email == by_hash
    assert by_email["full_name"] == "Kees"
    assert mailchimp_emulator.request_log[0].path == f"/lists/{lid}/members/kees%40example.nl"


def test_fake_addresses_are_refused(mailchimp_emulator, mailchimp_client):
    lid = mailchimp_emulator.list_id
    for email in ("iemand@voorbeeld.invalid", "fake@example.nl", "geen-adres"):
        with pytest.raises(ApiClientError) as caught:
            put_member(mailchimp_client, lid, email)
        body = problem(caught.value)
        assert caught.value.status_code == 400
        assert body["title"] == "Invalid Resource"
        assert (
            body["detail"] == f"{email} looks fake or invalid, please enter a real email address."
        )
    assert mailchimp_emulator.members() == []
    assert mailchimp_emulator.confirmation_sends == []


def test_fake_rule_is_configurable(monkeypatch):
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    with MailchimpEmulator(is_fake=lambda email: email.endswith("@spam.example")) as emulator:
        client = emulator.client()
        put_member(client, emulator.list_id, "fake@example.nl")
        with pytest.raises(ApiClientError) as caught:
            put_member(client, emulator.list_id, "x@spam.example")
        assert "looks fake" in problem(caught.value)["detail"]
        emulator.assert_no_schema_errors()


def test_post_member_that_exists(mailchimp_emulator, mailchimp_client):
    lid = mailchimp_emulator.list_id
    body = {"email_address": "els@example.nl", "status": "subscribed"}
    created = mailchimp_client.lists.add_list_member(lid, body)
    assert created["status"] == "subscribed"
    assert created["timestamp_opt"] != ""
    with pytest.raises(ApiClientError) as caught:
        mailchimp_client.lists.add_list_member(lid, body)
    assert problem(caught.value)["title"] == "Member Exists"
    assert problem(caught.value)["detail"] == (
        "els@example.nl is already a list member. Use PUT to insert or update list members."
    )


def test_delete_permanent_forgets_the_address(mailchimp_emulator, mailchimp_client):
    lid = mailchimp_emulator.list_id
    member = put_member(mailchimp_client, lid, "weg@example.nl")
    response = mailchimp_client.lists.delete_list_member_permanent(lid, member["id"])
    assert response.status_code == 204
    assert mailchimp_emulator.forgotten() == {member["id"]}
    with pytest.raises(ApiClientError) as caught:
        mailchimp_client.lists.get_list_member(lid, member["id"])
    assert caught.value.status_code == 404
    for again in (
        lambda: put_member(mailchimp_client, lid, "Weg@example.nl"),
        lambda: mailchimp_client.lists.add_list_member(
            lid, {"email_address": "weg@example.nl", "status": "pending"}
        ),
    ):
        with pytest.raises(ApiClientError) as caught:
            again()
        body = problem(caught.value)
        assert body["title"] == "Forgotten Email Not Subscribed"
        assert "was permanently deleted and cannot be re-imported" in body["detail"]
    assert mailchimp_emulator.members() == []


def test_archive_and_revive(mailchimp_emulator, mailchimp_client):
    lid = mailchimp_emulator.list_id
    mailchimp_emulator.add_member("arch@example.nl")
    mailchimp_emulator.add_member("wacht@example.nl", status="pending")
    gone = mailchimp_client.lists.delete_list_member(lid, subscriber_hash("arch@example.nl"))
    assert gone.status_code == 204
    assert mailchimp_client.lists.get_list_member(lid, "arch@example.nl")["status"] == "archived"
    listed = mailchimp_client.lists.get_list_members_info(lid)
    assert [m["email_address"] for m in listed["members"]] == ["wacht@example.nl"]
    with pytest.raises(ApiClientError) as caught:
        mailchimp_client.lists.delete_list_member(lid, subscriber_hash("wacht@example.nl"))
    assert caught.value.status_code == 405
    revived = put_member(mailchimp_client, lid, "arch@example.nl", status_if_new="subscribed")
    assert revived["status"] == "subscribed"


def test_unsubscribed_member_must_reconfirm(mailchimp_emulator, mailchimp_client):
    lid = mailchimp_emulator.list_id
    mailchimp_emulator.add_member("jan@example.nl", fname="Jan")
    payload = mailchimp_emulator.unsubscribe("jan@example.nl")
    assert payload["type"] == "unsubscribe"
    assert payload["data[action]"] == "unsub"
    assert payload["data[reason]"] == "manual"
    member = mailchimp_client.lists.get_list_member(lid, "jan@example.nl")
    assert member["status"] == "unsubscribed"
    assert member["unsubscribe_reason"]
    with pytest.raises(ApiClientError) as caught:
        put_member(mailchimp_client, lid, "jan@example.nl", status="subscribed")
    assert problem(caught.value)["title"] == "Member In Compliance State"
    again = put_member(mailchimp_client, lid, "jan@example.nl", status="pending")
    assert again["status"] == "pending"
    assert [s["email"] for s in mailchimp_emulator.confirmation_sends] == ["jan@example.nl"]


def test_profile_email_change_and_cleaning(mailchimp_emulator, mailchimp_client):
    lid = mailchimp_emulator.list_id
    mailchimp_emulator.add_member("oud@example.nl", fname="Oud")
    profile = mailchimp_emulator.update_profile("oud@example.nl", "Nieuw", LNAME="Achternaam")
    assert profile["type"] == "profile"
    assert profile["data[merges][FNAME]"] == "Nieuw"
    assert profile["data[merges][LNAME]"] == "Achternaam"

    moved = mailchimp_emulator.change_email("oud@example.nl", "nieuw@example.nl")
    assert {k: moved[k] for k in ("type", "data[old_email]", "data[new_email]")} == {
        "type": "upemail",
        "data[old_email]": "oud@example.nl",
        "data[new_email]": "nieuw@example.nl",
    }
    assert moved["data[list_id]"] == lid
    member = mailchimp_client.lists.get_list_member(lid, "nieuw@example.nl")
    assert member["full_name"] == "Nieuw Achternaam"

    cleaned = mailchimp_emulator.clean("nieuw@example.nl")
    assert (cleaned["type"], cleaned["data[reason]"]) == ("cleaned", "hard")
    assert mailchimp_emulator.member("nieuw@example.nl")["status"] == "cleaned"
    assert [e["type"] for e in mailchimp_emulator.webhook_events] == [
        "profile",
        "upemail",
        "cleaned",
    ]


def test_patch_member_changes_address_and_fields(mailchimp_emulator, mailchimp_client):
    lid = mailchimp_emulator.list_id
    mailchimp_emulator.add_member("a@example.nl")
    mailchimp_emulator.add_member("b@example.nl")
    changed = mailchimp_client.lists.update_list_member(
        lid, "a@example.nl", {"email_address": "c@example.nl", "merge_fields": {"FNAME": "C"}}
    )
    assert changed["id"] == subscriber_hash("c@example.nl")
    assert changed["merge_fields"]["FNAME"] == "C"
    with pytest.raises(ApiClientError) as caught:
        mailchimp_client.lists.update_list_member(
            lid, "c@example.nl", {"email_address": "b@example.nl"}
        )
    assert problem(caught.value)["title"] == "Member Exists"
    with pytest.raises(ApiClientError) as caught:
        mailchimp_client.lists.update_list_member(lid, "a@example.nl", {"vip": True})
    assert caught.value.status_code == 404


def test_paging_and_since_last_changed(mailchimp_emulator, mailchimp_client):
    lid = mailchimp_emulator.list_id
    mailchimp_emulator.set_now(T0)
    for number in range(5):
        put_member(mailchimp_client, lid, f"lid{number}@example.nl", status_if_new="subscribed")
    mailchimp_emulator.advance(3600)
    put_member(mailchimp_client, lid, "lid1@example.nl", merge_fields={"FNAME": "Een"})
    put_member(mailchimp_client, lid, "lid9@example.nl", status_if_new="subscribed")
    mailchimp_emulator.unsubscribe("lid3@example.nl")

    page = mailchimp_client.lists.get_list_members_info(lid, count=2, offset=4)
    assert page["total_items"] == 6
    assert [m["email_address"] for m in page["members"]] == ["lid4@example.nl", "lid9@example.nl"]

    since = (T0 + timedelta(minutes=30)).isoformat()
    changed = mailchimp_client.lists.get_list_members_info(
        lid, since_last_changed=since, count=1000
    )
    assert changed["total_items"] == 3
    assert {m["email_address"] for m in changed["members"]} == {
        "lid1@example.nl",
        "lid3@example.nl",
        "lid9@example.nl",
    }
    unsubscribed = mailchimp_client.lists.get_list_members_info(
        lid, status="unsubscribed", fields=["members.email_address", "total_items"]
    )
    assert unsubscribed == {"members": [{"email_address": "lid3@example.nl"}], "total_items": 1}
    slim = mailchimp_client.lists.get_list_members_info(
        lid, count=1, exclude_fields=["_links", "members._links", "members.stats"]
    )
    assert "_links" not in slim
    assert "stats" not in slim["members"][0]
    assert "merge_fields" in slim["members"][0]


def test_batch_subscribe(mailchimp_emulator, mailchimp_client):
    lid = mailchimp_emulator.list_id
    mailchimp_emulator.add_member("bestaand@example.nl", status="subscribed")
    body = {
        "members": [
            {"email_address": "nieuw1@example.nl", "status": "subscribed"},
            {"email_address": "nieuw2@example.nl", "status": "pending"},
            {"email_address": "bestaand@example.nl", "status": "unsubscribed"},
            {"email_address": "nep@voorbeeld.invalid", "status": "subscribed"},
        ]
    }
    result = mailchimp_client.lists.batch_list_members(lid, body)
    assert (result["total_created"], result["total_updated"], result["error_count"]) == (2, 0, 2)
    assert [m["email_address"] for m in result["new_members"]] == [
        "nieuw1@example.nl",
        "nieuw2@example.nl",
    ]
    codes = {e["email_address"]: e["error_code"] for e in result["errors"]}
    assert codes == {
        "bestaand@example.nl": "ERROR_CONTACT_EXISTS",
        "nep@voorbeeld.invalid": "ERROR_GENERIC",
    }
    assert [s["email"] for s in mailchimp_emulator.confirmation_sends] == ["nieuw2@example.nl"]

    body["update_existing"] = True
    again = mailchimp_client.lists.batch_list_members(lid, body)
    assert (again["total_created"], again["total_updated"], again["error_count"]) == (0, 3, 1)
    assert mailchimp_emulator.member("bestaand@example.nl")["status"] == "unsubscribed"
    assert len(mailchimp_emulator.confirmation_sends) == 1

    too_many = {
        "members": [
            {"email_address": f"n{i}@example.nl", "status": "subscribed"} for i in range(501)
        ]
    }
    with pytest.raises(ApiClientError) as caught:
        mailchimp_client.lists.batch_list_members(lid, too_many)
    assert caught.value.status_code == 400
    assert len(mailchimp_emulator.members()) == 3


# ---- webhooks ---------------------------------------------------------------------------------


class _Receiver(BaseHTTPRequestHandler):
    received: list = []

    def do_POST(self):  # noqa: N802
        length = int(self.headers["Content-Length"])
        type(self).received.append(
            (self.headers["Content-Type"], parse_qs(self.rfile.read(length).decode()))
        )
        self.send_response(200)
        self.end_headers()

    def do_GET(self):  # noqa: N802
        self.send_response(200 if "geheim" in self.path else 404)
        self.end_headers()

    def log_message(self, *args):
        return


def test_webhooks_registration_and_delivery(mailchimp_emulator, mailchimp_client):
    lid = mailchimp_emulator.list_id
    receiver = HTTPServer(("127.0.0.1", 0), _Receiver)
    _Receiver.received = []
    thread = threading.Thread(target=receiver.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{receiver.server_address[1]}/nieuwsbrief/webhook/geheim/"
        mailchimp_emulator.validate_webhook_urls = True
        with pytest.raises(ApiClientError) as caught:
            mailchimp_client.lists.create_list_webhook(lid, {"url": url.replace("geheim", "x")})
        assert problem(caught.value)["errors"][0]["field"] == "url"
        hook = mailchimp_client.lists.create_list_webhook(
            lid,
            {
                "url": url,
                "events": {"subscribe": True, "unsubscribe": True, "profile": False},
                "sources": {"user": True, "admin": True, "api": False},
            },
        )
        assert hook["url"] == url
        assert hook["events"]["subscribe"] is True
        assert hook["events"]["profile"] is False
        listed = mailchimp_client.lists.get_list_webhooks(lid)
        assert [h["id"] for h in listed["webhooks"]] == [hook["id"]]

        mailchimp_emulator.add_member("hook@example.nl", status="pending")
        payload = mailchimp_emulator.confirm("hook@example.nl")
        assert mailchimp_emulator.deliver_webhook(payload) == [(url, 200)]
        profile = mailchimp_emulator.update_profile("hook@example.nl", "Henk")
        assert mailchimp_emulator.deliver_webhook(profile) == []
        content_type, form = _Receiver.received[0]
        assert content_type == "application/x-www-form-urlencoded"
        assert form["type"] == ["subscribe"]
        assert form["data[email]"] == ["hook@example.nl"]

        gone = mailchimp_client.lists.delete_list_webhook(lid, hook["id"])
        assert gone.status_code == 204
        assert mailchimp_client.lists.get_list_webhooks(lid)["total_items"] == 0
    finally:
        receiver.shutdown()
        receiver.server_close()


# ---- campaigns --------------------------------------------------------------------------------


def test_campaign_lifecycle(mailchimp_emulator, mailchimp_client):
    lid = mailchimp_emulator.list_id
    mailchimp_emulator.set_now(T0)
    mailchimp_emulator.add_member("lezer1@example.nl")
    mailchimp_emulator.add_member("lezer2@example.nl")
    mailchimp_emulator.add_member("wachtend@example.nl", status="pending")
    campaign = make_campaign(mailchimp_client, lid)
    cid = campaign["id"]
    assert campaign["status"] == "save"
    assert campaign["recipients"]["recipient_count"] == 2
    assert campaign["settings"]["subject_line"] == "Nieuwsbrief maart"

    checklist = mailchimp_client.campaigns.get_send_checklist(cid)
    assert checklist["is_ready"] is False
    assert [i["heading"] for i in checklist["items"] if i["type"] == "error"] == ["Content"]
    with pytest.raises(ApiClientError) as caught:
        mailchimp_client.campaigns.send(cid)
    assert problem(caught.value)["detail"].startswith("Your Campaign is not ready to send.")

    html = "<h1>Maart</h1><p>Nieuws uit <b>Twente</b> &amp; omstreken</p>"
    content = mailchimp_client.campaigns.set_content(cid, {"html": html})
    assert content["html"] == html
    assert content["plain_text"] == "Maart\nNieuws uit Twente & omstreken"
    assert mailchimp_client.campaigns.get_content(cid)["html"] == html
    assert mailchimp_client.campaigns.get_send_checklist(cid)["is_ready"] is True

    tested = mailchimp_client.campaigns.send_test_email(
        cid, {"test_emails": ["redactie@example.nl"], "send_type": "html"}
    )
    assert tested.status_code == 204
    assert mailchimp_emulator.test_sends[0]["test_emails"] == ["redactie@example.nl"]
    assert mailchimp_emulator.test_sends[0]["html"] == html
    with pytest.raises(ApiClientError) as caught:
        mailchimp_client.campaigns.send_test_email(cid, {"test_emails": ["x@example.nl"]})
    assert problem(caught.value)["errors"][0]["field"] == "send_type"

    with pytest.raises(ApiClientError) as caught:
        mailchimp_client.campaigns.schedule(cid, {"schedule_time": "2026-03-03T09:10:00+00:00"})
    assert caught.value.status_code == 400
    assert "quarter-hour" in problem(caught.value)["errors"][0]["message"]
    scheduled = mailchimp_client.campaigns.schedule(
        cid, {"schedule_time": "2026-03-03T10:15:00+01:00"}
    )
    assert scheduled.status_code == 204
    after = mailchimp_client.campaigns.get(cid)
    assert (after["status"], after["send_time"]) == ("schedule", "2026-03-03T09:15:00+00:00")
    assert mailchimp_client.campaigns.unschedule(cid).status_code == 204
    assert mailchimp_client.campaigns.get(cid)["status"] == "save"

    updated = mailchimp_client.campaigns.update(
        cid,
        {
            "settings": {
                "subject_line": "Nieuwsbrief maart (herzien)",
                "from_name": "Twentse Koers",
                "reply_to": "nieuwsbrief@twentsekoers.nl",
            }
        },
    )
    assert updated["settings"]["subject_line"] == "Nieuwsbrief maart (herzien)"
    assert updated["settings"]["preview_text"] == "Wat er speelt in Twente"

    assert mailchimp_client.campaigns.send(cid).status_code == 204
    sent = mailchimp_client.campaigns.get(cid, fields=["status", "emails_sent", "send_time"])
    assert sent == {"status": "sent", "emails_sent": 2, "send_time": "2026-03-02T09:00:00+00:00"}
    assert mailchimp_emulator.campaign_sends[0]["recipients"] == [
        "lezer1@example.nl",
        "lezer2@example.nl",
    ]
    with pytest.raises(ApiClientError) as caught:
        mailchimp_client.campaigns.send(cid)
    assert caught.value.status_code == 400
    with pytest.raises(ApiClientError) as caught:
        mailchimp_client.campaigns.set_content(cid, {"html": "<p>te laat</p>"})
    assert "Can only set content" in problem(caught.value)["detail"]

    mailchimp_emulator.set_report(
        cid, opens_total=5, unique_opens=1, clicks_total=3, unique_subscriber_clicks=1,
        hard_bounces=1, unsubscribed=1,
    )  # fmt: skip
    report = mailchimp_client.reports.get_campaign_report(cid)
    assert report["emails_sent"] == 2
    assert report["opens"]["opens_total"] == 5
    assert report["opens"]["open_rate"] == 0.5
    assert report["clicks"]["click_rate"] == 0.5
    assert report["bounces"]["hard_bounces"] == 1
    assert report["unsubscribed"] == 1
    assert mailchimp_client.campaigns.get(cid)["report_summary"]["opens"] == 5
    assert mailchimp_client.campaigns.remove(cid).status_code == 204


def test_scheduled_campaign_goes_out_when_its_time_comes(mailchimp_emulator, mailchimp_client):
    mailchimp_emulator.set_now(T0)
    mailchimp_emulator.add_member("lezer@example.nl")
    cid = make_campaign(mailchimp_client, mailchimp_emulator.list_id)["id"]
    mailchimp_client.campaigns.set_content(cid, {"html": "<p>Hoi</p>", "plain_text": "Hoi"})
    with pytest.raises(ApiClientError) as caught:
        mailchimp_client.campaigns.schedule(cid, {"schedule_time": "2026-03-02T08:45:00+00:00"})
    assert "future" in problem(caught.value)["errors"][0]["message"]
    mailchimp_client.campaigns.schedule(cid, {"schedule_time": "2026-03-02T09:30:00Z"})
    mailchimp_emulator.advance(29 * 60)
    assert mailchimp_client.campaigns.get(cid)["status"] == "schedule"
    mailchimp_emulator.advance(60)
    sent = mailchimp_client.campaigns.get(cid)
    assert (sent["status"], sent["emails_sent"]) == ("sent", 1)
    assert mailchimp_emulator.campaign_sends[0]["plain_text"] == "Hoi"


# ---- faults -----------------------------------------------------------------------------------


def test_down_refuses_connections_and_recovers_on_the_same_port(
    mailchimp_emulator, mailchimp_client
):
    port = mailchimp_emulator.port
    mailchimp_emulator.add_member("blijft@example.nl")
    mailchimp_emulator.set_fault("down")
    with pytest.raises(ApiClientError) as caught:
        mailchimp_client.ping.get()
    assert caught.value.status_code is None
    assert isinstance(caught.value.text, requests.exceptions.ConnectionError)
    mailchimp_emulator.set_fault(None)
    assert mailchimp_emulator.port == port
    assert mailchimp_client.ping.get()["health_status"] == "Everything's Chimpy!"
    assert mailchimp_client.lists.get_list_member(mailchimp_emulator.list_id, "blijft@example.nl")
    assert mailchimp_emulator.call_count == 2


def test_429_at_half_rate_is_reproducible(mailchimp_emulator, mailchimp_client):
    def run() -> list[int]:
        statuses = []
        for _ in range(40):
            try:
                mailchimp_client.ping.get()
                statuses.append(200)
            except ApiClientError as error:
                assert problem(error)["title"] == "TooManyRequests"
                statuses.append(error.status_code)
        return statuses

    mailchimp_emulator.set_fault("429", rate=0.5, seed=7)
    first = run()
    mailchimp_emulator.set_fault("429", rate=0.5, seed=7)
    assert run() == first
    counts = Counter(first)
    assert set(counts) == {200, 429}
    assert 12 <= counts[429] <= 28
    assert Counter(r.status for r in mailchimp_emulator.request_log) == Counter(first * 2)


def test_500_for_a_limited_count_then_healthy(mailchimp_emulator, mailchimp_client):
    mailchimp_emulator.set_fault("500", count=2)
    for _ in range(2):
        with pytest.raises(ApiClientError) as caught:
            mailchimp_client.ping.get()
        assert caught.value.status_code == 500
        assert problem(caught.value)["title"] == "InternalServerError"
    assert mailchimp_client.ping.get()["health_status"]


def test_empty_429_and_403_come_back_as_a_response(mailchimp_emulator, mailchimp_client):
    for mode, status in (("429-empty", 429), ("403-empty", 403)):
        mailchimp_emulator.set_fault(mode)
        response = mailchimp_client.ping.get()
        assert isinstance(response, requests.Response)
        assert (response.status_code, response.text) == (status, "")
    mailchimp_emulator.set_fault("502-html")
    with pytest.raises(ApiClientError) as caught:
        mailchimp_client.ping.get()
    assert caught.value.status_code == 502
    assert "<html>" in caught.value.text


def test_slow_answers_hit_the_client_timeout(mailchimp_emulator):
    client = mailchimp_emulator.client(timeout=0.3)
    mailchimp_emulator.set_fault("slow", delay=1.0)
    started = time.monotonic()
    with pytest.raises(ApiClientError) as caught:
        client.ping.get()
    assert time.monotonic() - started < 0.9
    assert caught.value.status_code is None
    assert isinstance(caught.value.text, requests.exceptions.ReadTimeout)
    mailchimp_emulator.set_fault("slow", delay=0.1)
    assert client.ping.get()["health_status"]


def test_more_than_the_concurrency_limit_gets_429(monkeypatch):
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    with MailchimpEmulator(max_concurrent=2) as emulator:
        emulator.set_fault("slow", delay=0.4)
        statuses: list[int | None] = []

        def call() -> None:
            try:
                emulator.client().ping.get()
                statuses.append(200)
            except ApiClientError as error:
                statuses.append(error.status_code)

        threads = [threading.Thread(target=call) for _ in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert sorted(statuses) == [200, 200, 429, 429]
        emulator.assert_no_schema_errors()


# ---- the emulator itself ----------------------------------------------------------------------


def test_reset_keeps_address_key_and_audience(mailchimp_emulator, mailchimp_client):
    url, list_id = mailchimp_emulator.url, mailchimp_emulator.list_id
    mailchimp_emulator.add_member("x@example.nl")
    mailchimp_emulator.set_fault("down")
    mailchimp_emulator.reset()
    assert (mailchimp_emulator.url, mailchimp_emulator.list_id) == (url, list_id)
    assert mailchimp_client.lists.get_list(list_id)["stats"]["member_count"] == 0
    assert mailchimp_emulator.call_count == 1
    assert mailchimp_emulator.members() == []


class _BrokenEmulator(MailchimpEmulator):
    def _ping(self, params, query, body):
        return 200, {"health_status": 42, "undeclared": True}


def test_responses_that_break_the_spec_are_recorded(monkeypatch):
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    with _BrokenEmulator() as emulator:
        emulator.client().ping.get()
    assert len(emulator.schema_errors) == 2
    assert any("42 is not of type 'string'" in error for error in emulator.schema_errors)
    assert any("'undeclared' was unexpected" in error for error in emulator.schema_errors)
    with pytest.raises(AssertionError, match="emulator defects"):
        emulator.assert_no_schema_errors()
