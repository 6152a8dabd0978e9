"""The home page's key figures are never typed in: a result figure shows the current value of the
project result it points at, a count figure counts live content, and showing them costs no query
per figure."""

import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.blocks import StreamValue, StructBlockValidationError
from wagtail.models import PageViewRestriction

from core import fragments
from home import figures
from home.blocks import CountFigureBlock, HomeKeyFiguresBlock, ResultFigureBlock
from home.models import HomePage, Organisation
from tests.factories import OrganisationFactory
from tests.home.crawl import parse
from tests.themes.factories import (
    MunicipalityFactory,
    ProjectFinderPageFactory,
    ProjectPageFactory,
    ProjectResultFactory,
    ThemeIndexPageFactory,
    ThemePageFactory,
)
from themes.models import ProjectPage

pytestmark = pytest.mark.django_db

FIGURE = re.compile(
    r'<span class="key-figure__figure">([^<]*)</span>\s*<span class="key-figure__label">(.*?)</span>',
    re.S,
)


@pytest.fixture
def programme(site_root):
    """Two theme lines with three live projects, a draft and a private one; the RUB result."""
    index = ThemeIndexPageFactory(parent=site_root)
    finder = ProjectFinderPageFactory(parent=site_root)
    money = ThemePageFactory(parent=index, title="Geldzorgen", slug="geldzorgen")
    ageing = ThemePageFactory(parent=index, title="Ouder worden", slug="ouder-worden")
    rub = ProjectPageFactory(parent=money, title="Uit de zorgschulden", slug="rub")
    ProjectPageFactory(parent=money)
    ProjectPageFactory(parent=ageing)
    ProjectPageFactory(parent=ageing, title="Nog niet klaar").unpublish()
    private = ProjectPageFactory(parent=ageing, title="Besloten")
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    result = ProjectResultFactory(
        page=rub, label="Inwoners uit de zorgschulden", current=Decimal("1200"), unit="inwoners"
    )
    share = ProjectResultFactory(
        page=rub, label="Deel dat hulp aanneemt", current=41, unit="procent"
    )
    for _n in range(3):
        MunicipalityFactory()
    for _n in range(2):
        OrganisationFactory(role=Organisation.Role.PARTNER)
    OrganisationFactory(name="Menzis", kind=Organisation.Kind.ZORGVERZEKERAAR, role="eigenaar")
    return {
        "index": index,
        "finder": finder,
        "money": money,
        "rub": rub,
        "result": result,
        "share": share,
        "private": private,
    }


def set_figures(home, *blocks):
    home = HomePage.objects.get(pk=home.pk)
    home.key_figures = list(blocks)
    home.save_revision().publish()
    return home


def result_figure(result, label=""):
    return ("result_figure", {"result": str(result.pk), "label": label})


def count_figure(kind, label=""):
    return ("count_figure", {"count": kind, "label": label})


def shown(client):
    """The key figures on the home page as (figure, label text, link) tuples."""
    html = client.get("/").content.decode()
    rows = []
    for number, label in FIGURE.findall(html):
        link = re.search(r'href="([^"]+)"', label)
        rows.append((number, re.sub(r"<[^>]+>", "", label).strip(), link.group(1) if link else ""))
    return rows


def test_a_result_figure_shows_the_current_value_of_its_project_result(
    client, site_root, programme
):
    set_figures(
        site_root,
        result_figure(programme["result"], "inwoners uit de schulden"),
        result_figure(programme["share"]),
    )
    assert shown(client) == [
        ("1.200", "inwoners uit de schulden", programme["rub"].url),
        ("41%", "Deel dat hulp aanneemt", programme["rub"].url),
    ]


def test_changing_the_result_on_the_project_changes_the_home_page(client, site_root, programme):
    set_figures(site_root, result_figure(programme["result"]))
    assert shown(client)[0][0] == "1.200"
    project = ProjectPage.objects.get(pk=programme["rub"].pk)
    results = list(project.results.all())
    results[0].current = Decimal("1350")
    project.results = results
    project.save_revision().publish()
    assert shown(client)[0][0] == "1.350"
    result = programme["result"]
    result.refresh_from_db()
    result.current = Decimal("1400.5")
    result.save()
    assert shown(client)[0][0] == "1.400,5"


