"""A small site for the news tests: Actueel, two theme lines with a project each, and an author."""

import datetime
from types import SimpleNamespace

import pytest

from news.models import NewsPage
from tests.factories import PersonFactory
from tests.news.factories import NewsIndexPageFactory, NewsPageFactory
from tests.themes.factories import ProjectPageFactory, ThemeIndexPageFactory, ThemePageFactory

TODAY = datetime.date.today()


def make_news(index, *, days_ago=0, themes=(), projects=(), tags=(), **fields):
    """A published news item dated `days_ago` days back, linked to themes and projects."""
    page = NewsPageFactory(parent=index, date=TODAY - datetime.timedelta(days=days_ago), **fields)
    page.related_themes.set(themes)
    page.related_projects.set(projects)
    if tags:
        page.tags.add(*tags)
    page.save_revision().publish()
    page.refresh_from_db()
    return page


@pytest.fixture
def news_site(site_root):
    s = SimpleNamespace(home=site_root)
    s.author = PersonFactory(name="Lotte Wolters", role="Communicatieadviseur")
    s.index = NewsIndexPageFactory(parent=site_root)
    s.theme_index = ThemeIndexPageFactory(parent=site_root)
    s.money = ThemePageFactory(parent=s.theme_index, title="Geldzorgen", slug="geldzorgen")
    s.ageing = ThemePageFactory(parent=s.theme_index, title="Ouder worden", slug="ouder-worden")
    s.debt = ProjectPageFactory(parent=s.money, title="Schuldhulp dichtbij", slug="schuldhulp")
    s.home_care = ProjectPageFactory(parent=s.ageing, title="Langer thuis", slug="langer-thuis")
    return s


@pytest.fixture
def make(news_site):
    def factory(**kwargs):
        return make_news(news_site.index, **kwargs)

    return factory


@pytest.fixture
def story_kind():
    return NewsPage.Kind.PROJECTVERHAAL
