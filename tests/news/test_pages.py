"""A news page, and the news shown on the home page, theme pages and project pages."""

import pytest

from news.models import NewsPage
from tests.news.factories import NewsPageFactory

pytestmark = pytest.mark.django_db


def test_news_page_shows_its_facts_and_links(client, news_site, make, story_kind):
    page = make(
        title="Karin is schuldenvrij",
        kind=story_kind,
        days_ago=2,
        author=news_site.author,
        themes=[news_site.money],
        projects=[news_site.debt],
        tags=["schulden", "werk"],
    )
    response = client.get(page.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Karin is schuldenvrij</h1>" in html
    assert "Projectverhaal" in html
    assert f'datetime="{page.date:%Y-%m-%d}"' in html
    assert "Door Lotte Wolters" in html
    assert "Het bericht zelf." in html
    assert 'href="/themalijnen/geldzorgen/schuldhulp/">Schuldhulp dichtbij</a>' in html
    assert 'href="/themalijnen/geldzorgen/">Geldzorgen</a>' in html
    assert ">schulden</li>" in html and ">werk</li>" in html


def test_news_page_hides_links_to_unpublished_projects(client, news_site, make):
    news_site.home_care.unpublish()
    page = make(title="Bericht", projects=[news_site.debt, news_site.home_care])
    html = client.get(page.url).content.decode()
    assert "Schuldhulp dichtbij" in html
    assert "Langer thuis" not in html


def test_news_page_suggests_more_news_on_the_same_theme(client, news_site, make):
    page = make(title="Hoofdbericht", themes=[news_site.money])
    make(title="Ander geldbericht", themes=[news_site.money], days_ago=1)
    make(title="Ouderenbericht", themes=[news_site.ageing])
    response = client.get(page.url)
    assert [item.title for item in response.context["more_news"]] == ["Ander geldbericht"]


def test_type_label_is_the_kind(news_site, make, story_kind):
    assert make(kind=story_kind).type_label == "Projectverhaal"


def test_home_page_shows_the_latest_three(client, news_site, make):
    for n in range(4):
        make(title=f"Homebericht {n}", days_ago=n)
    response = client.get("/")
    assert [item.title for item in response.context["latest_news"]] == [
        "Homebericht 0",
        "Homebericht 1",
        "Homebericht 2",
    ]
    html = response.content.decode()
    assert "Homebericht 2" in html and "Homebericht 3" not in html


def test_theme_page_shows_its_latest_news(client, news_site, make):
    make(title="Over geld", themes=[news_site.money])
    make(title="Over ouderen", themes=[news_site.ageing])
    draft = make(title="Geld concept", themes=[news_site.money])
    draft.unpublish()
    response = client.get(news_site.money.url)
    assert [item.title for item in response.context["latest_news"]] == ["Over geld"]
    html = response.content.decode()
    assert "Over geld" in html and "Over ouderen" not in html


def test_project_page_shows_its_stories(client, news_site, make, story_kind):
    make(title="Verhaal schuldhulp", kind=story_kind, projects=[news_site.debt], days_ago=1)
    make(title="Nieuws schuldhulp", projects=[news_site.debt])
    make(title="Verhaal elders", kind=story_kind, projects=[news_site.home_care])
    response = client.get(news_site.debt.url)
    assert [item.title for item in response.context["stories"]] == [
        "Nieuws schuldhulp",
        "Verhaal schuldhulp",
    ]
    html = response.content.decode()
    assert "Verhaal schuldhulp" in html and "Verhaal elders" not in html


def test_body_uses_the_shared_blocks():
    block_names = set(NewsPage._meta.get_field("body").stream_block.child_blocks)
    assert {"heading", "paragraph", "image", "quote", "document", "contact"} <= block_names


def test_every_editor_field_has_dutch_help_text():
    from news.models import NewsIndexPage

    for model in (NewsIndexPage, NewsPage):
        for field in model._meta.get_fields():
            if (
                field.model is model
                and getattr(field, "editable", False)
                and field.name[-4:] != "_ptr"
            ):
                assert field.help_text, f"{model.__name__}.{field.name}"
    assert NewsPage._meta.get_field("tags").help_text


def test_preview_of_an_unsaved_news_page_renders(rf, news_site):
    page = NewsPageFactory.build(title="Voorbeeld", slug="voorbeeld")
    page.path = news_site.index.path + "9999"
    page.depth = news_site.index.depth + 1
    request = rf.get("/")
    response = page.make_preview_request(request)
    assert response.status_code == 200


@pytest.mark.parametrize("restricted", ["index", "item"])
def test_private_news_asks_for_the_password(client, news_site, make, restricted):
    from wagtail.models import PageViewRestriction

    page = make(title="Vertrouwelijk")
    target = news_site.index if restricted == "index" else page
    PageViewRestriction.objects.create(
        page=target, restriction_type=PageViewRestriction.PASSWORD, password="geheim"
    )
    html = client.get(page.url).content.decode()
    assert "Het bericht zelf." not in html
    assert 'name="password"' in html


def test_view_restrictions_match_wagtails_also_through_aliases(news_site, make):
    from wagtail.models import Page, PageViewRestriction

    page = make(title="Bericht")
    alias_index = news_site.index.create_alias(
        parent=news_site.home, update_slug="actueel-kopie", recursive=True
    )
    alias_page = alias_index.get_children().get().specific
    assert alias_page.alias_of_id == page.pk
    restriction = PageViewRestriction.objects.create(
        page=news_site.index, restriction_type=PageViewRestriction.LOGIN
    )
    for candidate in (page, alias_page):
        ours = list(candidate.get_view_restrictions())
        assert ours == list(Page.get_view_restrictions(candidate)) == [restriction]
    restriction.delete()
    assert not page.get_view_restrictions().exists()
    assert not alias_page.get_view_restrictions().exists()
