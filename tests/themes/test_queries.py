"""Queries per page stay few and do not grow with the number of projects.

The numbers include what every page costs: routing (the site root, then the page) and the
one-query view-restriction check, 4 or 5 queries; the site, main menu, breadcrumbs and site
settings come from the cache (home.caching), warm here as on a running server. Theme and project
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
    "/themalijnen/": 6,
    "/themalijnen/geldzorgen/": 8,
    "/themalijnen/geldzorgen/schuldhulp/": 9,
    "/uitgangspunten/": 5,
    "/uitgangspunten/samenwerken/": 7,
    "/projecten/": 7,
    "/projecten/?thema=geldzorgen&status=lopend&gemeente=enschede&doelgroep=ouderen": 7,
    "/resultaten/": 7,
    "/resultaten/per-gemeente/": 7,
    "/resultaten/cijfers.csv": 7,
    "/resultaten/cijfers.json": 7,
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
