"""Fixtures for the themes tests."""

import pytest
from django.core.cache import cache

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
