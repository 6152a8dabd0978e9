"""Purge on every change, everywhere it shows: the exact URLs and sites a recording frontend cache
(tests/support/frontend_cache.py, registered in the test settings) is asked to purge when a page is
published, moved or unpublished, or a snippet or setting changes; and a cache that refuses
connections is retried later without failing the publish."""

from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from wagtail.models import Site

from core import purging
from home.models import SiteSettings
from news.models import NewsPage
from tests.factories import ContentPageFactory, OrganisationFactory
from tests.news.factories import NewsIndexPageFactory, NewsPageFactory
from tests.support import frontend_cache
from tests.themes.factories import (
    ProjectFinderPageFactory,
    ResultsPageFactory,
    ThemeIndexPageFactory,
    ThemePageFactory,
)
from tests.themes.programme import make_project

pytestmark = pytest.mark.django_db

ROOT = "http://localhost"
SITE_WIDE = {f"{ROOT}/sitemap.xml", f"{ROOT}/zoeken/", f"{ROOT}/api/v2/pages/"}
NEWS_INDEX = {f"{ROOT}/actueel/", f"{ROOT}/actueel/feed/", f"{ROOT}/actueel/feed/atom/"}


@pytest.fixture(autouse=True)
def recorder():
    frontend_cache.reset()
    yield frontend_cache
    frontend_cache.reset()
    frontend_cache.refuse(False)


@pytest.fixture
def tree(site_root):
    s = SimpleNamespace(home=site_root)
    s.themes = ThemeIndexPageFactory(parent=site_root)
    s.money = ThemePageFactory(parent=s.themes, title="Geldzorgen", slug="geldzorgen")
    s.lonely = ThemePageFactory(parent=s.themes, title="Eenzaamheid", slug="eenzaamheid")
    s.rub = make_project(s.money, title="RUB", slug="rub", whole_twente=True)
    s.finder = ProjectFinderPageFactory(parent=site_root)
    s.results = ResultsPageFactory(parent=site_root)
    s.news = NewsIndexPageFactory(parent=site_root)
    s.other = NewsPageFactory(parent=s.news, slug="ander-bericht", related_themes=[s.money])
    s.elsewhere = NewsPageFactory(parent=s.news, slug="elders", related_themes=[s.lonely])
    s.contact = ContentPageFactory(parent=site_root, slug="contact", show_in_menus=True)
    return s


def publish(page, capture, **fields):
    for name, value in fields.items():
        if name in ("related_themes", "related_projects"):
            getattr(page, name).set(value)
        else:
            setattr(page, name, value)
    frontend_cache.reset()
    with capture(execute=True):
        page.save_revision().publish()
    page.refresh_from_db()
    return page


def urls(*paths):
    return {ROOT + path for path in paths}


def news_urls(item, theme_pages, project_pages, sharing):
    expected = {f"{ROOT}{item.url}", f"{ROOT}/", *NEWS_INDEX, *SITE_WIDE}
    expected.add(f"{ROOT}/api/v2/pages/{item.pk}/")
    expected |= {f"{ROOT}{page.url}" for page in [*theme_pages, *project_pages, *sharing]}
    return expected


def test_publishing_a_news_item_purges_every_page_that_shows_it(
    tree, django_capture_on_commit_callbacks
):
    item = NewsPageFactory(parent=tree.news, slug="nieuw", live=False)
    publish(item, django_capture_on_commit_callbacks, related_themes=[tree.money], related_projects=[tree.rub])

    assert set(frontend_cache.purged) == news_urls(item, [tree.money], [tree.rub], [tree.other])
    assert frontend_cache.banned == []
    # The page, the overview and its feeds, the home page, the theme line and project, the news
    # item sharing the theme line ("more news"), the sitemap, search and the API listing.
    assert f"{ROOT}/actueel/nieuw/" in frontend_cache.purged
    assert f"{ROOT}/themalijnen/geldzorgen/rub/" in frontend_cache.purged
    assert f"{ROOT}/actueel/elders/" not in frontend_cache.purged


