"""The search page with an editor's promoted result in Chromium: axe-core (WCAG 2.2 AA) on a
phone and a desktop, the promoted result first, and reached by keyboard."""

import pytest
from wagtail.contrib.search_promotions.models import Query, SearchPromotion

from tests.browser.sweep import check_each
from tests.factories import ContentPageFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def promoted_site(site_root):
    for slug in ("schuldhulp", "budgetcoach"):
        ContentPageFactory(
            parent=site_root, title=slug.capitalize(), slug=slug, introduction="Hulp bij schulden."
        )
    query = Query.objects.create(query_string="schulden")
    SearchPromotion.objects.create(
        query=query,
        external_link_url="https://www.geldfit.nl/",
        external_link_text="Geldfit: doe de test",
        description="Landelijke hulplijn voor geldzorgen.",
        sort_order=0,
    )
    return site_root


def test_promoted_results_pass_axe(page, live_server, promoted_site, axe):
    """On a phone and on a desktop, one sweep (see tests/browser/sweep.py)."""

    def check(width):
        page.set_viewport_size({"width": width, "height": 800})
        page.goto(f"{live_server.url}/zoeken/?q=schulden")
        section = page.get_by_role("region", name="Aanbevolen")
        assert section.get_by_role("link").all_inner_texts() == ["Geldfit: doe de test"]
        assert page.locator("main h3 a, main h2 a").first.inner_text() == "Geldfit: doe de test"
        page.locator("#search-q").focus()
        page.keyboard.press("Tab")
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.textContent") == "Geldfit: doe de test"
        assert page.evaluate(
            "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
        )
        axe(page)

    check_each({f"{width} pixels wide": (width,) for width in (320, 1280)}, check)
