"""The Wagtail API v2: published, public news only, with its public fields, in a number of
queries that does not grow with the number of items or their relations."""

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.documents import get_document_model
from wagtail.models import PageViewRestriction

from tests.factories import PersonFactory
from tests.home.factories import SiteImageFactory

pytestmark = pytest.mark.django_db

LISTING = "/api/v2/pages/?type=news.NewsPage&fields=*&limit={limit}"
MAX_LISTING_QUERIES = 14
MAX_DETAIL_QUERIES = 16


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


def api_queries(client, url):
    """Queries for a response once the per-process caches (site, content types) and the image
    renditions exist, and the response itself."""
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured), response.json()


@pytest.fixture
def rich_news(settings, tmp_path, news_site, make):
    """News items using every kind of related content the API shows: an author with an
    organisation, a hero image (and its thumbnail rendition), theme lines and projects, tags,
    and body blocks choosing an image, a document, a person and a page."""
    settings.MEDIA_ROOT = tmp_path

    def factory(n, relations=1):
        document = get_document_model()(title=f"Verslag {n}", file_size=12)
        document.file = ContentFile(b"%PDF-1.4 demo", name=f"verslag-{n}.pdf")
        document.save()
        body = [
            {"type": "paragraph", "value": "<p>Het bericht zelf.</p>"},
            {
                "type": "image",
                "value": {
                    "image": {"image": SiteImageFactory().pk, "alt_text": "", "decorative": True},
                    "caption": "Op de foto",
                },
            },
            {"type": "document", "value": {"document": document.pk, "title": ""}},
            {"type": "contact", "value": {"person": PersonFactory().pk, "text": "Vragen?"}},
            {
                "type": "call_to_action",
                "value": {
                    "title": "Lees meer",
                    "text": "",
                    "link": {"page": news_site.debt.pk, "url": "", "label": ""},
                },
            },
        ] * relations
        themes = [news_site.money, news_site.ageing][:relations]
        projects = [news_site.debt, news_site.home_care][:relations]
        return make(
            title=f"Uitgebreid {n}",
            days_ago=n,
            author=PersonFactory(),
            hero_image=SiteImageFactory(),
            themes=themes,
            projects=projects,
            tags=[f"tag{n}{k}" for k in range(relations * 3)],
            body=body,
        )

    return factory


def test_listing_queries_do_not_grow_with_the_number_of_items(client, news_site, rich_news):
    for n in range(20):
        rich_news(n, relations=2)
    few, data = api_queries(client, LISTING.format(limit=5))
    assert len(data["items"]) == 5
    many, data = api_queries(client, LISTING.format(limit=20))
    assert len(data["items"]) == 20
    assert few == many <= MAX_LISTING_QUERIES
    item = data["items"][0]
    assert item["author"]["organisation"]
    assert "fill-640x420" in item["hero_image_thumbnail"]["url"]
    assert [t["title"] for t in item["related_themes"]] == ["Geldzorgen", "Ouder worden"]
    assert item["tags"] == sorted(item["tags"]) and len(item["tags"]) == 6
    assert [block["type"] for block in item["body"][:5]] == [
        "paragraph",
        "image",
        "document",
        "contact",
        "call_to_action",
    ]
    download = item["body"][2]["value"]
    document = client.get(f"/api/v2/documents/{download['document']}/").json()
    assert download["url"] == document["meta"]["download_url"]
    assert download["url"].startswith("http")


def test_default_listing_and_search_stay_constant_too(client, news_site, rich_news):
    for n in range(8):
        rich_news(n)
    few, _data = api_queries(client, "/api/v2/pages/?type=news.NewsPage&limit=2")
    many, _data = api_queries(client, "/api/v2/pages/?type=news.NewsPage&limit=8")
    assert few == many
    few, _data = api_queries(client, LISTING.format(limit=2) + "&search=Uitgebreid")
    many, data = api_queries(client, LISTING.format(limit=8) + "&search=Uitgebreid")
    assert len(data["items"]) == 8
    assert few == many


def test_detail_queries_do_not_grow_with_the_relations_of_the_item(client, news_site, rich_news):
    small = rich_news(1, relations=1)
    large = rich_news(2, relations=2)
    small_count, small_data = api_queries(client, f"/api/v2/pages/{small.pk}/")
    large_count, large_data = api_queries(client, f"/api/v2/pages/{large.pk}/")
    assert len(large_data["body"]) == 2 * len(small_data["body"])
    assert len(large_data["tags"]) == 2 * len(small_data["tags"])
    assert small_count == large_count <= MAX_DETAIL_QUERIES


def test_prefetched_relations_still_hide_drafts_and_private_pages(client, news_site, rich_news):
    for n in range(6):
        rich_news(n, relations=2)
    draft = rich_news(10)
    draft.unpublish()
    private = rich_news(11)
    PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.PASSWORD, password="geheim"
    )
    news_site.ageing.unpublish()
    PageViewRestriction.objects.create(
        page=news_site.debt, restriction_type=PageViewRestriction.LOGIN
    )
    _count, data = api_queries(client, LISTING.format(limit=20))
    titles = [item["title"] for item in data["items"]]
    assert len(titles) == 6 and draft.title not in titles and private.title not in titles
    for item in data["items"]:
        assert [t["title"] for t in item["related_themes"]] == ["Geldzorgen"]
        assert [p["title"] for p in item["related_projects"]] == ["Langer thuis"]
    detail = client.get(f"/api/v2/pages/{data['items'][0]['id']}/").json()
    assert [t["title"] for t in detail["related_themes"]] == ["Geldzorgen"]
    assert [p["title"] for p in detail["related_projects"]] == ["Langer thuis"]
    assert client.get(f"/api/v2/pages/{draft.pk}/").status_code == 404
    assert client.get(f"/api/v2/pages/{private.pk}/").status_code == 404
