"""Actueel in Chromium: axe-core (WCAG 2.2 AA) on the overview and a news page on a phone and a
desktop, no CSP violation, and the filters working by keyboard with JavaScript switched off."""

import re

import pytest

from tests.browser.sweep import axe_check, check_each
from tests.factories import PersonFactory
from tests.home.factories import SiteImageFactory
from tests.news.conftest import make_news
from tests.news.factories import NewsIndexPageFactory
from tests.themes.factories import ProjectPageFactory, ThemeIndexPageFactory, ThemePageFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PHONE = {"width": 375, "height": 740}
DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture
def news(site_root):
    index = NewsIndexPageFactory(parent=site_root, show_in_menus=True)
    themes = ThemeIndexPageFactory(parent=site_root)
    money = ThemePageFactory(parent=themes, title="Geldzorgen", slug="geldzorgen")
    ageing = ThemePageFactory(parent=themes, title="Ouder worden", slug="ouder-worden")
    debt = ProjectPageFactory(parent=money, title="Schuldhulp dichtbij", slug="schuldhulp")
    author = PersonFactory(name="Lotte Wolters")
    story = make_news(
        index,
        title="Karin begon zonder schuld aan haar nieuwe baan",
        slug="karin",
        kind="projectverhaal",
        author=author,
        themes=[money],
        projects=[debt],
        tags=["schulden", "werk"],
        hero_image=SiteImageFactory(description="Karin aan de keukentafel met haar loonstrook"),
        body=[
            {"type": "heading", "value": {"text": "Een schone lei", "level": "h2"}},
            {
                "type": "paragraph",
                "value": "<p>Dankzij de regeling kon Karin opnieuw beginnen.</p>",
            },
            {"type": "quote", "value": {"text": "Eindelijk rust.", "author": "Karin, Almelo"}},
        ],
    )
    for n in range(14):
        make_news(index, title=f"Nieuws over ouderen {n}", days_ago=n + 1, themes=[ageing])
    return story


def test_news_pages_pass_axe(watched, live_server, news, axe):
    """The overview, a filtered overview and a story on a phone and on a desktop, one sweep (see
    tests/browser/sweep.py)."""

    check = axe_check(watched, live_server.url, axe)

    check_each(
        {
            f"{path} on a {device}": (path, viewport)
            for path in ("/actueel/", "/actueel/?thema=geldzorgen", "/actueel/karin/")
            for device, viewport in (("phone", PHONE), ("desktop", DESKTOP))
        },
        check,
    )


def test_filters_work_by_keyboard_without_javascript(browser, live_server, news):
    context = browser.new_context(java_script_enabled=False, viewport=DESKTOP)
    page = context.new_page()
    page.goto(live_server.url + "/actueel/")
    assert page.locator(".news-card").count() == 12
    page.locator("#filter-thema").focus()
    page.keyboard.press("ArrowDown")  # Geldzorgen
    page.locator("#filter-soort").focus()
    page.keyboard.press("ArrowDown")  # Nieuws
    page.keyboard.press("ArrowDown")  # Projectverhaal
    page.locator(".listing-filters button").focus()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"thema=geldzorgen&soort=projectverhaal"))
    titles = page.locator(".news-card .card__title").all_inner_texts()
    assert titles == ["Karin begon zonder schuld aan haar nieuwe baan"]
    assert page.locator("[role=status]").inner_text().startswith("1 bericht")
    context.close()


def test_paging_links_keep_working(watched, live_server, news):
    watched.goto(live_server.url + "/actueel/?thema=ouder-worden")
    watched.get_by_role("link", name="Volgende").click()
    watched.wait_for_url(re.compile(r"pagina=2"))
    assert "thema=ouder-worden" in watched.url
    assert watched.locator(".news-card").count() == 2
