"""Shared fixtures: the site tree, a logged-in admin client and the browser set-up."""

import os
import shutil

import pytest

os.environ.setdefault("NO_PROXY", "127.0.0.1,localhost")
os.environ.setdefault("no_proxy", "127.0.0.1,localhost")

pytest_plugins = (
    ["tests.support.fixtures"]
    if os.path.exists(os.path.join(os.path.dirname(__file__), "support", "fixtures.py"))
    else []
)


@pytest.fixture(autouse=True)
def clear_cache():
    """Every test starts with an empty cache: cached menus, site settings and catalogues never
    carry over from one test to the next."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def site_root(db):
    """The default Wagtail site's root with a HomePage on it, as a fresh install has."""
    from wagtail.models import Page, Site

    from tests.factories import HomePageFactory

    Page.objects.filter(depth=2).delete()
    root = Page.get_first_root_node()
    home = HomePageFactory(parent=root, title="Twentse Koers", slug="home")
    Site.objects.update(root_page=home, is_default_site=True, hostname="localhost", port=80)
    if not Site.objects.exists():
        Site.objects.create(root_page=home, is_default_site=True, hostname="localhost", port=80)
    return home


@pytest.fixture
def admin_client_nl(client, django_user_model):
    user = django_user_model.objects.create_superuser(
        "beheer", "beheer@example.org", "geheim-wachtwoord"
    )
    client.force_login(user)
    return client


def chromium_path():
    return (
        os.environ.get("CHROME_PATH")
        or shutil.which("chromium")
        or shutil.which("chromium-browser")
    )
