"""The public archive under /nieuwsbrief/: sent issues only, newest first, paged, in a constant
number of queries, and the page tree rules of the newsletter pages."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.test.utils import WagtailPageTestCase

from home.models import HomePage
from newsletter.models import NewsletterCampaign, NewsletterIndexPage, NewsletterPage
from tests.factories import HomePageFactory
from tests.newsletter.page_factories import (
    NewsletterIndexPageFactory,
    NewsletterPageFactory,
    publish,
)


def sent_issue(index, title, days_ago, state="sent"):
    page = publish(NewsletterPageFactory(parent=index, title=title))
    NewsletterCampaign.objects.create(
        page=page,
        backend="local",
        state=state,
        revision=page.live_revision,
        sent_at=timezone.now() - dt.timedelta(days=days_ago),
    )
    return page


@pytest.fixture
def index(site_root):
    return NewsletterIndexPageFactory(parent=site_root)


@pytest.mark.django_db
def test_archive_lists_sent_issues_newest_first(index, client):
    sent_issue(index, "Nieuwsbrief september", 60)
    sent_issue(index, "Nieuwsbrief oktober", 30)
    sent_issue(index, "Nieuwsbrief november", 1, state="sending")
    sent_issue(index, "Mislukte nieuwsbrief", 2, state="failed")
    publish(NewsletterPageFactory(parent=index, title="Gepubliceerd maar niet verstuurd"))
    NewsletterPageFactory(parent=index, title="Concept", live=False)
    html = client.get("/nieuwsbrief/").content.decode()
    order = [
        html.find(t)
        for t in ("Nieuwsbrief november", "Nieuwsbrief oktober", "Nieuwsbrief september")
    ]
    assert -1 not in order and order == sorted(order)
    for hidden in ("Mislukte nieuwsbrief", "Gepubliceerd maar niet verstuurd", "Concept"):
        assert hidden not in html
    assert 'id="signup-title"' in html


@pytest.mark.django_db
def test_archive_pages_by_twelve(index, client):
    for n in range(14):
        sent_issue(index, f"Editie {n:02d}", 100 - n)
    first = client.get("/nieuwsbrief/").content.decode()
    second = client.get("/nieuwsbrief/?pagina=2").content.decode()
    assert first.count('class="card"') == 12 and second.count('class="card"') == 2
    assert "Editie 13" in first and "Editie 00" in second


@pytest.mark.django_db
def test_archive_queries_stay_constant_as_issues_grow(index, client):
    def count():
        client.get("/nieuwsbrief/")  # warm caches (site root, settings)
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/nieuwsbrief/").status_code == 200
        return len(captured)

    for n in range(2):
        sent_issue(index, f"Editie {n}", 10 + n)
    few = count()
    for n in range(2, 12):
        sent_issue(index, f"Editie {n}", 10 + n)
    assert count() == few


@pytest.mark.django_db
def test_issue_page_is_a_web_page_without_inline_style_or_cookies(index, client):
    issue = sent_issue(index, "Nieuwsbrief oktober", 3)
    response = client.get(issue.url)
    html = response.content.decode()
    assert response.status_code == 200 and not response.cookies
    assert "<h1>Nieuwsbrief oktober</h1>" in html
    assert "Nieuwsbrief, verstuurd op" in html and '<time datetime="' in html
    assert "style=" not in html and "<style" not in html
    assert "Alle nieuwsbrieven" in html
    index_response = client.get("/nieuwsbrief/")
    assert not index_response.cookies and "<style" not in index_response.content.decode()


class NewsletterPageTreeTests(WagtailPageTestCase):
    def test_where_newsletter_pages_may_go(self):
        self.assertAllowedParentPageTypes(NewsletterIndexPage, {HomePage})
        self.assertAllowedSubpageTypes(NewsletterIndexPage, {NewsletterPage})
        self.assertAllowedParentPageTypes(NewsletterPage, {NewsletterIndexPage})
        self.assertAllowedSubpageTypes(NewsletterPage, set())

    def test_one_newsletter_index(self):
        from wagtail.models import Page

        home = HomePageFactory(parent=Page.get_first_root_node(), slug="thuis")
        self.assertCanCreateAt(HomePage, NewsletterIndexPage)
        NewsletterIndexPageFactory(parent=home)
        self.assertFalse(NewsletterIndexPage.can_create_at(home))
