"""The home app's pages in Chromium: axe-core (WCAG 2.2 AA) on every page type, the main menu by
keyboard alone on a phone and on a desktop, the skip link, and no CSP violation anywhere."""

import re

import pytest

from home.models import Organisation, Person
from tests.browser.sweep import check_each
from tests.factories import ContentPageFactory, OrganisationFactory, PersonFactory
from tests.home.factories import AboutPageFactory, SiteImageFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PHONE = {"width": 375, "height": 740}
DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture
def site(site_root):
    site_root.hero_image = SiteImageFactory(description="Een fietspad langs de Regge")
    site_root.key_figures = [
        ("count_figure", {"count": "municipalities", "label": "gemeenten werken samen"}),
        ("count_figure", {"count": "partners", "label": ""}),
    ]
    site_root.newsletter_text = "Eén keer per maand het laatste nieuws."
    site_root.save_revision().publish()
    for name in ("Menzis", "GGD Twente"):
        OrganisationFactory(name=name, kind=Organisation.Kind.GGD, role=Organisation.Role.EIGENAAR)
    OrganisationFactory(name="Buurtzorg", website="https://www.buurtzorg.example")
    about = AboutPageFactory(
        parent=site_root,
        show_in_menus=True,
        body=[("paragraph", "<p>Twentse Koers is een samenwerking van gemeenten en partners.</p>")],
        governance=[
            ("heading", {"text": "Bestuurlijk Overleg", "level": "h2"}),
            ("paragraph", "<p>De bestuurders nemen samen besluiten.</p>"),
        ],
    )
    PersonFactory(name="Marieke ter Horst", team=Person.Team.PROGRAMMATEAM)
    contact = ContentPageFactory(
        parent=site_root,
        title="Contact",
        slug="contact",
        show_in_menus=True,
        introduction="Heb je een vraag? Neem contact met ons op.",
        body=[
            ("heading", {"text": "Zo bereik je ons", "level": "h2"}),
            ("paragraph", "<p>Mail of bel ons op werkdagen.</p>"),
            (
                "accordion",
                {
                    "title": "Veelgestelde vragen",
                    "items": [
                        {
                            "question": "Kan ik hulp aanvragen?",
                            "answer": "<p>Nee, bel je gemeente.</p>",
                        }
                    ],
                },
            ),
            ("quote", {"text": "Eindelijk weer rust.", "author": "Marieke, Almelo"}),
            ("contact", {"person": PersonFactory(name="Jeroen"), "text": "Vragen over de site?"}),
        ],
    )
    for n in range(3):
        ContentPageFactory(
            parent=site_root,
            title=f"Thema {n + 1}",
            slug=f"thema-{n + 1}",
            show_in_menus=True,
            introduction="Over gezondheid en zorg dichtbij.",
        )
    return {"home": site_root, "about": about, "contact": contact}


def focused(page):
    return page.evaluate(
        "() => { const el = document.activeElement;"
        " return {tag: el.tagName, text: (el.textContent || '').trim(), id: el.id,"
        " cls: el.className, href: el.getAttribute('href')}; }"
    )


def tab_until(page, predicate, limit=15):
    for _ in range(limit):
        page.keyboard.press("Tab")
        element = focused(page)
        if predicate(element):
            return element
    raise AssertionError(f"never reached the element by Tab; last focus: {focused(page)}")


def test_pages_pass_axe(watched, live_server, site, axe):
    """Every page type on a phone and on a desktop, one sweep (see tests/browser/sweep.py)."""

    def check(path, viewport):
        watched.csp_violations.clear()
        watched.set_viewport_size(viewport)
        response = watched.goto(f"{live_server.url}{path}")
        assert response.status == (404 if path == "/bestaat-niet/" else 200)
        watched.wait_for_load_state("networkidle")
        axe(watched)
        assert watched.csp_violations == []

    pages = {
        "home": "/",
        "content": "/contact/",
        "about": "/over-twentse-koers/",
        "search": "/zoeken/?q=zorg",
        "404": "/bestaat-niet/",
    }
    check_each(
        {
            f"{name} ({path}) on a {device}": (path, viewport)
            for name, path in pages.items()
            for device, viewport in (("phone", PHONE), ("desktop", DESKTOP))
        },
        check,
    )


