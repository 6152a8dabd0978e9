"""The Wagtail API v2: published, public news only, with its public fields."""

import pytest
from wagtail.models import PageViewRestriction

pytestmark = pytest.mark.django_db


def listed(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    return response.json()


def test_api_lists_published_public_news_only(client, news_site, make):
    live = make(title="Gepubliceerd")
    draft = make(title="Concept")
    draft.unpublish()
    private = make(title="Besloten")
    PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.PASSWORD, password="geheim"
    )
    data = listed(client, "/api/v2/pages/?type=news.NewsPage")
    assert data["meta"]["total_count"] == 1
    assert [item["title"] for item in data["items"]] == ["Gepubliceerd"]
    assert client.get(f"/api/v2/pages/{live.pk}/").status_code == 200
    assert client.get(f"/api/v2/pages/{draft.pk}/").status_code == 404
    assert client.get(f"/api/v2/pages/{private.pk}/").status_code == 404
    everything = listed(client, "/api/v2/pages/?limit=50")
    titles = {item["title"] for item in everything["items"]}
    assert "Gepubliceerd" in titles and not {"Concept", "Besloten"} & titles


def test_pages_under_a_private_index_are_hidden_too(client, news_site, make):
    make(title="Onder besloten overzicht")
    PageViewRestriction.objects.create(
        page=news_site.index, restriction_type=PageViewRestriction.LOGIN
    )
    assert listed(client, "/api/v2/pages/?type=news.NewsPage")["items"] == []


def test_api_exposes_public_news_fields(client, news_site, make, story_kind):
    news_site.home_care.unpublish()
    page = make(
        title="Verhaal",
        kind=story_kind,
        author=news_site.author,
        themes=[news_site.money],
        projects=[news_site.debt, news_site.home_care],
        tags=["schulden"],
    )
    data = listed(client, f"/api/v2/pages/{page.pk}/")
    assert data["meta"]["type"] == "news.NewsPage"
    assert data["meta"]["html_url"] == "http://localhost/actueel/" + page.slug + "/"
    assert data["kind"] == "projectverhaal"
    assert data["date"] == page.date.isoformat()
    assert data["introduction"] == "Wat er gebeurde, in het kort."
    assert data["author"]["name"] == "Lotte Wolters"
    assert "email" not in data["author"], "contact details stay on the site"
    assert data["body"][0]["type"] == "paragraph"
    assert [t["title"] for t in data["related_themes"]] == ["Geldzorgen"]
    assert [p["title"] for p in data["related_projects"]] == ["Schuldhulp dichtbij"]
    assert data["tags"] == ["schulden"]


def test_listing_can_ask_for_fields_and_filter_by_kind(client, news_site, make, story_kind):
    make(title="Nieuws")
    make(title="Verhaal", kind=story_kind)
    data = listed(client, "/api/v2/pages/?type=news.NewsPage&fields=kind,date&kind=projectverhaal")
    assert [(item["title"], item["kind"]) for item in data["items"]] == [
        ("Verhaal", "projectverhaal")
    ]


def test_images_and_documents_endpoints_exist(client, news_site):
    assert listed(client, "/api/v2/images/")["meta"]["total_count"] == 0
    assert listed(client, "/api/v2/documents/")["meta"]["total_count"] == 0


def test_api_is_read_only(client, news_site, make):
    page = make(title="Bericht")
    assert client.post("/api/v2/pages/", {}).status_code == 405
    assert client.delete(f"/api/v2/pages/{page.pk}/").status_code == 405
