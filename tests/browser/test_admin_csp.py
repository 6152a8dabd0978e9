"""The Wagtail admin works under its Content-Security-Policy: logging in, the page editor, the
image chooser and the accessibility checks raise no CSP violation in Chromium."""

import re

import pytest

from tests.factories import ContentPageFactory
from tests.home.factories import SiteImageFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

CSP_MESSAGE = re.compile(r"Content Security Policy|Refused to", re.IGNORECASE)


@pytest.fixture
def editor_page(page, live_server, site_root, django_user_model):
    django_user_model.objects.create_superuser("beheer", "beheer@example.org", "geheim-wachtwoord")
    violations = []
    page.on(
        "console",
        lambda message: CSP_MESSAGE.search(message.text) and violations.append(message.text),
    )
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", "beheer")
    page.fill("#id_password", "geheim-wachtwoord")
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/admin/")
    page.violations = violations
    return page


def test_admin_dashboard_and_editor_without_csp_violations(editor_page, live_server, site_root):
    page = editor_page
    content = ContentPageFactory(parent=site_root, title="Contact", slug="contact")
    SiteImageFactory(title="Fietsers langs de Dinkel")
    page.wait_for_load_state("networkidle")

    page.goto(f"{live_server.url}/admin/pages/{site_root.pk}/edit/")
    page.wait_for_load_state("networkidle")
    page.goto(f"{live_server.url}/admin/pages/{content.pk}/edit/")
    page.wait_for_load_state("networkidle")
    assert page.locator("input[name=title]").input_value() == "Contact"

    page.locator("[data-chooser-action-choose]").first.click()
    modal = page.locator(".modal-content")
    modal.get_by_role("heading", name="Kies een afbeelding").wait_for()
    modal.get_by_text("Fietsers langs de Dinkel").first.click()
    page.locator(".modal").wait_for(state="hidden")
    assert page.locator("[data-chooser-title]", has_text="Fietsers langs de Dinkel").count() >= 1

    page.goto(f"{live_server.url}/admin/images/")
    page.wait_for_load_state("networkidle")
    page.goto(f"{live_server.url}/admin/pages/{site_root.pk}/")
    page.wait_for_load_state("networkidle")
    assert page.violations == []


def test_page_editor_shows_wagtail_accessibility_checks(editor_page, live_server, site_root):
    page = editor_page
    broken = ContentPageFactory(
        parent=site_root,
        title="Slechte koppen",
        slug="slechte-koppen",
        body=[("paragraph", "<h4>Te diepe kop</h4><p>Tekst.</p>")],
    )
    page.goto(f"{live_server.url}/admin/pages/{broken.pk}/edit/")
    page.wait_for_load_state("networkidle")
    page.locator('[data-side-panel-toggle="checks"]').click()
    panel = page.locator('[data-side-panel="checks"]')
    panel.wait_for(state="visible")
    count = panel.locator("[data-content-checker-count]")
    page.wait_for_function(
        "el => el.textContent.trim() !== '' && el.textContent.trim() !== '0'",
        arg=count.element_handle(),
        timeout=15_000,
    )
    assert int(count.inner_text()) >= 1
    assert "kop" in panel.inner_text().lower()
    assert page.violations == []


def test_public_page_with_the_editor_userbar_keeps_the_strict_policy(
    editor_page, live_server, site_root
):
    page = editor_page
    ContentPageFactory(parent=site_root, title="Contact", slug="contact")
    response = page.goto(f"{live_server.url}/contact/")
    assert "unsafe-inline" not in response.headers["content-security-policy"]
    page.wait_for_load_state("networkidle")
    userbar = page.locator("wagtail-userbar")
    assert userbar.count() == 1
    page.locator("wagtail-userbar [aria-controls]").first.click()
    page.wait_for_timeout(1500)
    assert page.violations == []
