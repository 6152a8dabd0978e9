"""The editors' side: keywords in the admin, and creating news in the page editor."""

import json

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

DRAFTAIL_TEXT = {
    "key": "a",
    "text": "Tekst.",
    "type": "unstyled",
    "depth": 0,
    "inlineStyleRanges": [],
    "entityRanges": [],
}


def test_keywords_are_listed_with_their_use(admin_client_nl, news_site, make):
    make(title="Een", tags=["schulden", "werk"])
    make(title="Twee", tags=["schulden"])
    url = reverse("wagtailsnippets_taggit_tag:list")
    response = admin_client_nl.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Trefwoorden" in html and "schulden" in html and "werk" in html
    rows = {tag.name: tag for tag in response.context["object_list"]}
    assert rows["schulden"].news_count == 2 and rows["werk"].news_count == 1
    assert admin_client_nl.get(url + "?q=wer").context["object_list"][0].name == "werk"


def test_editor_can_add_a_news_item(admin_client_nl, news_site):
    from news.models import NewsPage

    url = reverse("wagtailadmin_pages:add", args=("news", "newspage", news_site.index.pk))
    assert admin_client_nl.get(url).status_code == 200
    data = {
        "title": "Nieuw bericht",
        "slug": "nieuw-bericht",
        "introduction": "Kort en duidelijk.",
        "kind": "nieuws",
        "date": "2026-01-15",
        "related_themes": [news_site.money.pk],
        "related_projects": [news_site.debt.pk],
        "tags": "schulden, werk",
        "body-count": "1",
        "body-0-type": "paragraph",
        "body-0-value": json.dumps({"blocks": [DRAFTAIL_TEXT], "entityMap": {}}),
        "body-0-deleted": "",
        "body-0-order": "0",
        "body-0-id": "",
        "action-publish": "publish",
    }
    response = admin_client_nl.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    page = NewsPage.objects.get(slug="nieuw-bericht")
    assert page.live
    assert list(page.related_themes.all()) == [news_site.money]
    assert sorted(page.tags.names()) == ["schulden", "werk"]
