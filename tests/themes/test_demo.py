"""The themes demo loader builds the programme from the data files and changes nothing when run
again."""

import datetime

import pytest

from home import demo as home_demo
from home.demo import DemoContext
from home.models import HomePage
from tests.conftest import kept_until_rolled_back
from themes import demo as themes_demo
from themes.models import (
    Principle,
    PrinciplesPage,
    ProjectFinderPage,
    ProjectPage,
    ProjectResult,
    ProjectUpdate,
    ResultsPage,
    TargetGroup,
    ThemeIndexPage,
    ThemePage,
)


def load():
    ctx = DemoContext()
    home_demo.load(ctx)
    themes_demo.load(ctx)
    for step in ctx.deferred:
        step()
    return ctx


@pytest.fixture(scope="class")
def demo_site(django_db_setup, django_db_blocker, tmp_path_factory):
    """The home and themes loaders run once for the class; each test rolls back to their result
    (see `kept_until_rolled_back`)."""
    with kept_until_rolled_back(django_db_blocker, tmp_path_factory.mktemp("media")):
        yield load()


def counts():
    return {
        model.__name__: model.objects.count()
        for model in (
            Principle,
            TargetGroup,
            ThemeIndexPage,
            ThemePage,
            ProjectPage,
            ProjectUpdate,
            ProjectResult,
            PrinciplesPage,
            ProjectFinderPage,
            ResultsPage,
        )
    }


@pytest.mark.django_db
class TestTheDemoProgramme:
    """The three tests share one run of the loaders (each rolls back to it)."""

    def test_demo_builds_the_programme(self, demo_site):
        ctx = DemoContext()
        data = ctx.data("themes")
        assert Principle.objects.count() == len(ctx.data("principles")) >= 10
        assert set(Principle.objects.values_list("kind", flat=True)) == {"algemeen", "inhoudelijk"}
        assert TargetGroup.objects.count() == len(ctx.data("target_groups"))
        assert ThemePage.objects.live().count() == len(data) == 5
        project_total = sum(len(theme["projects"]) for theme in data)
        assert ProjectPage.objects.live().count() == project_total >= 15
        assert set(ProjectPage.objects.values_list("status", flat=True)) == {
            "voorbereiding",
            "lopend",
            "afgerond",
            "lange_termijn",
        }
        assert ProjectPage.objects.filter(whole_twente=True).exists()
        assert ProjectPage.objects.filter(municipalities__isnull=False).distinct().count() >= 3
        assert ProjectResult.objects.count() == sum(
            len(p["results"]) for theme in data for p in theme["projects"]
        )
        assert ProjectUpdate.objects.count() == sum(
            len(p["updates"]) for theme in data for p in theme["projects"]
        )
        rub = ProjectPage.objects.get(slug="rub-uit-de-zorgschulden")
        assert rub.lead_organisation.name == "Menzis"
        assert rub.contact is not None
        assert rub.principles.count() == 3
        assert rub.results.first().date == datetime.date(2026, 6, 30)
        for model in (ThemeIndexPage, PrinciplesPage, ProjectFinderPage, ResultsPage):
            page = model.objects.get()
            assert page.live and page.show_in_menus
            assert page.get_parent().specific_class is HomePage
        home = HomePage.objects.get()
        assert [item.theme.slug for item in home.featured_themes.all()] == [
            theme["slug"] for theme in data
        ]

    def test_demo_pages_render(self, demo_site, client):
        for url in [
            "/themalijnen/",
            "/themalijnen/geldzorgen-en-bestaanszekerheid/",
            "/themalijnen/geldzorgen-en-bestaanszekerheid/rub-uit-de-zorgschulden/",
            "/uitgangspunten/",
            "/uitgangspunten/inwonersparticipatie/",
            "/projecten/",
            "/resultaten/",
            "/resultaten/per-gemeente/",
            "/resultaten/cijfers.csv",
            "/",
        ]:
            assert client.get(url).status_code == 200, url

    def test_demo_loader_is_idempotent(self, demo_site):
        before = counts()
        ctx = load()
        assert counts() == before
        assert ctx.created == {}
