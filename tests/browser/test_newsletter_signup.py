"""The newsletter sign-up in Chromium: the footer form by keyboard alone, the error page, the
confirmation and unsubscribe pages; axe-core (WCAG 2.2 AA) on each, and no cookie anywhere."""

from __future__ import annotations

import pytest

from newsletter.models import Subscriber, SubscriberStatus
from newsletter.tokens import confirm_token, unsubscribe_token
from tests.newsletter.factories import SubscriberFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def tab_to(page, element_id: str, limit: int = 120) -> None:
    """Press Tab until the element with this id has focus (keyboard only, no clicks)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement && document.activeElement.id") == element_id:
            return
    raise AssertionError(f"#{element_id} never received focus by Tab")


def active_id(page) -> str:
    return page.evaluate("document.activeElement && document.activeElement.id")


def test_footer_form_by_keyboard_alone(page, live_server, site_root, axe):
    page.goto(f"{live_server.url}/")
    axe(page)
    tab_to(page, "footer-email")
    page.keyboard.type("toetsenbord@example.org")
    page.keyboard.press("Tab")
    assert active_id(page) == "footer-first_name"
    page.keyboard.type("Kees")
    page.keyboard.press("Tab")  # the honeypot is skipped: straight to the button
    assert page.evaluate("document.activeElement.textContent.trim()") == "Aanmelden"
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url == f"{live_server.url}/nieuwsbrief/aanmelden/bedankt/"
    assert page.get_by_role("heading", level=1).inner_text() == "Kijk in je mailbox"
    axe(page)
    s = Subscriber.objects.get()
    assert (s.email, s.first_name, s.status, s.source) == (
        "toetsenbord@example.org",
        "Kees",
        "pending",
        "/",
    )
    assert page.context.cookies() == []


def test_errors_are_announced_and_linked_to_the_field(page, live_server, site_root, axe):
    page.goto(f"{live_server.url}/nieuwsbrief/aanmelden/")
    tab_to(page, "page-email")
    page.keyboard.type("geen-adres")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.title().startswith("Fout:")
    alert = page.get_by_role("alert")
    assert "Dit is geen geldig e-mailadres" in alert.inner_text()
    field = page.locator("#page-email")
    assert field.get_attribute("aria-invalid") == "true"
    assert field.get_attribute("aria-describedby") == "page-email-error"
    assert field.input_value() == "geen-adres"
    axe(page)
    assert not Subscriber.objects.exists()
    assert page.context.cookies() == []


def test_confirm_page_button_by_keyboard(page, live_server, site_root, axe):
    s = SubscriberFactory(email="bevestig@example.org", status=SubscriberStatus.PENDING)
    page.goto(f"{live_server.url}/nieuwsbrief/bevestigen/{confirm_token(s)}/")
    axe(page)
    s.refresh_from_db()
    assert s.status == SubscriberStatus.PENDING
    button = page.get_by_role("button", name="Bevestig mijn aanmelding")
    for _ in range(120):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent.trim()") == "Bevestig mijn aanmelding":
            break
    assert button.evaluate("el => el === document.activeElement")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "bevestigd" in page.get_by_role("heading", level=1).inner_text()
    axe(page)
    s.refresh_from_db()
    assert s.status == SubscriberStatus.SUBSCRIBED
    assert page.context.cookies() == []


def test_unsubscribe_page(page, live_server, site_root, axe):
    s = SubscriberFactory(email="stop@example.org", status=SubscriberStatus.SUBSCRIBED)
    page.goto(f"{live_server.url}/nieuwsbrief/afmelden/{unsubscribe_token(s)}/")
    axe(page)
    page.get_by_role("button", name="Afmelden").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.get_by_role("heading", level=1).inner_text() == "Je bent afgemeld"
    axe(page)
    s.refresh_from_db()
    assert s.status == SubscriberStatus.UNSUBSCRIBED
