"""Fragments: what pages show around and inside their content is built once per content generation;
every change shows on the next request; previews never see a cached fragment."""

import pytest
from django.urls import reverse

from core import fragments
from tests.factories import ContentPageFactory

pytestmark = pytest.mark.django_db


def body(text):
    return [{"type": "paragraph", "value": f"<p>{text}</p>"}]


def test_a_page_body_is_rendered_once_and_a_published_change_shows(client, site_root):
    page = ContentPageFactory(parent=site_root, slug="contact", body=body("Bel ons op maandag."))
    assert "Bel ons op maandag." in client.get("/contact/").content.decode()
    page.body = body("Bel ons op dinsdag.")
    page.save_revision().publish()
    html = client.get("/contact/").content.decode()
    assert "Bel ons op dinsdag." in html and "maandag" not in html


def test_a_preview_never_shows_the_cached_body(admin_client_nl, client, site_root):
    page = ContentPageFactory(parent=site_root, slug="contact", body=body("Live tekst."))
    client.get("/contact/")
    page.body = body("Concepttekst.")
    page.save_revision()
    draft = admin_client_nl.get(reverse("wagtailadmin_pages:view_draft", args=[page.pk]))
    assert "Concepttekst." in draft.content.decode()
    assert "Live tekst." in client.get("/contact/").content.decode()


def test_building_is_kept_per_generation_and_long_names_are_hashed():
    calls = []

    def build():
        calls.append(1)
        return ["waarde"]

    assert fragments.cached("x" * 500, build) == ["waarde"]
    assert fragments.cached("x" * 500, build) == ["waarde"]
    assert len(calls) == 1
    fragments.content_changed()
    fragments.cached("x" * 500, build)
    assert len(calls) == 2


def test_an_empty_result_is_not_kept_when_asked(settings):
    calls = []
    fragments.cached("route:leeg", lambda: calls.append(1) or [], if_true=True)
    fragments.cached("route:leeg", lambda: calls.append(1) or [], if_true=True)
    assert len(calls) == 2


def test_the_menu_and_footer_are_kept_per_page_and_a_change_shows(client, site_root):
    from wagtail.models import Site

    from home.models import SiteSettings

    ContentPageFactory(parent=site_root, slug="contact", body=body("Tekst."))
    settings_row = SiteSettings.for_site(Site.objects.get())
    settings_row.email = "info@twentsekoers.nl"
    settings_row.save()
    assert "info@twentsekoers.nl" in client.get("/contact/").content.decode()
    settings_row.email = "contact@twentsekoers.nl"
    settings_row.save()
    assert "contact@twentsekoers.nl" in client.get("/contact/").content.decode()
    ContentPageFactory(parent=site_root, slug="over", title="Over ons", show_in_menus=True)
    menu = client.get("/contact/").content.decode().split("</nav>", 1)[0]
    assert "Over ons" in menu
    assert 'name="source" value="/contact/"' in client.get("/contact/").content.decode()
