"""The page cache in the app: a hit costs no query and skips the rest of the stack; editors,
POSTs and private answers are never stored; publishing purges the page everywhere it shows (all
query strings of a path); a purge that happens while a page renders always wins; and a cache that
cannot be reached means pages are rendered, not errors."""

import contextlib

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.page_cache import HIT_HEADER, PageCache
from tests.factories import ContentPageFactory, OrganisationFactory
from tests.news.factories import NewsIndexPageFactory, NewsPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.PAGE_CACHE_ENABLED = True
    from django.core.cache import caches

    caches["pages"].clear()
    yield
    with contextlib.suppress(Exception):  # a test may point the alias at a Redis that is down
        caches["pages"].clear()


@pytest.fixture
def news(site_root):
    index = NewsIndexPageFactory(parent=site_root)
    item = NewsPageFactory(parent=index, slug="bericht", title="Eerste titel")
    return index, item


def get(client, url, **extra):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **extra)
    return response, len(queries)


def test_the_second_anonymous_request_is_a_hit_without_a_query(client, news):
    first, _ = get(client, "/actueel/bericht/")
    assert first[HIT_HEADER] == "miss"
    second, queries = get(client, "/actueel/bericht/")
    assert second[HIT_HEADER] == "hit"
    assert queries == 0
    assert second.content == first.content
    assert second["Cache-Control"] == first["Cache-Control"]
    assert second["Content-Security-Policy"], "the security headers are added to hits too"
    assert not second.cookies


def test_editors_posts_and_private_answers_are_never_stored_or_served(
    client, admin_client_nl, news
):
    get(client, "/actueel/bericht/")
    editor, queries = get(admin_client_nl, "/actueel/bericht/")
    assert HIT_HEADER not in editor and queries > 0, "an editor is never served a stored page"
    assert HIT_HEADER not in client.post("/nieuwsbrief/aanmelden/", {})
    get(admin_client_nl, "/contact-voor-redacteuren/")
    response, _ = get(client, "/bestaat-niet/")
    response, _ = get(client, "/bestaat-niet/")
    assert response.status_code == 404 and HIT_HEADER not in response


def test_publishing_purges_the_page_and_every_listing_that_shows_it(
    client, news, django_capture_on_commit_callbacks
):
    _index, item = news
    for url in ("/actueel/bericht/", "/actueel/", "/actueel/?soort=nieuws", "/"):
        get(client, url)
        assert get(client, url)[0][HIT_HEADER] == "hit", url
    item.title = "Nieuwe titel"
    with django_capture_on_commit_callbacks(execute=True):
        item.save_revision().publish()
    for url in ("/actueel/bericht/", "/actueel/", "/actueel/?soort=nieuws"):
        response, _ = get(client, url)
        assert response[HIT_HEADER] == "miss", url
        assert "Nieuwe titel" in response.content.decode(), url


def test_a_snippet_change_drops_every_stored_page(client, news, django_capture_on_commit_callbacks):
    ContentPageFactory(parent=news[0].get_parent(), slug="contact")
    for url in ("/actueel/bericht/", "/contact/"):
        get(client, url)
    with django_capture_on_commit_callbacks(execute=True):
        OrganisationFactory(name="Gemeente Tubbergen", kind="gemeente", role="eigenaar")
    for url in ("/actueel/bericht/", "/contact/"):
        assert get(client, url)[0][HIT_HEADER] == "miss", url


def test_a_purge_during_rendering_wins():
    from django.http import HttpResponse

    cache = PageCache()
    response = HttpResponse("oud", content_type="text/html")
    response["Cache-Control"] = "public, max-age=60, s-maxage=600"

    # A path never stored: the purge makes its version while the old page renders.
    found, stamp = cache.lookup("/a/", "/a/")
    assert found is None and stamp == (None, None)
    cache.forget_path("/a/")
    assert not cache.keep("/a/", "/a/", stamp, response, 600)
    assert cache.lookup("/a/", "/a/")[0] is None

    # A path stored before: the old stamp no longer matches after the purge.
    _found, stamp = cache.lookup("/a/", "/a/")
    assert cache.keep("/a/", "/a/", stamp, response, 600)
    assert cache.lookup("/a/", "/a/")[0] is not None
    _found, stamp = cache.lookup("/a/", "/a/?x=1")
    cache.forget_path("/a/")
    cache.keep("/a/", "/a/?x=1", stamp, response, 600)
    assert cache.lookup("/a/", "/a/")[0] is None
    assert cache.lookup("/a/", "/a/?x=1")[0] is None
    cache.forget_all()


def test_an_unreachable_cache_means_rendered_pages_not_errors(client, news, settings):
    settings.CACHES = {
        **settings.CACHES,
        "pages": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:9/0",  # discard port: nothing listens
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        },
    }
    # Django's setting_changed handler gives the "pages" alias its new backend.
    for _ in range(2):
        response, _queries = get(client, "/actueel/bericht/")
        assert response.status_code == 200
        assert HIT_HEADER not in response
        assert "Eerste titel" in response.content.decode()
