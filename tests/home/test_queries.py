"""Queries per page stay few (at most 12) and do not grow with the amount of content."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from home.models import Organisation, Person
from tests.factories import ContentPageFactory, OrganisationFactory, PersonFactory
from tests.home.factories import AboutPageFactory, SiteImageFactory

pytestmark = pytest.mark.django_db

MAX_QUERIES = 12


@pytest.fixture
def site(site_root):
    site_root.hero_image = SiteImageFactory(description="Een fietspad langs de Regge")
    site_root.key_figures = [
        ("count_figure", {"count": "municipalities", "label": "gemeenten"}),
        ("count_figure", {"count": "partners", "label": ""}),
    ]
    site_root.save_revision().publish()
    about = AboutPageFactory(parent=site_root, show_in_menus=True)
    contact = ContentPageFactory(
        parent=site_root,
        title="Contact",
        slug="contact",
        show_in_menus=True,
        body=[
            ("heading", {"text": "Zo bereik je ons", "level": "h2"}),
            ("paragraph", "<p>Mail of bel ons.</p>"),
            ("contact", {"person": PersonFactory(name="Marieke"), "text": "Vragen?"}),
        ],
    )
    for org in ("Menzis", "GGD Twente"):
        OrganisationFactory(name=org, role=Organisation.Role.EIGENAAR, kind=Organisation.Kind.GGD)
    PersonFactory(team=Person.Team.PROGRAMMATEAM)
    return {"home": site_root, "about": about, "contact": contact}


def grow(site):
    """Fifty more of everything the measured pages list or could list."""
    for n in range(50):
        page = ContentPageFactory(
            parent=site["home"] if n % 2 else site["contact"],
            title=f"Extra pagina {n} over zorg",
            slug=f"extra-{n}",
            show_in_menus=bool(n % 2),
        )
        ContentPageFactory(parent=page, title=f"Onderpagina {n} over zorg", slug=f"onder-{n}")
    for n in range(50):
        OrganisationFactory(
            role=Organisation.Role.EIGENAAR if n % 3 == 0 else Organisation.Role.PARTNER
        )
        PersonFactory(team=Person.Team.PROGRAMMATEAM if n % 2 else "")


def queries_for(client, url):
    client.get(url)  # warm the caches a real server keeps between requests
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


def cold_queries_for(client, url):
    cache.clear()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


URLS = {
    "home": "/",
    "content": "/contact/",
    "about": "/over-twentse-koers/",
    "search": "/zoeken/?q=zorg",
}


# Queries with the caches a running server keeps (site, menu, site settings, site root paths,
# owners, renditions) warm, and right after the cache was emptied (image renditions already exist).
# The home page's cold count includes building the key figures' catalogue (home/figures.py).
EXPECTED = {
    "home": {"warm": 7, "cold": 16},
    "content": {"warm": 4, "cold": 12},
    "about": {"warm": 6, "cold": 12},
    "search": {"warm": 6, "cold": 10},  # one for the site, one for the promoted results
}


@pytest.mark.parametrize("name", list(URLS))
def test_query_counts_are_few_and_constant_as_content_grows(client, site, name):
    url = URLS[name]
    before = {"warm": queries_for(client, url), "cold": cold_queries_for(client, url)}
    assert before["warm"] <= MAX_QUERIES
    grow(site)
    after = {"warm": queries_for(client, url), "cold": cold_queries_for(client, url)}
    assert before == EXPECTED[name]
    assert after == before


def test_contact_blocks_do_not_cost_a_query_each(client, site):
    people = [PersonFactory(name=f"Contact {n}") for n in range(6)]
    page = site["contact"]
    page.body = [("contact", {"person": people[0], "text": ""})]
    page.save_revision().publish()
    one = queries_for(client, page.url)
    page.body = [("contact", {"person": person, "text": ""}) for person in people]
    page.save_revision().publish()
    six = queries_for(client, page.url)
    html = client.get(page.url).content.decode()
    assert all(person.organisation.name in html for person in people)
    assert six == one
