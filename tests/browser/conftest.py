"""Playwright with Debian's Chromium (never a downloaded browser) and an axe-core helper.

Browser tests skip loudly where no Chromium is found, unless REQUIRE_BROWSER=1 (CI), where a
missing browser is an error."""

import os
import warnings

import pytest

from tests.conftest import chromium_path

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def pytest_collection_modifyitems(config, items):
    browser_items = [item for item in items if "tests/browser" in str(item.fspath)]
    for item in browser_items:
        item.add_marker(pytest.mark.browser)
    if chromium_path():
        return
    reason = (
        "NO CHROMIUM FOUND: browser tests (axe-core, keyboard) are SKIPPED. "
        "Install Debian's chromium (apt-get install chromium) or set CHROME_PATH."
    )
    if os.environ.get("REQUIRE_BROWSER") == "1":
        raise pytest.UsageError("REQUIRE_BROWSER=1 but " + reason)
    warnings.warn(reason, stacklevel=1)
    print("\n" + "!" * 80 + "\n" + reason + "\n" + "!" * 80)
    for item in browser_items:
        item.add_marker(pytest.mark.skip(reason=reason))


@pytest.fixture
def axe():
    """Run axe-core on the WCAG 2.2 AA rules and fail on any serious or critical violation."""
    from axe_playwright_python.sync_playwright import Axe

    engine = Axe()

    def check(page):
        results = engine.run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
        violations = [
            v for v in results.response["violations"] if v.get("impact") in {"serious", "critical"}
        ]
        details = "\n".join(
            f"{v['id']} ({v['impact']}): {v['help']} -> "
            + ", ".join(str(n["target"]) for n in v["nodes"][:5])
            for v in violations
        )
        assert not violations, f"axe-core found on {page.url}:\n{details}"
        return results

    return check


@pytest.fixture(scope="session", autouse=True)
def serialized_contents_for_every_connection(django_db_setup):
    """Playwright's sync API runs later tests in another asyncio context, where Django hands out
    new connection objects that lack the serialized database contents `serialized_rollback`
    restores after each flush. Make the contents visible on every connection of the alias."""
    from django.db import connections

    for alias in connections:
        contents = getattr(connections[alias], "_test_serialized_contents", None)
        if contents is not None:
            type(connections[alias])._test_serialized_contents = contents


@pytest.fixture
def watched(page):
    """The Playwright page, recording CSP violations from the console (tests/browser/sweep.py)."""
    from tests.browser.sweep import watch_csp

    return watch_csp(page)
