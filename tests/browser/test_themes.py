"""The theme pages in Chromium: axe-core (WCAG 2.2 AA) on one page of every type on a phone and a
desktop, no CSP violation, and the project finder used by keyboard alone."""

import re

import pytest
from django.core.cache import cache

from tests.browser.sweep import check_each
from tests.home.factories import SiteImageFactory
from tests.themes.programme import build_programme

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PHONE = {"width": 375, "height": 740}
DESKTOP = {"width": 1280, "height": 900}

PAGES = {
    "theme-index": "/themalijnen/",
    "theme": "/themalijnen/geldzorgen/",
    "project": "/themalijnen/geldzorgen/schuldhulp/",
    "principles": "/uitgangspunten/",
    "principle": "/uitgangspunten/samenwerken/",
    "finder": "/projecten/?gemeente=enschede",
    "results": "/resultaten/",
    "results-per-municipality": "/resultaten/per-gemeente/",
}


@pytest.fixture
def programme(site_root):
    cache.clear()
    p = build_programme(site_root)
    for page in (p.index, p.principles_page, p.finder, p.results_page):
        page.show_in_menus = True
        page.save()
    p.money.hero_image = SiteImageFactory(description="Een keukentafel met post en een rekenmachine")
    p.money.save()
    yield p
    cache.clear()


def focused(page):
    return page.evaluate(
        "() => { const el = document.activeElement;"
        " return {tag: el.tagName, id: el.id, text: (el.textContent || '').trim()}; }"
    )


def tab_until(page, predicate, limit=40):
    for _ in range(limit):
        page.keyboard.press("Tab")
        element = focused(page)
        if predicate(element):
            return element
    raise AssertionError(f"never reached the element by Tab; last focus: {focused(page)}")


def test_theme_pages_pass_axe(watched, live_server, programme, axe):
    """Every page of PAGES on a phone and on a desktop, one sweep (see tests/browser/sweep.py)."""

    def check(path, viewport):
        watched.csp_violations.clear()
        watched.set_viewport_size(viewport)
        response = watched.goto(f"{live_server.url}{path}")
        assert response.status == 200
        watched.wait_for_load_state("networkidle")
        assert watched.locator("h1").count() == 1
        axe(watched)
        assert watched.csp_violations == []

    check_each(
        {
            f"{name} ({path}) on a {device}": (path, viewport)
            for name, path in PAGES.items()
            for device, viewport in (("phone", PHONE), ("desktop", DESKTOP))
        },
        check,
    )


def test_project_finder_by_keyboard_alone(watched, live_server, programme):
    watched.set_viewport_size(PHONE)
    watched.goto(f"{live_server.url}/projecten/")
    assert watched.locator(".finder__count").inner_text() == "4 projecten gevonden"

    tab_until(watched, lambda el: el["id"] == "id_thema")
    watched.keyboard.press("ArrowDown")
    assert watched.locator("#id_thema").input_value() == "geldzorgen"

    watched.keyboard.press("Tab")
    assert focused(watched)["id"] == "id_status"
    watched.keyboard.press("ArrowDown")
    assert watched.locator("#id_status").input_value() == "voorbereiding"
    watched.keyboard.press("ArrowDown")
    assert watched.locator("#id_status").input_value() == "lopend"

    tab_until(watched, lambda el: el["tag"] == "BUTTON" and el["text"] == "Toon projecten")
    watched.keyboard.press("Enter")
    watched.wait_for_url(re.compile(r"/projecten/\?.*thema=geldzorgen.*status=lopend"))
    assert watched.locator(".finder__count").inner_text() == "1 project gevonden"
    assert watched.locator(".finder__results .card__title").all_inner_texts() == [
        "Schuldhulp dichtbij"
    ]
    assert watched.locator("#id_thema").input_value() == "geldzorgen"

    tab_until(watched, lambda el: el["tag"] == "A" and el["text"] == "Wis alle keuzes")
    watched.keyboard.press("Enter")
    watched.wait_for_url(f"{live_server.url}/projecten/")
    assert watched.locator(".finder__count").inner_text() == "4 projecten gevonden"
    assert watched.csp_violations == []


def test_project_finder_works_without_javascript(browser, live_server, programme):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_server.url}/projecten/")
    page.select_option("#id_gemeente", "hengelo")
    page.select_option("#id_doelgroep", "ouderen")
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r"gemeente=hengelo"))
    assert page.locator(".finder__count").inner_text() == "1 project gevonden"
    context.close()
