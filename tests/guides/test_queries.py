"""Queries per page: small, and the same when 30 more guides and cases are added."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.guides.factories import CaseResultFactory, GuideReuseFactory

pytestmark = pytest.mark.django_db

INDEX_QUERIES = 7
GUIDE_QUERIES = 7
CASE_QUERIES = 7
FEED_QUERIES = 5


def queries(client, url):
    client.get(url)  # warm the caches a running server keeps (site, menu, site settings)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


def linked_case(site, make_case, **fields):
    case = make_case(
        themes=[site.money, site.ageing], principles=[site.together], contact=site.person, **fields
    )
    case.municipalities.set([site.enschede, site.almelo])
    case.organisations.set([site.menzis])
    case.related_projects.set([site.debt, site.home_care])
    case.subjects.add("Zorg", "Samenwerking")
    case.save_revision().publish()
    CaseResultFactory(page=case)
    CaseResultFactory(page=case)
    return case


def linked_guide(site, make_guide, cases, **fields):
    guide = make_guide(
        themes=[site.money],
        principles=[site.together, site.residents],
        contact=site.person,
        **fields,
    )
    guide.related_cases.set(cases)
    guide.related_projects.set([site.debt])
    guide.save_revision().publish()
    GuideReuseFactory(page=guide)
    GuideReuseFactory(page=guide)
    return guide


def grow(site, make_guide, make_case, count=30):
    for n in range(count // 2):
        case = linked_case(site, make_case, days_ago=n)
        linked_guide(site, make_guide, [case], days_ago=n)


@pytest.fixture
def populated(client, guide_site, make_guide, make_case):
    case = linked_case(guide_site, make_case)
    guide = linked_guide(guide_site, make_guide, [case])
    client.get("/")
    return guide, case


def test_guide_index_queries_are_few_and_constant(
    client, guide_site, make_guide, make_case, populated, django_assert_num_queries
):
    client.get("/handreikingen/")  # warm: the theme catalogue is cached after the first visit
    with django_assert_num_queries(INDEX_QUERIES):
        client.get("/handreikingen/")
    filtered = "/handreikingen/?thema=geldzorgen&uitgangspunt=samenwerken&soort=casus"
    assert queries(client, filtered) == INDEX_QUERIES
    grow(guide_site, make_guide, make_case)
    assert queries(client, "/handreikingen/") == INDEX_QUERIES
    assert queries(client, "/handreikingen/?pagina=2") == INDEX_QUERIES
    assert queries(client, filtered) == INDEX_QUERIES


def test_guide_and_case_pages_are_few_and_constant(
    client, guide_site, make_guide, make_case, populated, django_assert_num_queries
):
    guide, case = populated
    client.get(guide.url)  # warm: the route and breadcrumbs are cached after the first visit
    client.get(case.url)
    with django_assert_num_queries(GUIDE_QUERIES):
        client.get(guide.url)
    with django_assert_num_queries(CASE_QUERIES):
        client.get(case.url)
    grow(guide_site, make_guide, make_case)
    for other in guide_site.index.get_children().type(type(case)).specific()[:30]:
        linked_guide(guide_site, make_guide, [case, other])
    assert queries(client, guide.url) == GUIDE_QUERIES
    assert queries(client, case.url) == CASE_QUERIES


def test_feed_queries_are_few_and_constant(client, guide_site, make_guide, make_case, populated):
    assert queries(client, "/handreikingen/feed/") == FEED_QUERIES
    grow(guide_site, make_guide, make_case)
    assert queries(client, "/handreikingen/feed/") == FEED_QUERIES
    assert queries(client, "/handreikingen/feed/atom/") == FEED_QUERIES