def test_a_theme_line_the_item_left_is_purged_too(tree, django_capture_on_commit_callbacks):
    item = NewsPageFactory(parent=tree.news, slug="nieuw", related_themes=[tree.money])
    publish(item, django_capture_on_commit_callbacks)
    publish(item, django_capture_on_commit_callbacks, related_themes=[tree.lonely])

    purged = set(frontend_cache.purged)
    assert f"{ROOT}/themalijnen/geldzorgen/" in purged, "the theme line it no longer belongs to"
    assert f"{ROOT}/themalijnen/eenzaamheid/" in purged
    assert f"{ROOT}/actueel/ander-bericht/" in purged and f"{ROOT}/actueel/elders/" in purged


def test_a_page_linking_to_the_item_is_purged(tree, django_capture_on_commit_callbacks):
    item = NewsPageFactory(parent=tree.news, slug="nieuw")
    link = f'<p>Lees <a linktype="page" id="{item.pk}">het bericht</a>.</p>'
    ContentPageFactory(
        parent=tree.home, slug="over", body=[{"type": "paragraph", "value": link}]
    )
    publish(item, django_capture_on_commit_callbacks, title="Nieuwe titel")
    assert f"{ROOT}/over/" in frontend_cache.purged


def test_publishing_a_project_purges_the_finder_results_and_their_downloads(
    tree, django_capture_on_commit_callbacks
):
    story = NewsPageFactory(parent=tree.news, slug="verhaal", related_projects=[tree.rub])
    publish(tree.rub, django_capture_on_commit_callbacks, introduction="Nieuw in het kort.")
    expected = urls(
        "/themalijnen/geldzorgen/rub/",
        "/themalijnen/geldzorgen/",
        "/themalijnen/",
        "/",
        "/projecten/",
        "/resultaten/",
        "/resultaten/per-gemeente/",
        "/resultaten/cijfers.csv/",
        "/resultaten/cijfers.csv",
        "/resultaten/cijfers.json/",
        "/resultaten/cijfers.json",
        story.url,
        f"/api/v2/pages/{tree.rub.pk}/",
    ) | SITE_WIDE
    assert set(frontend_cache.purged) == expected


def test_moving_a_news_item_purges_its_old_and_new_address(
    tree, django_capture_on_commit_callbacks
):
    item = NewsPageFactory(parent=tree.news, slug="verhuisd")
    elsewhere = ContentPageFactory(parent=tree.home, slug="archief")
    frontend_cache.reset()
    with django_capture_on_commit_callbacks(execute=True):
        item.move(elsewhere, pos="last-child")
    purged = set(frontend_cache.purged)
    assert {f"{ROOT}/actueel/verhuisd/", f"{ROOT}/archief/verhuisd/"} <= purged
    assert purged >= NEWS_INDEX, "the old overview and its feeds"
    assert f"{ROOT}/archief/" in purged and f"{ROOT}/" in purged
    assert frontend_cache.banned == []


def test_unpublishing_purges_the_page_and_what_listed_it(
    tree, django_capture_on_commit_callbacks
):
    item = NewsPageFactory(parent=tree.news, slug="weg", related_themes=[tree.lonely])
    with django_capture_on_commit_callbacks(execute=True):
        item.unpublish()
    assert set(frontend_cache.purged) == news_urls(item, [tree.lonely], [], [tree.elsewhere])
    assert frontend_cache.banned == []


def test_deleting_a_live_page_purges_it(tree, django_capture_on_commit_callbacks):
    item = NewsPageFactory(parent=tree.news, slug="verwijderd")
    item_url, item_pk = f"{ROOT}/actueel/verwijderd/", item.pk
    frontend_cache.reset()
    with django_capture_on_commit_callbacks(execute=True):
        NewsPage.objects.get(pk=item_pk).delete()
    assert item_url in frontend_cache.purged and set(frontend_cache.purged) >= NEWS_INDEX


