"""Queries per page: small, and the same when 30 more news items are added."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

pytestmark = pytest.mark.django_db

INDEX_QUERIES = 7
NEWS_PAGE_QUERIES = 7
FEED_QUERIES = 7


def queries(client, url):
    client.get(url)  # warm the caches a running server keeps (site, menu, site settings)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


def grow(make, news_site, count=30):
    for n in range(count):
        make(
            title=f"Extra {n}",
            days_ago=n,
            author=news_site.author,
            themes=[news_site.money, news_site.ageing],
            projects=[news_site.debt],
            tags=[f"tag{n}", "extra"],
        )


@pytest.fixture
def populated(client, news_site, make, story_kind):
    page = make(
        title="Meetpunt",
        kind=story_kind,
        author=news_site.author,
        themes=[news_site.money],
        projects=[news_site.debt, news_site.home_care],
        tags=["meten"],
    )
    for n in range(3):
        make(title=f"Basis {n}", themes=[news_site.money], projects=[news_site.debt])
    client.get("/")  # warm the per-process caches (content types, site root paths)
    return page


def test_news_index_queries_are_few_and_constant(
    client, news_site, make, populated, django_assert_num_queries
):
    client.get("/actueel/")  # warm: the theme catalogue is cached after the first visit
    with django_assert_num_queries(INDEX_QUERIES):
        client.get("/actueel/")
    filtered_before = queries(client, "/actueel/?thema=geldzorgen&soort=nieuws")
    grow(make, news_site)
    assert queries(client, "/actueel/") == INDEX_QUERIES
    assert queries(client, "/actueel/?pagina=3") == INDEX_QUERIES
    assert queries(client, "/actueel/?thema=geldzorgen&soort=nieuws") == filtered_before


def test_news_page_queries_are_few_and_constant(
    client, news_site, make, populated, django_assert_num_queries
):
    client.get(populated.url)  # warm: the breadcrumbs' ancestors are cached after the first visit
    with django_assert_num_queries(NEWS_PAGE_QUERIES):
        client.get(populated.url)
    grow(make, news_site)
    assert queries(client, populated.url) == NEWS_PAGE_QUERIES


def test_feed_queries_are_few_and_constant(client, news_site, make, populated):
    assert queries(client, "/actueel/feed/") == FEED_QUERIES
    assert queries(client, "/actueel/feed/atom/") == FEED_QUERIES
    grow(make, news_site)
    assert queries(client, "/actueel/feed/") == FEED_QUERIES


def test_home_theme_and_project_pages_stay_constant(client, news_site, make, populated):
    urls = ["/", news_site.money.url, news_site.debt.url]
    for url in urls:
        client.get(url)
    before = [queries(client, url) for url in urls]
    grow(make, news_site)
    for url in urls:
        client.get(url)  # the themes app rebuilds its cached catalogue after a publish
    assert [queries(client, url) for url in urls] == before
