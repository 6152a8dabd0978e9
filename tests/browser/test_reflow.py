"""Responsive layout on the demo site. WCAG 1.4.10 Reflow: at 320 CSS pixels wide no page of any
type scrolls sideways, and no text (long Dutch words such as "bestaanszekerheid" or
"partnerorganisaties") runs out of its box on a small phone. On a desktop the main menu fits one
row and a project's facts sit in a sidebar; the home page has one sign-up form and unique
landmarks; the home app's demo pages pass axe-core on a phone and a desktop."""


import pytest
from django.core.management import call_command

from tests.browser.sweep import check_each

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


# One page of every page type (and the routes and views that are pages of their own).
PAGES = {
    "home": "/",
    "about": "/over-twentse-koers/",
    "content": "/contact/",
    "theme-index": "/themalijnen/",
    "theme": "/themalijnen/geldzorgen-en-bestaanszekerheid/",
    "project": "/themalijnen/geldzorgen-en-bestaanszekerheid/rub-uit-de-zorgschulden/",
    "project-finder": "/projecten/?thema=geldzorgen-en-bestaanszekerheid&gemeente=bestaat-niet",
    "principles": "/uitgangspunten/",
    "principle": "/uitgangspunten/samenwerken-over-domeinen-heen/",
    "results": "/resultaten/",
    "results-per-municipality": "/resultaten/per-gemeente/",
    "news-index": "/actueel/",
    "news": "/actueel/bestuurders-stellen-regioplan-twente-bij/",
    "guide-index": "/handreikingen/",
    "case": "/handreikingen/samenwerking-van-veertien-gemeenten/",
    "guide": "/handreikingen/zorgschulden-oplossen-met-de-zorgverzekeraar/",
    "newsletter-index": "/nieuwsbrief/",
    "newsletter-issue": "/nieuwsbrief/2026-10/",
    "newsletter-signup": "/nieuwsbrief/aanmelden/",
    "search": "/zoeken/?q=zorg",
    "not-found": "/bestaat-niet/",
}
PAGE_TYPES = {
    "home.HomePage",
    "home.AboutPage",
    "home.ContentPage",
    "themes.ThemeIndexPage",
    "themes.ThemePage",
    "themes.ProjectPage",
    "themes.ProjectFinderPage",
    "themes.PrinciplesPage",
    "themes.ResultsPage",
    "news.NewsIndexPage",
    "news.NewsPage",
    "guides.GuideIndexPage",
    "guides.CasePage",
    "guides.GuidePage",
    "newsletter.NewsletterIndexPage",
    "newsletter.NewsletterPage",
}

# Elements whose content is wider than their own box, leaving out clipped ones (the visually
# hidden texts and the sign-up form's honeypot): text that runs into its neighbours.
OVERFLOWING = """() => {
  const clipped = (el) => {
    for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
      if (getComputedStyle(p).overflowX !== 'visible') return true;
    }
    return false;
  };
  const found = [];
  for (const el of document.body.querySelectorAll('*')) {
    if (el.clientWidth === 0 || getComputedStyle(el).overflowX !== 'visible') continue;
    if (el.scrollWidth > el.clientWidth + 1 && !clipped(el)) {
      const text = (el.textContent || '').trim().replace(/\\s+/g, ' ').slice(0, 50);
      found.push(`${el.tagName.toLowerCase()}.${el.className} +${el.scrollWidth - el.clientWidth}px: ${text}`);
    }
  }
  return found;
}"""


@pytest.fixture
def demo_site():
    call_command("load_demo_content", "--no-admin", verbosity=0)


def sideways_scroll(page):
    return page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )


def served_page_types(client):
    from wagtail.models import Page

    served = set()
    for path in PAGES.values():
        context = client.get(path).context
        if context and context.get("page") is not None:
            served.add(context["page"].specific_class._meta.label)
    existing = {page.specific_class._meta.label for page in Page.objects.filter(depth__gt=1)}
    return served, existing