def test_changes_that_show_on_every_page_ban_the_site(tree, django_capture_on_commit_callbacks):
    # A new title in the main menu.
    publish(tree.contact, django_capture_on_commit_callbacks, title="Contact opnemen")
    assert frontend_cache.banned == [f"{ROOT}/"]
    # The same page published again without a change to its menu entry: only its URLs.
    publish(tree.contact, django_capture_on_commit_callbacks, introduction="Bel of mail ons.")
    assert frontend_cache.banned == [] and f"{ROOT}/contact/" in frontend_cache.purged
    # A theme line shows in filters and cards across the site.
    publish(tree.lonely, django_capture_on_commit_callbacks, introduction="Samen minder alleen.")
    assert frontend_cache.banned == [f"{ROOT}/"]


def test_a_snippet_or_a_setting_change_bans_the_site(tree, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        OrganisationFactory(name="Gemeente Losser", kind="gemeente", role="eigenaar")
    assert frontend_cache.banned == [f"{ROOT}/"] and frontend_cache.purged == []

    frontend_cache.reset()
    site_settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    frontend_cache.reset()
    with django_capture_on_commit_callbacks(execute=True):
        site_settings.email = "info@twentsekoers.nl"
        site_settings.save()
    assert frontend_cache.banned == [f"{ROOT}/"]


def test_a_refused_purge_is_retried_later_and_never_fails_the_publish(
    tree, settings, django_capture_on_commit_callbacks, caplog
):
    settings.SITE_TASK_BACKEND = "database"
    frontend_cache.refuse()
    item = NewsPageFactory(parent=tree.news, slug="later", live=False)
    publish(item, django_capture_on_commit_callbacks)
    assert NewsPage.objects.get(pk=item.pk).live, "the publish went through"
    assert frontend_cache.purged == []

    retry = DBTaskResult.objects.get(task_path="core.purging.run_purge", status="READY")
    assert retry.run_after > timezone.now() + timedelta(seconds=3)
    assert retry.args_kwargs["args"][2] == ["recorder"], "only the cache that failed"
    assert "will be retried" in caplog.text

    frontend_cache.refuse(False)
    result = purging.run_purge.call(*retry.args_kwargs["args"])
    assert result["purged"] > 0
    assert f"{ROOT}/actueel/later/" in frontend_cache.purged


def test_retries_end_after_the_last_delay_with_an_error_in_the_log(tree, caplog):
    frontend_cache.refuse()
    result = purging.run_purge.call(
        [f"{ROOT}/"], [], ["recorder"], len(purging.RETRY_DELAYS) + 1
    )
    assert result["gave_up"]
    assert "giving up purging" in caplog.text


def test_promoted_search_results_a_redirect_and_document_privacy_purge_what_they_change(
    tree, django_capture_on_commit_callbacks
):
    from wagtail.contrib.redirects.models import Redirect
    from wagtail.contrib.search_promotions.models import Query, SearchPromotion
    from wagtail.models import Collection, CollectionViewRestriction

    with django_capture_on_commit_callbacks(execute=True):
        SearchPromotion.objects.create(
            query=Query.get("schulden"), page=tree.rub, sort_order=0, description="Hulp bij schulden"
        )
    assert frontend_cache.purged == [f"{ROOT}/zoeken/"] and frontend_cache.banned == []

    frontend_cache.reset()
    with django_capture_on_commit_callbacks(execute=True):
        Redirect.objects.create(old_path="/oud-adres", redirect_page=tree.rub)
    assert frontend_cache.purged == [f"{ROOT}/oud-adres"]

    frontend_cache.reset()
    with django_capture_on_commit_callbacks(execute=True):
        CollectionViewRestriction.objects.create(
            collection=Collection.get_first_root_node(), restriction_type="login"
        )
    assert frontend_cache.banned == [f"{ROOT}/"]
