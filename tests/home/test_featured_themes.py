"""The home page features theme lines only: the admin offers and accepts theme line pages, and
refuses any other page type."""

import pytest
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset

from home.models import HomePage, HomePageFeaturedTheme
from tests.factories import ContentPageFactory
from tests.home.test_editors import home_page_data
from tests.themes.factories import ThemeIndexPageFactory, ThemePageFactory
from themes.models import ThemePage

pytestmark = pytest.mark.django_db


def post_featured(client, home, pages):
    data = home_page_data(
        home,
        featured_themes=inline_formset([{"theme": page.pk} for page in pages]),
        **{"action-publish": "Publiceren"},
    )
    return client.post(reverse("wagtailadmin_pages:edit", args=[home.pk]), data)


def test_featured_theme_is_a_theme_page():
    field = HomePageFeaturedTheme._meta.get_field("theme")
    assert field.related_model is ThemePage
    assert HomePageFeaturedTheme.__doc__


def test_admin_features_theme_lines_in_order(admin_client_nl, site_root):
    index = ThemeIndexPageFactory(parent=site_root)
    money = ThemePageFactory(parent=index, title="Geldzorgen", slug="geldzorgen")
    ageing = ThemePageFactory(parent=index, title="Ouder worden", slug="ouder-worden")
    response = post_featured(admin_client_nl, site_root, [ageing, money])
    assert response.status_code == 302
    home = HomePage.objects.get(pk=site_root.pk)
    assert [item.theme_id for item in home.featured_themes.all()] == [ageing.pk, money.pk]
    html = admin_client_nl.get("/").content.decode()
    assert html.index("Ouder worden") < html.index("Geldzorgen")


def test_admin_refuses_another_page_type(admin_client_nl, site_root):
    contact = ContentPageFactory(parent=site_root, title="Contact", slug="contact")
    response = post_featured(admin_client_nl, site_root, [contact])
    assert response.status_code == 200
    errors = response.context["form"].formsets["featured_themes"].errors
    assert "theme" in errors[0]
    assert not HomePageFeaturedTheme.objects.exists()


def test_the_chooser_offers_theme_lines_only(admin_client_nl, site_root):
    html = admin_client_nl.get(reverse("wagtailadmin_pages:edit", args=[site_root.pk])).content.decode()
    assert "themes.themepage" in html


def test_migration_drops_featured_items_that_are_no_theme_line(site_root):
    """0004 runs before the foreign key narrows: items pointing at other pages must go first."""
    import importlib

    from django.apps import apps

    migration = importlib.import_module("home.migrations.0004_featured_themes_keep_theme_pages")
    theme = ThemePageFactory(parent=ThemeIndexPageFactory(parent=site_root))
    contact = ContentPageFactory(parent=site_root, title="Contact", slug="contact")
    HomePageFeaturedTheme.objects.create(page=site_root, theme=theme, sort_order=0)
    HomePageFeaturedTheme.objects.create(page=site_root, theme_id=contact.pk, sort_order=1)  # as before 0005
    migration.drop_non_theme_items(apps, None)
    assert list(HomePageFeaturedTheme.objects.values_list("theme_id", flat=True)) == [theme.pk]
