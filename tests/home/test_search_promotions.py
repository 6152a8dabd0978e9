"""Editors' promoted search results (wagtail.contrib.search_promotions) at the top of /zoeken/:
in the editors' order, live public pages and external links only, not repeated in the ordinary
results, and searching stores nothing."""

import re

import pytest
from django.core.cache import cache
from wagtail.contrib.search_promotions.models import Query, QueryDailyHits, SearchPromotion
from wagtail.models import PageViewRestriction

from tests.factories import ContentPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def pages(site_root):
    return {
        slug: ContentPageFactory(
            parent=site_root,
            title=title,
            slug=slug,
            introduction=f"Alles over {title.lower()} en schulden.",
        )
        for slug, title in [
            ("schuldhulp", "Schuldhulp"),
            ("budgetcoach", "Budgetcoach"),
            ("geheim", "Geheim"),
            ("concept", "Concept"),
        ]
    }


def promote(query_string, *, page=None, url="", text=None, description=""):
    query, _ = Query.objects.get_or_create(query_string=query_string)
    return SearchPromotion.objects.create(
        query=query,
        page=page,
        external_link_url=url,
        external_link_text=text,
        description=description,
        sort_order=SearchPromotion.objects.count(),
    )


def search(client, query, **params):
    response = client.get("/zoeken/", {"q": query, **params})
    assert response.status_code == 200
    return response.content.decode()


def promoted(html):
    if 'class="search-promotions"' not in html:
        return []
    section = html.split('class="search-promotions"', 1)[1].split("</section>", 1)[0]
    return re.findall(r'<h3><a href="([^"]+)">([^<]+)</a></h3>', section)


def ordinary(html):
    return re.findall(r'<h2><a href="([^"]+)">([^<]+)</a></h2>', html)


def test_promoted_results_come_first_in_the_editors_order(client, pages):
    promote("schulden", page=pages["budgetcoach"], description="Hulp bij je geldzaken.")
    promote(
        "schulden",
        url="https://www.geldfit.nl/",
        text="Geldfit: doe de test",
        description="Landelijke hulplijn.",
    )
    promote("schulden", page=pages["schuldhulp"])
    html = search(client, "  Schulden ")
    assert promoted(html) == [
        ("/budgetcoach/", "Budgetcoach"),
        ("https://www.geldfit.nl/", "Geldfit: doe de test"),
        ("/schuldhulp/", "Schuldhulp"),
    ]
    assert html.index('id="promotions-title"') < html.index('class="search-count"')
    assert ">Aanbevolen</h2>" in html
    assert "<p>Hulp bij je geldzaken.</p>" in html
    assert "<p>Landelijke hulplijn.</p>" in html
    assert "<p>Alles over schuldhulp en schulden.</p>" in html  # the page's own summary
    titles = [title for _url, title in ordinary(html)]
    assert "Budgetcoach" not in titles and "Schuldhulp" not in titles
    assert {"Geheim", "Concept"} <= set(titles)


def test_drafts_and_private_pages_are_never_promoted(client, pages):
    pages["concept"].unpublish()
    PageViewRestriction.objects.create(
        page=pages["geheim"], restriction_type=PageViewRestriction.PASSWORD, password="x"
    )
    promote("schulden", page=pages["concept"])
    promote("schulden", page=pages["geheim"])
    html = search(client, "schulden")
    assert promoted(html) == []
    assert 'class="search-promotions"' not in html


def test_other_searches_and_later_pages_show_no_promotions(client, pages, monkeypatch):
    promote("schulden", page=pages["budgetcoach"])
    assert promoted(search(client, "budgetcoach")) == []
    monkeypatch.setattr("home.views.SEARCH_PER_PAGE", 1)
    assert promoted(search(client, "schulden", pagina=1)) == [("/budgetcoach/", "Budgetcoach")]
    second = search(client, "schulden", pagina=2)
    assert promoted(second) == []
    assert "Budgetcoach" not in second


def test_searching_stores_nothing(client, pages):
    promote("schulden", page=pages["budgetcoach"])
    before = Query.objects.count()
    for query in ("schulden", "iets nieuws", "nog iets"):
        search(client, query)
    assert Query.objects.count() == before
    assert not QueryDailyHits.objects.exists()
