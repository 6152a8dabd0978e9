"""What every page shows around its content (site, main menu, breadcrumbs, site settings) comes
from the cache, and a visitor sees a change on the next request after it is published, moved,
deleted or made private, or after the settings or the site are saved."""

import re

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page, PageViewRestriction, Site, get_page_models

from home.models import BasePage, HomePageFeaturedTheme, SiteSettings
from home.templatetags.navigation_tags import breadcrumbs
from tests.factories import ContentPageFactory, HomePageFactory

pytestmark = pytest.mark.django_db


def menu(client, url="/"):
    html = client.get(url).content.decode()
    nav = re.search(r'<ul class="main-nav__list".*?</ul>', html, re.S)[0]
    return re.findall(r'<a href="([^"]+)"(?: aria-current="(\w+)")?>([^<]+)</a>', nav)


def menu_titles(client, url="/"):
    return [title for _href, _current, title in menu(client, url)]


def crumbs(client, url):
    html = client.get(url).content.decode()
    nav = re.search(r'<nav class="breadcrumbs container".*?</nav>', html, re.S)
    return re.findall(r'<a href="([^"]+)">([^<]+)</a>', nav[0]) if nav else []


def sql_for(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return [query["sql"] for query in captured.captured_queries]


def publish(page, **fields):
    for name, value in fields.items():
        setattr(page, name, value)
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def test_menu_follows_publishing_moves_privacy_and_deletion(client, site_root):
    ContentPageFactory(parent=site_root, title="Contact", slug="contact", show_in_menus=True)
    assert menu_titles(client) == ["Contact"]
    assert menu_titles(client) == ["Contact"]  # served from the cache

    themes = ContentPageFactory(
        parent=site_root, title="Thema", slug="themas", show_in_menus=True, live=False
    )
    assert menu_titles(client) == ["Contact"]
    publish(themes)
    assert menu_titles(client) == ["Contact", "Thema"]

    publish(themes, title="Themalijnen")
    assert menu_titles(client) == ["Contact", "Themalijnen"]

    restriction = PageViewRestriction.objects.create(
        page=themes, restriction_type=PageViewRestriction.PASSWORD, password="geheim"
    )
    assert menu_titles(client) == ["Contact"]
    restriction.delete()
    assert menu_titles(client) == ["Contact", "Themalijnen"]

    themes.unpublish()
    assert menu_titles(client) == ["Contact"]
    publish(themes)

    contact = Page.objects.get(slug="contact")
    contact.move(themes, pos="last-child")
    assert menu_titles(client) == ["Themalijnen"]

    themes.delete()
    assert menu_titles(client) == []


def test_which_menu_item_is_active_is_worked_out_per_request(client, site_root):
    about = ContentPageFactory(parent=site_root, title="Over", slug="over", show_in_menus=True)
    ContentPageFactory(parent=about, title="Team", slug="team")
    ContentPageFactory(parent=site_root, title="Contact", slug="contact", show_in_menus=True)

    assert menu(client, "/") == [("/over/", "", "Over"), ("/contact/", "", "Contact")]
    assert menu(client, "/over/") == [("/over/", "page", "Over"), ("/contact/", "", "Contact")]
    assert menu(client, "/over/team/") == [
        ("/over/", "true", "Over"),
        ("/contact/", "", "Contact"),
    ]
    assert menu(client, "/contact/") == [("/over/", "", "Over"), ("/contact/", "page", "Contact")]


def test_breadcrumbs_follow_a_renamed_or_unpublished_ancestor(client, site_root):
    section = ContentPageFactory(parent=site_root, title="Over ons", slug="over-ons")
    team = ContentPageFactory(parent=section, title="Team", slug="team")
    ContentPageFactory(parent=team, title="Bestuur", slug="bestuur")
    url = "/over-ons/team/bestuur/"

    assert crumbs(client, url) == [
        ("/", "Home"),
        ("/over-ons/", "Over ons"),
        ("/over-ons/team/", "Team"),
    ]

    def cached_titles():
        # A page that was not routed (as the themes app's projects) reads the cached ancestors.
        request = RequestFactory().get(url, HTTP_HOST="localhost")
        page = Page.objects.get(slug="bestuur").specific
        return [link.title for link in breadcrumbs({"request": request, "page": page})["ancestors"]]

    assert cached_titles() == cached_titles() == ["Twentse Koers", "Over ons", "Team"]
    publish(section, title="Wie we zijn")
    assert ("/over-ons/", "Wie we zijn") in crumbs(client, url)
    assert cached_titles() == ["Twentse Koers", "Wie we zijn", "Team"]
    team.unpublish()
    assert cached_titles() == ["Twentse Koers", "Wie we zijn"]


def test_the_site_is_looked_up_once_per_request_and_a_site_change_shows_at_once(
    client, site_root
):
    """Wagtail's own site lookup: one query per page request, nothing kept between requests."""
    client.get("/")
    assert sum('FROM "wagtailcore_site"' in sql for sql in sql_for(client, "/")) == 1
    assert sum('FROM "wagtailcore_site"' in sql for sql in sql_for(client, "/")) == 1

    other = HomePageFactory(
        parent=Page.get_first_root_node(), title="Nieuwe voorkant", slug="nieuw"
    )
    site = Site.objects.get(is_default_site=True)
    site.root_page = other
    site.save()
    queries = sql_for(client, "/")
    assert any("wagtailcore_site" in sql for sql in queries)
    assert "Nieuwe voorkant" in client.get("/").content.decode()


def test_site_settings_are_cached_and_saved_changes_show_at_once(client, site_root):
    settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    settings.email = "info@twentsekoers.nl"
    settings.save()
    assert "info@twentsekoers.nl" in client.get("/").content.decode()
    assert not any("home_sitesettings" in sql for sql in sql_for(client, "/"))

    settings.email = "contact@twentsekoers.nl"
    settings.save()
    html = client.get("/").content.decode()
    assert "contact@twentsekoers.nl" in html
    assert "info@twentsekoers.nl" not in html


def test_every_page_type_checks_view_restrictions_with_wagtails_own_check():
    page_models = [model for model in get_page_models() if model is not Page]
    assert len(page_models) >= 15
    for model in page_models:
        assert issubclass(model, BasePage), model
        assert model.get_view_restrictions is Page.get_view_restrictions, model


def test_restricted_pages_and_their_aliases_are_private_and_never_cached(client, site_root):
    section = ContentPageFactory(parent=site_root, title="Intern", slug="intern")
    ContentPageFactory(parent=section, title="Notulen", slug="notulen")
    section.create_alias(parent=site_root, update_slug="intern-kopie", recursive=True)
    PageViewRestriction.objects.create(page=section, restriction_type=PageViewRestriction.LOGIN)
    for url in ("/intern/", "/intern/notulen/", "/intern-kopie/", "/intern-kopie/notulen/"):
        response = client.get(url)
        assert response.status_code == 302, url
        assert "/login/" in response["Location"], url
        assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"]
    assert client.get("/").status_code == 200


def test_private_page_asks_for_the_password_and_keeps_its_content_hidden(client, site_root):
    section = ContentPageFactory(parent=site_root, title="Intern", slug="intern")
    ContentPageFactory(
        parent=section, title="Notulen", slug="notulen", introduction="Geheim verslag."
    )
    assert "Geheim verslag." in client.get("/intern/notulen/").content.decode()
    PageViewRestriction.objects.create(
        page=section, restriction_type=PageViewRestriction.PASSWORD, password="geheim"
    )
    html = client.get("/intern/notulen/").content.decode()
    assert "Geheim verslag." not in html
    assert 'name="password"' in html


def test_featured_pages_keep_order_leave_out_hidden_ones_in_constant_queries(client, site_root):
    from tests.themes.factories import ThemeIndexPageFactory, ThemePageFactory

    index = ThemeIndexPageFactory(parent=site_root)
    pages = [
        ThemePageFactory(parent=index, title=f"Thema {n}", slug=f"thema-{n}") for n in range(6)
    ]

    def feature(chosen):
        HomePageFeaturedTheme.objects.filter(page=site_root).delete()
        for order, page in enumerate(chosen):
            HomePageFeaturedTheme.objects.create(page=site_root, theme=page, sort_order=order)
        client.get("/")
        with CaptureQueriesContext(connection) as captured:
            html = client.get("/").content.decode()
        section = re.search(r'aria-labelledby="themes-title">.*?</section>', html, re.S)[0]
        titles = re.findall(r'<h3 class="card__title"><a href="[^"]+">([^<]+)</a>', section)
        return titles, len(captured)

    two, two_queries = feature([pages[1], pages[0]])
    assert two == ["Thema 1", "Thema 0"]
    pages[3].unpublish()
    PageViewRestriction.objects.create(page=pages[4], restriction_type="password", password="x")
    six, six_queries = feature([pages[5], pages[4], pages[3], pages[2], pages[1], pages[0]])
    assert six == ["Thema 5", "Thema 2", "Thema 1", "Thema 0"]
    assert six_queries == two_queries
