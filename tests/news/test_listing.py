"""Actueel: page tree rules, order, paging, filters, empty states and what never gets listed."""

import re

import pytest
from wagtail.models import PageViewRestriction
from wagtail.test.utils import WagtailPageTestCase

from home.models import ContentPage, HomePage
from news.models import NewsIndexPage, NewsPage
from tests.news.conftest import make_news

pytestmark = pytest.mark.django_db


def titles(response):
    return [item.title for item in response.context["items"]]


class TestPageTree(WagtailPageTestCase):
    def test_news_index_lives_under_home_and_holds_news(self):
        self.assertAllowedParentPageTypes(NewsIndexPage, {HomePage})
        self.assertAllowedSubpageTypes(NewsIndexPage, {NewsPage})
        self.assertAllowedParentPageTypes(NewsPage, {NewsIndexPage})
        self.assertAllowedSubpageTypes(NewsPage, set())
        self.assertCanNotCreateAt(ContentPage, NewsPage)

    def test_only_one_news_index(self):
        assert NewsIndexPage.max_count == 1


def test_only_one_news_index_can_be_made(news_site):
    assert not NewsIndexPage.can_create_at(news_site.home)


def test_newest_first(client, make):
    make(title="Oud", days_ago=30)
    make(title="Nieuwst", days_ago=0)
    make(title="Midden", days_ago=10)
    response = client.get("/actueel/")
    assert response.status_code == 200
    assert titles(response) == ["Nieuwst", "Midden", "Oud"]
    html = response.content.decode()
    assert html.index(">Nieuwst</a>") < html.index(">Midden</a>") < html.index(">Oud</a>")


def test_twelve_per_page_with_pagina_parameter(client, make):
    for n in range(14):
        make(title=f"Bericht nummer {n:02d}", days_ago=n)
    first = client.get("/actueel/")
    assert len(first.context["items"]) == 12
    assert titles(first)[0] == "Bericht nummer 00"
    assert 'href="?pagina=2"' in first.content.decode()
    second = client.get("/actueel/?pagina=2")
    assert titles(second) == ["Bericht nummer 12", "Bericht nummer 13"]
    assert "Pagina 2 van 2" in second.content.decode()
    assert titles(client.get("/actueel/?pagina=onzin")) == titles(first)
    assert titles(client.get("/actueel/?pagina=99")) == titles(second)


def test_filter_by_theme_and_kind(client, news_site, make, story_kind):
    make(title="Schulden nieuws", themes=[news_site.money])
    make(title="Schulden verhaal", themes=[news_site.money], kind=story_kind)
    make(title="Ouderen verhaal", themes=[news_site.ageing], kind=story_kind)
    make(title="Zonder thema")

    assert set(titles(client.get("/actueel/?thema=geldzorgen"))) == {
        "Schulden nieuws",
        "Schulden verhaal",
    }
    assert set(titles(client.get("/actueel/?soort=projectverhaal"))) == {
        "Schulden verhaal",
        "Ouderen verhaal",
    }
    response = client.get("/actueel/?thema=geldzorgen&soort=projectverhaal")
    assert titles(response) == ["Schulden verhaal"]
    html = response.content.decode()
    assert '<option value="geldzorgen" selected>' in html
    assert '<option value="projectverhaal" selected>' in html
    assert "1 bericht" in html
    assert "Alle berichten tonen" in html


def test_unknown_filter_values_are_ignored(client, make):
    make(title="Een")
    make(title="Twee")
    response = client.get("/actueel/?thema=bestaat-niet&soort=roddel")
    assert len(titles(response)) == 2
    assert not response.context["is_filtered"]
    html = response.content.decode()
    assert (
        "Een keuze uit de link bestaat niet (meer). Die hebben we weggelaten: Themalijn, Soort bericht."
        in html
    )


def test_only_the_unknown_filter_is_named(client, news_site, make):
    make(title="Geld", themes=[news_site.money])
    make(title="Anders")
    response = client.get("/actueel/?thema=geldzorgen&soort=roddel")
    assert titles(response) == ["Geld"]
    assert "Die hebben we weggelaten: Soort bericht." in response.content.decode()
    html = client.get("/actueel/?thema=geldzorgen").content.decode()
    assert "weggelaten" not in html


def test_filters_are_kept_when_paging(client, news_site, make):
    for n in range(13):
        make(title=f"Geld {n}", days_ago=n, themes=[news_site.money])
    make(title="Anders")
    html = client.get("/actueel/?thema=geldzorgen").content.decode()
    assert re.search(r'href="\?thema=geldzorgen&(amp;)?pagina=2"', html)
    assert titles(client.get("/actueel/?thema=geldzorgen&pagina=2")) == ["Geld 12"]


def test_empty_state_without_items(client, news_site):
    html = client.get("/actueel/").content.decode()
    assert "Er zijn nog geen berichten." in html
    assert "0 berichten" in html


def test_empty_state_when_filters_match_nothing(client, news_site, make):
    make(title="Alleen nieuws", themes=[news_site.money])
    html = client.get("/actueel/?thema=ouder-worden").content.decode()
    assert "Er zijn geen berichten die bij je keuze passen." in html
    assert "Alleen nieuws" not in html


def test_drafts_and_private_items_are_not_listed(client, news_site, make):
    make(title="Gepubliceerd")
    draft = make(title="Concept")
    draft.unpublish()
    private = make(title="Besloten")
    PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.PASSWORD, password="geheim"
    )
    assert titles(client.get("/actueel/")) == ["Gepubliceerd"]


def test_filter_form_works_without_javascript(client, news_site):
    html = client.get("/actueel/").content.decode()
    form = re.search(
        r'<form class="listing-filters" method="get" action="/actueel/".*?</form>', html, re.S
    )
    assert form, "the filters are a plain GET form"
    assert 'name="thema"' in form.group(0) and 'name="soort"' in form.group(0)
    assert 'type="submit"' in form.group(0)
    assert "csrfmiddlewaretoken" not in html


def test_theme_options_list_live_themes_in_tree_order(client, news_site):
    news_site.ageing.unpublish()
    response = client.get("/actueel/")
    assert [theme.slug for theme in response.context["themes"]] == ["geldzorgen"]


def test_make_news_helper_links_themes(news_site):
    page = make_news(news_site.index, title="Test", themes=[news_site.money])
    assert list(page.related_themes.all()) == [news_site.money]


def test_cards_name_their_live_theme_lines_in_tree_order(client, news_site, make):
    make(title="Twee themalijnen", themes=[news_site.ageing, news_site.money])
    make(title="Geen thema")

    def card_tags():
        html = client.get("/actueel/").content.decode()
        cards = re.findall(r'<li class="card news-card">(.*?)</li>', html, re.S)
        return {
            re.search(r'<a href="[^"]+">([^<]+)</a>', card).group(1): re.findall(
                r'<span class="tag">([^<]+)</span>', card
            )
            for card in cards
        }

    assert card_tags() == {"Twee themalijnen": ["Geldzorgen", "Ouder worden"], "Geen thema": []}
    news_site.ageing.unpublish()
    assert card_tags() == {"Twee themalijnen": ["Geldzorgen"], "Geen thema": []}