def no_page_scrolls_sideways_at_320_pixels(watched, live_server, client, axe):
    served, existing = served_page_types(client)
    assert served == PAGE_TYPES
    assert existing <= PAGE_TYPES, f"page types without a reflow check: {existing - PAGE_TYPES}"
    page = watched
    for width in (320, 375):
        page.set_viewport_size({"width": width, "height": 640})
        for name, path in PAGES.items():
            response = page.goto(f"{live_server.url}{path}")
            assert response.status == (404 if name == "not-found" else 200), path
            assert sideways_scroll(page) <= 0, f"{path} scrolls sideways at {width}px"
            assert page.evaluate(OVERFLOWING) == [], (
                f"text runs out of its box on {path} at {width}px"
            )
            if width == 320:
                axe(page)
    assert page.csp_violations == []


def box(page, selector):
    return page.locator(selector).first.bounding_box()


def header_project_page_and_home_page_layout(watched, live_server, axe):
    page = watched
    for width in (1200, 1280, 1600):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(f"{live_server.url}/")
        links = page.locator("#main-nav-list a, .site-header__search")
        tops = {round(b["y"]) for b in (link.bounding_box() for link in links.all())}
        assert links.count() == 8
        assert len(tops) == 1, f"the main menu wraps at {width}px"
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(f"{live_server.url}/")
    toggle, search = box(page, ".main-nav__toggle"), box(page, ".site-header__search")
    assert abs(toggle["y"] - search["y"]) < 2 and toggle["x"] + toggle["width"] < search["x"]

    project = "/themalijnen/geldzorgen-en-bestaanszekerheid/rub-uit-de-zorgschulden/"
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{live_server.url}{project}")
    facts, main = box(page, ".project__facts"), box(page, ".project__main")
    assert facts["x"] >= main["x"] + main["width"], "the facts are a sidebar on a wide screen"
    assert facts["y"] < main["y"] + 100
    axe(page)
    page.set_viewport_size({"width": 375, "height": 740})
    page.goto(f"{live_server.url}{project}")
    intro, facts, why = box(page, ".intro"), box(page, ".project__facts"), box(page, "#why-title")
    assert intro["y"] + intro["height"] <= facts["y"] < why["y"], (
        "on a phone the facts follow In het kort"
    )
    assert facts["width"] > 300

    for viewport in ({"width": 375, "height": 740}, {"width": 1280, "height": 900}):
        page.set_viewport_size(viewport)
        page.goto(f"{live_server.url}/")
        assert page.locator("form").count() == 1
        results = axe(page)
        landmark = [
            v["id"] for v in results.response["violations"] if v["id"].startswith("landmark")
        ]
        assert landmark == []
        cards = page.locator("section:has(#news-title) .card")
        assert cards.count() == 3
        for card in cards.all():
            assert card.locator(".kind-label").inner_text().lower() in {"nieuws", "projectverhaal"}
            assert card.locator("time[datetime]").count() == 1
    page.get_by_role("link", name="Alle berichten").click()
    page.wait_for_url(f"{live_server.url}/actueel/")
    assert page.csp_violations == []


def home_app_pages_pass_axe(watched, live_server, axe):
    for path in (
        "/",
        "/over-twentse-koers/",
        "/contact/",
        "/toegankelijkheid/",
        "/zoeken/?q=gemeente",
    ):
        for viewport in ({"width": 375, "height": 740}, {"width": 1280, "height": 900}):
            watched.set_viewport_size(viewport)
            assert watched.goto(f"{live_server.url}{path}").status == 200, path
            axe(watched)
    assert watched.csp_violations == []


def test_demo_site_in_the_browser(watched, live_server, demo_site, client, axe):
    """Three checks on one load of the demo and one live server (a load takes seconds; each test
    of its own flushed and loaded it again), each reported by name (tests/browser/sweep.py)."""

    def run(check, *args):
        watched.csp_violations.clear()
        check(watched, live_server, *args)

    check_each(
        {
            "no page scrolls sideways at 320 pixels": (
                no_page_scrolls_sideways_at_320_pixels,
                client,
                axe,
            ),
            "header, project page and home page layout": (
                header_project_page_and_home_page_layout,
                axe,
            ),
            "the home app's demo pages pass axe": (home_app_pages_pass_axe, axe),
        },
        run,
    )
