"""Every theme page type renders what residents need, and drafts stay out of sight."""

import pytest
from django.utils.html import escape

from tests.themes.conftest import fresh_copy

pytestmark = pytest.mark.django_db


@pytest.fixture
def programme(shared_programme):
    """Built once for the module, read anew for each test (tests/themes/conftest.py)."""
    return fresh_copy(shared_programme)


def html(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def test_theme_index_lists_live_theme_lines_with_project_counts(client, programme):
    page = html(client, "/themalijnen/")
    assert "<h1>Themalijnen</h1>" in page
    assert "In het kort" in page
    assert 'href="/themalijnen/geldzorgen/"' in page
    assert "2 projecten" in page
    assert page.count("2 projecten") == 2


def test_theme_page_lists_its_projects_with_status(client, programme):
    page = html(client, "/themalijnen/ouder-worden/")
    assert "Langer thuis" in page and "Mantelzorg" in page
    assert 'status--voorbereiding">In voorbereiding<' in page
    assert 'status--lopend">Lopend<' in page
    assert "Geheim concept" not in page
    assert "Schuldhulp dichtbij" not in page


def test_theme_page_shows_goals_principles_and_contact(client, programme):
    page = html(client, "/themalijnen/geldzorgen/")
    assert "Wat we willen bereiken" in page
    assert 'href="/uitgangspunten/samenwerken/"' in page
    assert "Vragen over deze themalijn?" in page
    assert "Anna de Vries" in page


def test_project_page_reads_in_the_residents_order(client, programme):
    page = html(client, "/themalijnen/geldzorgen/schuldhulp/")
    # The facts follow "In het kort" (a sidebar on wide screens, see tests/browser/test_reflow.py).
    headings = [
        "In het kort",
        "Feiten over dit project",
        "Waarom dit project?",
        "Wat we willen bereiken",
        "Onze aanpak",
        "Wat merk je ervan?",
        "Voortgang per jaar",
        "Resultaten",
        "Vragen over dit project?",
    ]
    positions = [page.index(heading) for heading in headings]
    assert positions == sorted(positions)
    assert page.index(">2026<") < page.index(">2025<"), "newest year first"


def test_project_page_facts(client, programme):
    page = html(client, "/themalijnen/geldzorgen/schuldhulp/")
    facts = page[page.index("Feiten over dit project") :]
    assert "2022 – 2027" in facts
    assert "Trekker</dt><dd>Menzis" in facts
    assert "<li>GGD Twente</li>" in facts and "<li>Menzis</li>" in facts
    assert 'href="/projecten/?gemeente=enschede">Enschede<' in facts
    assert 'href="/projecten/?doelgroep=ouderen">Ouderen<' in facts
    assert 'href="/uitgangspunten/samenwerken/">Samenwerken<' in facts
    assert "anna@example.org" in facts
    assert 'Project in de themalijn <a href="/themalijnen/geldzorgen/">Geldzorgen</a>' in page


def test_project_for_all_of_twente_says_so(client, programme):
    page = html(client, "/themalijnen/geldzorgen/rub/")
    assert "Gemeenten</dt><dd>Heel Twente" in page


def test_project_page_shows_result_figures_the_dutch_way(client, programme):
    programme.debt.results.update(current=1200, target="72.5")
    page = html(client, "/themalijnen/geldzorgen/schuldhulp/")
    assert '<span class="figure-card__value">1.200</span> inwoners' in page
    assert "<dd>72,5</dd>" in page
    assert "Bron: Programmateam (test)" in page


def test_project_without_updates_has_no_empty_progress_section(client, programme):
    page = html(client, "/themalijnen/ouder-worden/langer-thuis/")
    assert "Voortgang per jaar" not in page
    assert "Resultaten" not in page.split("<main")[1].split("</main>")[0]


def test_draft_project_is_not_served(client, programme):
    assert client.get("/themalijnen/ouder-worden/concept/").status_code == 404
    assert client.get("/themalijnen/onbekend/iets/").status_code == 404


def test_project_under_a_draft_theme_line_is_still_routed(client, programme):
    programme.ageing.unpublish()
    assert client.get("/themalijnen/ouder-worden/mantelzorg/").status_code == 200
    assert client.get("/themalijnen/ouder-worden/").status_code == 404


def test_principles_page_lists_general_and_content_principles(client, programme):
    page = html(client, "/uitgangspunten/")
    general = page.index("Algemene uitgangspunten")
    content = page.index("Inhoudelijke uitgangspunten")
    assert general < page.index("Samenwerken") < content
    assert content < page.index("Gezondheidsverschillen verkleinen")
    assert 'href="/uitgangspunten/samenwerken/"' in page
    assert "2 projecten werken hieraan" in page


def test_principle_page_shows_the_projects_that_serve_it(client, programme):
    page = html(client, "/uitgangspunten/samenwerken/")
    assert "<h1>Samenwerken</h1>" in page
    assert "Schuldhulp dichtbij" in page and "Uit de zorgschulden" in page
    assert "Geheim concept" not in page
    assert "Langer thuis" not in page
    assert "Themalijn: Geldzorgen" in page
    assert 'href="/themalijnen/geldzorgen/">Geldzorgen</a></li>' in page
    assert '<link rel="canonical" href="http://localhost/uitgangspunten/samenwerken/">' in page
    assert "<title>Samenwerken | Uitgangspunten" in page


def test_principle_without_projects_says_so(client, programme):
    from tests.themes.factories import PrincipleFactory

    PrincipleFactory(name="Leren", slug="leren")
    page = html(client, "/uitgangspunten/leren/")
    assert "Er zijn nog geen projecten die dit uitgangspunt noemen." in page


def test_unknown_principle_is_a_404(client, programme):
    assert client.get("/uitgangspunten/bestaat-niet/").status_code == 404


def test_results_page_groups_figures_per_theme_line(client, programme):
    page = html(client, "/resultaten/")
    assert page.count('class="card figure-card"') == 3
    assert 'href="/themalijnen/geldzorgen/">Geldzorgen</a></h2>' in page
    assert "Ouder worden</a></h2>" not in page
    assert page.count("Project: <a") == 3
    assert "Peildatum" in page
    assert 'href="/resultaten/cijfers.csv"' in page
    assert 'href="/resultaten/cijfers.json"' in page


def test_results_page_per_municipality(client, programme):
    page = html(client, "/resultaten/per-gemeente/")
    main = page.split("<main")[1].split("</main>")[0]
    sections = main.split("<h2 id=")[1:]
    names = [section.split(">", 1)[1].split("</h2>")[0] for section in sections]
    assert names == ["Heel Twente", "Enschede"]
    assert '<span aria-current="page">Per gemeente</span>' in page
    assert '<link rel="canonical" href="http://localhost/resultaten/per-gemeente/">' in page


def test_pages_have_meta_description_from_the_summary(client, programme):
    page = html(client, "/themalijnen/geldzorgen/schuldhulp/")
    assert f'<meta name="description" content="{escape(programme.debt.introduction)}">' in page


def test_sitemap_lists_principle_pages_and_results_per_municipality(client, programme):
    xml = client.get("/sitemap.xml").content.decode()
    assert "http://localhost/uitgangspunten/samenwerken/" in xml
    assert "http://localhost/uitgangspunten/gezondheidsverschillen/" in xml
    assert "http://localhost/resultaten/per-gemeente/" in xml
    assert "http://localhost/themalijnen/geldzorgen/schuldhulp/" in xml
    assert "concept" not in xml


def test_catalogue_follows_changes(client, programme):
    assert "Geldzorgen" in html(client, "/projecten/")
    programme.money.title = "Bestaanszekerheid"
    programme.money.save_revision().publish()
    page = html(client, "/projecten/")
    assert ">Bestaanszekerheid</option>" in page
    programme.together.name = "Samen werken"
    programme.together.save()
    assert ">Samen werken</option>" in html(client, "/projecten/")
