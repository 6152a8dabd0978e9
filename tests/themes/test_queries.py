"""Queries per page stay few and do not grow with the number of projects.

The numbers include what every page costs through Wagtail's public API: the site, its root page,
routing (the pages on the path, then the page) and Wagtail's view-restriction check (ancestors,
restrictions), 6 or 7 queries; the main menu, breadcrumbs and site settings come from the
fragment cache (core.fragments), warm here as on a running server. Theme and project
pages also show the news app's latest stories."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.themes.factories import ProjectResultFactory, ProjectUpdateFactory
from tests.themes.programme import make_project
from themes.models import ProjectPage

pytestmark = pytest.mark.django_db

MAX_QUERIES = {
    "/themalijnen/": 9,
    "/themalijnen/geldzorgen/": 11,
    "/themalijnen/geldzorgen/schuldhulp/": 12,
    "/uitgangspunten/": 8,
    "/uitgangspunten/samenwerken/": 10,
    "/projecten/": 10,
    "/projecten/?thema=geldzorgen&status=lopend&gemeente=enschede&doelgroep=ouderen": 10,
    "/resultaten/": 10,
    "/resultaten/per-gemeente/": 10,
    "/resultaten/cijfers.csv": 10,
    "/resultaten/cijfers.json": 10,
}


def count_queries(client, url):
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


def add_projects(p, number):
    statuses = list(ProjectPage.Status.values)
    for n in range(number):
        make_project(
            p.money if n % 2 else p.ageing,
            title=f"Groeiproject {n}",
            status=statuses[n % len(statuses)],
            municipalities=[p.enschede, p.almelo][: n % 3],
            whole_twente=n % 3 == 0,
            principles=[p.together, p.equal],
            target_groups=[p.elderly],
            organisations=[p.menzis, p.ggd],
            update_years=[datetime.date.today().year - 1],
            results=2,
        )
    for extra in range(3):
        ProjectUpdateFactory(page=p.debt, year=2000 + extra)
        ProjectResultFactory(page=p.debt)


def test_queries_per_page_are_few_and_constant_as_projects_grow(client, programme):
    before = {url: count_queries(client, url) for url in MAX_QUERIES}
    for url, limit in MAX_QUERIES.items():
        assert before[url] <= limit, f"{url}: {before[url]} queries, expected at most {limit}"
    add_projects(programme, 50)
    assert ProjectPage.objects.live().count() == 54
    after = {url: count_queries(client, url) for url in MAX_QUERIES}
    assert after == before


def test_more_projects_do_show_up(client, programme):
    add_projects(programme, 50)
    assert "36 projecten gevonden" in client.get("/projecten/?gemeente=almelo").content.decode()
    csv_rows = client.get("/resultaten/cijfers.csv").content.decode().strip().splitlines()
    assert len(csv_rows) == 1 + 3 + 3 + 100
