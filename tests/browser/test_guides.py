"""Handreikingen in Chromium: axe-core (WCAG 2.2 AA) on the overview, a guide and a case; the
do's and don'ts side by side on a desktop and stacked on a phone; and a clean A4 print."""

import io
import re

import pypdf
import pytest

from tests.browser.sweep import axe_check, check_each
from tests.factories import PersonFactory
from tests.guides.conftest import publish
from tests.guides.factories import (
    CasePageFactory,
    CaseResultFactory,
    GuideIndexPageFactory,
    GuidePageFactory,
    GuideReuseFactory,
)
from tests.themes.factories import (
    MunicipalityFactory,
    PrincipleFactory,
    ProjectPageFactory,
    ThemeIndexPageFactory,
    ThemePageFactory,
)

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PHONE = {"width": 375, "height": 740}
DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture
def knowledge(site_root):
    index = GuideIndexPageFactory(parent=site_root, show_in_menus=True)
    themes = ThemeIndexPageFactory(parent=site_root)
    money = ThemePageFactory(parent=themes, title="Geldzorgen", slug="geldzorgen")
    debt = ProjectPageFactory(parent=money, title="Schuldhulp dichtbij", slug="schuldhulp")
    together = PrincipleFactory(name="Samenwerken", slug="samenwerken")
    person = PersonFactory(name="Jeroen Oude Vrielink")
    case = CasePageFactory(
        parent=index, title="Samen koers houden", slug="samen-koers", contact=person
    )
    case.municipalities.set([MunicipalityFactory() for _ in range(3)])
    case.related_projects.set([debt])
    case.subjects.add("Zorg")
    publish(case, 3, themes=[money], principles=[together])
    CaseResultFactory(page=case, label="inwoners uit de schulden", value="1.200")
    CaseResultFactory(page=case, label="gemeenten", value="14", unit="")
    guide = GuidePageFactory(
        parent=index, title="Zorgschulden oplossen", slug="zorgschulden", contact=person
    )
    guide.related_cases.set([case])
    guide.related_projects.set([debt])
    publish(guide, 1, themes=[money], principles=[together])
    GuideReuseFactory(page=guide, region="Regio Achterhoek", url="https://example.org/achterhoek")
    return guide, case


def test_guide_pages_pass_axe(watched, live_server, knowledge, axe):
    """The overview, the cases only, a guide and a case on a phone and on a desktop, one sweep
    (see tests/browser/sweep.py)."""

    check = axe_check(watched, live_server.url, axe)

    paths = (
        "/handreikingen/",
        "/handreikingen/?soort=casus",
        "/handreikingen/zorgschulden/",
        "/handreikingen/samen-koers/",
    )
    check_each(
        {
            f"{path} on a {device}": (path, viewport)
            for path in paths
            for device, viewport in (("phone", PHONE), ("desktop", DESKTOP))
        },
        check,
    )


def boxes(page):
    do = page.locator(".dos-donts__col--do").bounding_box()
    dont = page.locator(".dos-donts__col--dont").bounding_box()
    return do, dont


def test_dos_and_donts_side_by_side_on_desktop(page, live_server, knowledge):
    page.set_viewport_size(DESKTOP)
    page.goto(live_server.url + "/handreikingen/zorgschulden/")
    do, dont = boxes(page)
    assert abs(do["y"] - dont["y"]) < 1
    assert do["x"] + do["width"] <= dont["x"]
    assert do["width"] > 250 and abs(do["width"] - dont["width"]) < 1
    labels = page.locator(".dos-donts__label").all_inner_texts()
    assert [label.strip() for label in labels] == ["Doen", "Niet doen"]


def test_dos_and_donts_stacked_on_phone(page, live_server, knowledge):
    page.set_viewport_size(PHONE)
    page.goto(live_server.url + "/handreikingen/zorgschulden/")
    do, dont = boxes(page)
    assert dont["y"] >= do["y"] + do["height"]
    assert abs(do["x"] - dont["x"]) < 1
    assert do["x"] + do["width"] <= PHONE["width"]
    no_horizontal_scroll = page.evaluate(
        "document.documentElement.scrollWidth <= window.innerWidth"
    )
    assert no_horizontal_scroll


def test_prints_cleanly_on_a4_with_link_addresses(page, live_server, knowledge):
    """A guide and a case, one sweep (see tests/browser/sweep.py)."""

    def check(path):
        page.emulate_media(media="screen")
        page.goto(live_server.url + path)
        page.emulate_media(media="print")
        for selector in (".site-header", ".site-footer", ".breadcrumbs", ".page-toc", ".main-nav"):
            if page.locator(selector).count():
                assert not page.locator(selector).first.is_visible(), selector
        assert page.locator(".print-source").is_visible()
        assert "Deze pagina staat online op http" in page.locator(".print-source").inner_text()
        after = page.evaluate(
            "() => getComputedStyle(document.querySelector('main a[data-print-url]'), '::after').content"
        )
        assert re.match(r'^" \(http://[^)]+/themalijnen/geldzorgen/\)"$', after), after
        pdf = pypdf.PdfReader(io.BytesIO(page.pdf(prefer_css_page_size=True)))
        width, height = (round(float(v)) for v in pdf.pages[0].mediabox[2:])
        assert (width, height) == (595, 842)  # A4 in points
        text = "".join(p.extract_text() for p in pdf.pages)
        assert "Naar de inhoud" not in text and "Meld je aan voor de nieuwsbrief" not in text

    check_each(
        {path: (path,) for path in ("/handreikingen/zorgschulden/", "/handreikingen/samen-koers/")},
        check,
    )
