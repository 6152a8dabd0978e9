"""WCAG 1.4.10 Reflow on the demo site: at 320 CSS pixels wide no page of any type scrolls
sideways, and no text (long Dutch words such as "bestaanszekerheid" or "partnerorganisaties")
runs out of its box on a small phone."""

import re

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

CSP_MESSAGE = re.compile(r"Content Security Policy|Refused to", re.IGNORECASE)

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


@pytest.fixture
def watched(page):
    violations = []
    page.on("console", lambda msg: CSP_MESSAGE.search(msg.text) and violations.append(msg.text))
    page.csp_violations = violations
    return page


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


def test_no_page_scrolls_sideways_at_320_pixels(watched, live_server, demo_site, client, axe):
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
