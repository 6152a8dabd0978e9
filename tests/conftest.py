"""Shared fixtures: the site tree, a logged-in admin client and the browser set-up."""

import io
import os
import shutil
from contextlib import contextmanager

import pytest

os.environ.setdefault("NO_PROXY", "127.0.0.1,localhost")
os.environ.setdefault("no_proxy", "127.0.0.1,localhost")

pytest_plugins = (
    ["tests.support.fixtures"]
    if os.path.exists(os.path.join(os.path.dirname(__file__), "support", "fixtures.py"))
    else []
)


TRANSACTIONAL_FIXTURES = {"transactional_db", "live_server", "django_db_serialized_rollback"}


def pytest_collection_modifyitems(config, items):
    """Mark every test that commits (and so flushes the database afterwards) ``serial``, with
    the browser and cluster tests: ``make test`` runs the rest first, then these, as Django's own
    runner runs such tests last (both phases on two processes, pytest-xdist; every serial test
    that needs content loads it again with ``serialized_rollback``)."""
    for item in items:
        marker = item.get_closest_marker("django_db")
        commits = marker is not None and marker.kwargs.get("transaction")
        if (
            commits
            or TRANSACTIONAL_FIXTURES & set(getattr(item, "fixturenames", ()))
            or "tests/cluster/" in str(item.fspath)
            or "tests/browser/" in str(item.fspath)
        ):
            item.add_marker(pytest.mark.serial)


@pytest.fixture(autouse=True)
def clear_cache():
    """Every test starts with an empty cache: cached menus, site settings and catalogues never
    carry over from one test to the next."""
    from django.core.cache import cache

    cache.clear()


@contextmanager
def kept_until_rolled_back(django_db_blocker, media_root):
    """An outer transaction (and MEDIA_ROOT) for data built once for a whole class of tests.
    pytest-django's per-test transaction nests in it as a savepoint, so whatever a test changes is
    rolled back to the data as built, and the data itself is rolled back when the block ends.
    Only for non-transactional tests."""
    from django.db import connections, transaction
    from django.test import override_settings

    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media_root):
        outer = transaction.atomic()
        outer.__enter__()
        try:
            yield
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            for connection in connections.all(initialized_only=True):
                assert not connection.in_atomic_block, "the outer transaction is closed"


@pytest.fixture(scope="class")
def shared_demo_site(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo content, loaded by the real `load_demo_content --no-admin` once for all tests of a
    class that only look at it (loading takes seconds; see `kept_until_rolled_back`). Yields the
    command's output."""
    from django.core.management import call_command

    with kept_until_rolled_back(django_db_blocker, tmp_path_factory.mktemp("demo-media")):
        out = io.StringIO()
        call_command("load_demo_content", "--no-admin", stdout=out)
        yield out.getvalue()


@pytest.fixture
def site_root(db):
    """The default Wagtail site's root with a HomePage on it, as a fresh install has."""
    return make_site_root()


def make_site_root():
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


CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """pytest-playwright's one browser for the whole run is Debian's Chromium, never a download."""
    return {
        **browser_type_launch_args,
        "executable_path": chromium_path(),
        "args": CHROMIUM_ARGS,
    }
