"""Cache-Control for each kind of answer: public pages may be kept by shared caches for a day and by
browsers for a minute and vary on nothing; editors, previews, private pages, POST answers and
errors are never kept; anonymous visitors still get no cookie."""

import pytest
from django.urls import reverse
from wagtail.models import PageViewRestriction

from tests.factories import ContentPageFactory
from tests.news.factories import NewsIndexPageFactory, NewsPageFactory

pytestmark = pytest.mark.django_db

PUBLIC = "max-age=60, public, s-maxage=86400"
NEVER = {"max-age=0", "no-cache", "no-store", "must-revalidate", "private"}


def directives(response):
    return {part.strip() for part in response.get("Cache-Control", "").split(",") if part.strip()}


def assert_public_page(response):
    assert response.status_code == 200
    assert directives(response) == set(PUBLIC.split(", "))
    assert "cookie" not in response.get("Vary", "").lower()
    assert not response.cookies


def assert_never_kept(response):
    assert directives(response) >= NEVER, response.get("Cache-Control")
    assert "public" not in directives(response)


@pytest.fixture
def pages(site_root):
    news = NewsIndexPageFactory(parent=site_root)
    item = NewsPageFactory(parent=news, slug="bericht")
    contact = ContentPageFactory(parent=site_root, slug="contact")
    return news, item, contact


def test_anonymous_answers_of_every_public_kind_are_public(client, pages):
    for url in (
        "/",
        "/contact/",
        "/actueel/",
        "/actueel/?thema=onbekend",
        "/actueel/bericht/",
        "/actueel/feed/",
        "/sitemap.xml",
        "/zoeken/?q=zorg",
        "/api/v2/pages/",
        "/nieuwsbrief/aanmelden/",
    ):
        assert_public_page(client.get(url))
    assert_public_page(client.head("/contact/"))


def test_the_durations_follow_the_settings(client, pages, settings):
    settings.CACHE_MAX_AGE = 30
    settings.CACHE_S_MAXAGE = 3600
    assert directives(client.get("/contact/")) == {"public", "max-age=30", "s-maxage=3600"}


def test_a_404_is_kept_briefly_and_only_as_long_as_a_browser_would(client, pages):
    response = client.get("/bestaat-niet/")
    assert response.status_code == 404
    assert directives(response) == {"public", "max-age=60"}
    assert not response.cookies


def test_an_editor_with_a_session_gets_private_answers(admin_client_nl, pages):
    response = admin_client_nl.get("/contact/")
    assert response.status_code == 200
    assert_never_kept(response)


def test_previews_are_private(admin_client_nl, pages):
    _news, item, _contact = pages
    response = admin_client_nl.get(reverse("wagtailadmin_pages:view_draft", args=[item.pk]))
    assert response.status_code == 200
    assert "private" in directives(response)
    assert "public" not in directives(response)


def test_private_pages_are_never_kept(client, pages):
    _news, _item, contact = pages
    PageViewRestriction.objects.create(
        page=contact, restriction_type=PageViewRestriction.PASSWORD, password="geheim"
    )
    response = client.get("/contact/")
    assert response.status_code == 200, "the password form"
    assert_never_kept(response)


def test_post_answers_are_never_kept(client, pages):
    response = client.post(
        "/nieuwsbrief/aanmelden/",
        {"email": "iemand@example.org"},
        HTTP_ORIGIN="http://testserver",
    )
    assert response.status_code in (200, 302)
    assert_never_kept(response)


def test_links_with_a_personal_token_and_the_health_check_are_never_kept(client, pages):
    assert_never_kept(client.get("/nieuwsbrief/afmelden/ongeldig/"))
    assert_never_kept(client.get("/healthz"))


def test_the_webhook_check_is_never_kept(client, settings):
    response = client.get(f"/nieuwsbrief/webhook/{settings.MAILCHIMP_WEBHOOK_SECRET}/")
    assert response.status_code == 200
    assert_never_kept(response)
