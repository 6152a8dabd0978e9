"""Meta tags from includes/meta.html: news items are Open Graph articles with their publication
moment, other pages are websites; each page of a paginated listing is canonical as itself
(?pagina=N and no other parameter)."""

import datetime
import re

import pytest
from django.core.cache import cache
from django.utils import timezone

from news.models import NewsPage
from tests.factories import ContentPageFactory
from tests.guides.factories import GuideIndexPageFactory, GuidePageFactory
from tests.news.factories import NewsIndexPageFactory, NewsPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


def meta(html, prop):
    return re.findall(rf'<meta property="{re.escape(prop)}" content="([^"]*)">', html)


def canonical(html):
    return re.findall(r'<link rel="canonical" href="([^"]*)">', html)


@pytest.fixture
def news_index(site_root):
    return NewsIndexPageFactory(parent=site_root)


def test_a_news_item_is_an_article_with_its_publication_time(client, news_index):
    item = NewsPageFactory(
        parent=news_index,
        slug="regioplan",
        kind=NewsPage.Kind.NIEUWS,
        date=datetime.date(2026, 11, 18),
    )
    html = client.get(item.url).content.decode()
    assert meta(html, "og:type") == ["article"]
    [published] = meta(html, "article:published_time")
    moment = datetime.datetime.fromisoformat(published)
    assert moment == item.published_at and moment.tzinfo is not None
    assert timezone.localdate(moment) == item.date
    assert canonical(html) == meta(html, "og:url") == ["http://localhost/actueel/regioplan/"]


def test_other_pages_are_websites_without_a_publication_time(client, site_root, news_index):
    for page in (site_root, ContentPageFactory(parent=site_root, slug="colofon"), news_index):
        html = client.get(page.url).content.decode()
        assert meta(html, "og:type") == ["website"], page
        assert meta(html, "article:published_time") == []


def test_each_page_of_a_listing_is_canonical_as_itself(client, monkeypatch, news_index):
    monkeypatch.setattr("news.models.PER_PAGE", 2)
    for n in range(5):
        NewsPageFactory(parent=news_index, date=datetime.date(2026, 1, n + 1))
    base = "http://localhost/actueel/"
    expected = {
        "": base,
        "?pagina=1": base,
        "?pagina=2": f"{base}?pagina=2",
        "?soort=nieuws&pagina=3&utm_source=x": f"{base}?pagina=3",
        "?pagina=99": f"{base}?pagina=3",
        "?pagina=abc": base,
    }
    for query, url in expected.items():
        html = client.get(f"/actueel/{query}").content.decode()
        assert canonical(html) == meta(html, "og:url") == [url], query


def test_the_guides_listing_is_paginated_canonically_too(client, monkeypatch, site_root):
    monkeypatch.setattr("guides.models.PER_PAGE", 1)
    index = GuideIndexPageFactory(parent=site_root)
    for _ in range(2):
        GuidePageFactory(parent=index)
    html = client.get("/handreikingen/?pagina=2").content.decode()
    assert canonical(html) == ["http://localhost/handreikingen/?pagina=2"]
