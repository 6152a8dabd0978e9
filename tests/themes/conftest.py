"""Fixtures for the themes tests."""

from types import SimpleNamespace

import pytest
from django.core.cache import cache

from tests.conftest import kept_until_rolled_back, make_site_root
from tests.themes.programme import build_programme


@pytest.fixture(autouse=True)
def fresh_cache():
    """The catalogue is cached; a rolled-back test must not leave its themes behind."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def programme(site_root):
    return build_programme(site_root)


@pytest.fixture(scope="module")
def shared_programme(django_db_setup, django_db_blocker, tmp_path_factory):
    """`build_programme` once for a whole module (see `kept_until_rolled_back`): each test rolls
    back to it. A module opts in by defining `programme` as `fresh_copy(shared_programme)`."""
    with kept_until_rolled_back(django_db_blocker, tmp_path_factory.mktemp("media")):
        yield build_programme(make_site_root())


def fresh_copy(programme):
    """The programme's objects read anew from the database: what one test changed in memory (a
    title, an unpublished page) never reaches the next, as with a programme built per test."""
    return SimpleNamespace(
        **{name: type(obj)._default_manager.get(pk=obj.pk) for name, obj in vars(programme).items()}
    )