def test_a_figure_whose_project_is_no_longer_public_is_left_out(client, site_root, programme):
    set_figures(site_root, result_figure(programme["result"]), count_figure(figures.THEMES))
    assert [row[0] for row in shown(client)] == ["1.200", "2"]
    programme["rub"].unpublish()
    assert [row[0] for row in shown(client)] == ["2"]
    set_figures(site_root, result_figure(programme["result"]))
    html = client.get("/").content.decode()
    assert "Het programma in cijfers" not in html, "no empty figures section"


def test_counts_match_the_live_public_content(client, site_root, programme):
    set_figures(
        site_root,
        count_figure(figures.PROJECTS),
        count_figure(figures.THEMES, "themalijnen"),
        count_figure(figures.MUNICIPALITIES, "Twentse gemeenten werken samen"),
        count_figure(figures.PARTNERS),
    )
    live_projects = ProjectPage.objects.live().public().count()
    assert live_projects == 3
    assert shown(client) == [
        ("3", "projecten", programme["finder"].url),
        ("2", "themalijnen", programme["index"].url),
        ("3", "Twentse gemeenten werken samen", ""),
        ("2", "partnerorganisaties", ""),
    ]
    ProjectPageFactory(parent=programme["money"])
    MunicipalityFactory()
    programme["private"].get_view_restrictions().delete()
    assert [row[0] for row in shown(client)] == ["5", "2", "4", "2"]
    assert ProjectPage.objects.live().public().count() == 5


def home_queries(client):
    client.get("/")
    with CaptureQueriesContext(connection) as captured:
        response = client.get("/")
    assert response.status_code == 200
    return len(captured)


def cold_home_queries(client):
    fragments.content_changed()
    with CaptureQueriesContext(connection) as captured:
        client.get("/")
    return len(captured)


def test_figures_cost_no_query_per_figure(client, site_root, programme):
    set_figures(site_root)
    without = home_queries(client)
    set_figures(site_root, result_figure(programme["result"]))
    one, one_cold = home_queries(client), cold_home_queries(client)
    set_figures(
        site_root,
        result_figure(programme["result"]),
        result_figure(programme["share"]),
        count_figure(figures.PROJECTS),
        count_figure(figures.THEMES),
        count_figure(figures.MUNICIPALITIES),
        count_figure(figures.PARTNERS),
    )
    assert len(shown(client)) == 6
    six, six_cold = home_queries(client), cold_home_queries(client)
    for n in range(10):
        ProjectResultFactory(page=ProjectPageFactory(parent=programme["money"]), label=f"Extra {n}")
    grown = home_queries(client)
    assert grown == six == one == without
    assert cold_home_queries(client) == six_cold == one_cold


def test_blocks_declare_their_meta_and_preview_without_the_home_page(site_root, programme):
    stream_block = HomeKeyFiguresBlock()
    for name, block in stream_block.child_blocks.items():
        for attribute in ("icon", "label", "group", "template", "description", "preview_value"):
            assert getattr(block.meta, attribute, None), f"{name} lacks {attribute}"
        assert block.meta.template == f"components/{name}.html"
    html = str(StreamValue(stream_block, [count_figure(figures.THEMES)]).render_as_block())
    assert '<span class="key-figure__figure">2</span>' in html
    document = parse(html)
    assert not document.inline_scripts and not document.style_attributes
    html = ResultFigureBlock().render(
        ResultFigureBlock().to_python({"result": str(programme["result"].pk), "label": ""})
    )
    assert "1.200" in html and "Inwoners uit de zorgschulden" in html
    assert (
        not CountFigureBlock().render(CountFigureBlock().to_python({"count": "onbekend"})).strip()
    )


def test_editors_choose_from_the_project_results(admin_client_nl, site_root, programme):
    html = admin_client_nl.get(f"/admin/pages/{site_root.pk}/edit/").content.decode()
    assert "Uit de zorgschulden: Inwoners uit de zorgschulden (1.200 inwoners)" in html
    block = ResultFigureBlock()
    value = block.clean(block.to_python({"result": str(programme["result"].pk), "label": ""}))
    assert value["result"] == str(programme["result"].pk)
    with pytest.raises(StructBlockValidationError) as error:
        block.clean(block.to_python({"result": "999999", "label": ""}))
    assert list(error.value.block_errors) == ["result"]