def test_search_results_page_shows_results(watched, live_server, site):
    watched.goto(f"{live_server.url}/zoeken/")
    watched.get_by_label("Waar zoek je naar?").fill("vraag")
    watched.keyboard.press("Enter")
    watched.wait_for_url(re.compile(r"/zoeken/\?q=vraag"))
    assert watched.locator(".search-count").inner_text().startswith("1 resultaat")
    assert watched.locator(".search-results h2 a").first.inner_text() == "Contact"


def test_main_menu_by_keyboard_on_a_phone(watched, live_server, site):
    page = watched
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/")
    toggle = page.get_by_role("button", name="Menu")
    menu_links = page.locator("#main-nav-list a")
    assert toggle.is_visible()
    assert toggle.get_attribute("aria-expanded") == "false"
    assert not menu_links.first.is_visible()

    element = tab_until(page, lambda el: el["tag"] == "BUTTON")
    assert element["text"] == "Menu"
    page.keyboard.press("Enter")
    assert toggle.get_attribute("aria-expanded") == "true"
    titles = menu_links.all_inner_texts()
    assert titles == ["Over Twentse Koers", "Contact", "Thema 1", "Thema 2", "Thema 3"]
    for title in titles:
        page.keyboard.press("Tab")
        element = focused(page)
        assert (element["tag"], element["text"]) == ("A", title)
        assert page.get_by_role("link", name=title, exact=True).first.is_visible()

    page.keyboard.press("Escape")
    assert toggle.get_attribute("aria-expanded") == "false"
    assert focused(page)["text"] == "Menu"
    assert not menu_links.first.is_visible()

    page.keyboard.press("Space")
    assert toggle.get_attribute("aria-expanded") == "true"
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server.url}/over-twentse-koers/")
    assert page.locator("h1").inner_text() == "Over Twentse Koers"
    assert page.csp_violations == []


def test_main_menu_by_keyboard_on_a_desktop(watched, live_server, site):
    page = watched
    page.set_viewport_size(DESKTOP)
    page.goto(f"{live_server.url}/contact/")
    assert not page.get_by_role("button", name="Menu").is_visible()
    menu = page.get_by_role("navigation", name="Hoofdmenu")
    assert menu.get_by_role("link", name="Contact").get_attribute("aria-current") == "page"
    element = tab_until(page, lambda el: el["text"] == "Over Twentse Koers")
    assert element["tag"] == "A"
    page.keyboard.press("Tab")
    assert focused(page)["text"] == "Contact"
    page.keyboard.press("Escape")  # does nothing on a wide screen
    assert menu.get_by_role("link", name="Thema 3").is_visible()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server.url}/over-twentse-koers/")


def test_skip_link_moves_focus_to_the_content(watched, live_server, site):
    page = watched
    for viewport in (PHONE, DESKTOP):
        page.set_viewport_size(viewport)
        page.goto(f"{live_server.url}/contact/")
        page.keyboard.press("Tab")
        element = focused(page)
        assert (element["tag"], element["text"], element["href"]) == (
            "A",
            "Naar de inhoud",
            "#main",
        )
        box = page.locator(".skip-link").bounding_box()
        assert box["y"] >= 0 and box["height"] > 0, "skip link must be visible when focused"
        page.keyboard.press("Enter")
        assert focused(page)["id"] == "main"
        page.keyboard.press("Tab")
        # The next stop is inside the main content, not back in the header.
        assert page.evaluate(
            "() => document.getElementById('main').contains(document.activeElement)"
        )


def test_menu_works_without_javascript(browser, live_server, site):
    context = browser.new_context(java_script_enabled=False, viewport=PHONE)
    page = context.new_page()
    page.goto(f"{live_server.url}/")
    assert not page.get_by_role("button", name="Menu").is_visible()
    assert page.locator("#main-nav-list a").first.is_visible()
    context.close()

