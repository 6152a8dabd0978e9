"""The project finder filters by theme, status, municipality, principle and target group with
plain GET parameters, singly and combined, and never fails on odd input."""

import re
from html.parser import HTMLParser

import pytest

from tests.themes.conftest import fresh_copy
from tests.themes.programme import make_project
from themes.models import ProjectPage

pytestmark = pytest.mark.django_db


@pytest.fixture
def programme(shared_programme):
    """Built once for the module, read anew for each test (tests/themes/conftest.py)."""
    return fresh_copy(shared_programme)

TITLE = re.compile(r'<h3 class="card__title"><a href="[^"]+">([^<]+)</a>')


def find(client, query=""):
    response = client.get(f"/projecten/{query}")
    assert response.status_code == 200, query
    page = response.content.decode()
    return set(TITLE.findall(page)), page


ALL = {"Schuldhulp dichtbij", "Uit de zorgschulden", "Langer thuis", "Mantelzorg"}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", ALL),
        ("?thema=geldzorgen", {"Schuldhulp dichtbij", "Uit de zorgschulden"}),
        ("?thema=ouder-worden", {"Langer thuis", "Mantelzorg"}),
        ("?status=lopend", {"Schuldhulp dichtbij", "Mantelzorg"}),
        ("?status=afgerond", {"Uit de zorgschulden"}),
        ("?status=voorbereiding", {"Langer thuis"}),
        ("?status=lange_termijn", set()),
        ("?gemeente=enschede", {"Schuldhulp dichtbij", "Uit de zorgschulden"}),
        ("?gemeente=almelo", {"Langer thuis", "Mantelzorg", "Uit de zorgschulden"}),
        ("?gemeente=hengelo", {"Langer thuis", "Uit de zorgschulden"}),
        ("?gemeente=heel-twente", {"Uit de zorgschulden"}),
        ("?uitgangspunt=samenwerken", {"Schuldhulp dichtbij", "Uit de zorgschulden"}),
        ("?uitgangspunt=gezondheidsverschillen", {"Uit de zorgschulden", "Langer thuis"}),
        ("?doelgroep=ouderen", {"Schuldhulp dichtbij", "Langer thuis", "Mantelzorg"}),
        ("?doelgroep=jeugd", {"Uit de zorgschulden", "Mantelzorg"}),
    ],
)
def test_single_filters(client, programme, query, expected):
    titles, page = find(client, query)
    assert titles == expected
    assert "Geheim concept" not in page


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("?thema=ouder-worden&gemeente=almelo&doelgroep=jeugd", {"Mantelzorg"}),
        ("?status=lopend&gemeente=almelo", {"Mantelzorg"}),
        ("?thema=geldzorgen&gemeente=almelo", {"Uit de zorgschulden"}),
        (
            "?thema=geldzorgen&status=lopend&gemeente=enschede&uitgangspunt=samenwerken"
            "&doelgroep=ouderen",
            {"Schuldhulp dichtbij"},
        ),
        ("?uitgangspunt=gezondheidsverschillen&doelgroep=ouderen", {"Langer thuis"}),
        ("?thema=ouder-worden&status=afgerond", set()),
    ],
)
def test_combined_filters(client, programme, query, expected):
    titles, _page = find(client, query)
    assert titles == expected


def test_count_is_shown_in_words(client, programme):
    _titles, page = find(client)
    assert "4 projecten gevonden" in page
    _titles, page = find(client, "?status=afgerond")
    assert "1 project gevonden" in page
    _titles, page = find(client, "?status=lange_termijn")
    assert "0 projecten gevonden" in page
    assert "Geen projecten gevonden. Probeer minder keuzes." in page


def test_chosen_filters_stay_selected(client, programme):
    _titles, page = find(client, "?thema=geldzorgen&gemeente=enschede")
    assert '<option value="geldzorgen" selected>Geldzorgen</option>' in page
    assert '<option value="enschede" selected>Enschede</option>' in page
    assert "Inclusief projecten voor heel Twente." in page
    assert "Wis alle keuzes" in page


def test_the_form_uses_get_labels_and_no_csrf_token(client, programme):
    _titles, page = find(client)
    assert '<form class="finder__form" method="get" action="/projecten/"' in page
    for name in ("thema", "status", "gemeente", "uitgangspunt", "doelgroep"):
        assert f'<label for="id_{name}">' in page
        assert f'name="{name}"' in page
    assert "csrfmiddlewaretoken" not in page
    assert not client.cookies


@pytest.mark.parametrize(
    "query",
    [
        "?thema=bestaat-niet",
        "?status=%3Cscript%3E",
        "?gemeente=" + "x" * 5000,
        "?uitgangspunt=1%27%20OR%201=1",
        "?doelgroep=&thema=",
        "?thema=geldzorgen&thema=ouder-worden",
        "?pagina=abc",
        "?pagina=-1",
        "?pagina=99999",
        "?onbekend=1",
        "?gemeente=%00",
    ],
)
def test_bad_parameters_never_fail(client, programme, query):
    titles, _page = find(client, query)
    assert titles <= ALL
    assert titles


def test_unknown_values_are_dropped_with_a_message(client, programme):
    titles, page = find(client, "?thema=bestaat-niet&status=lopend")
    assert titles == {"Schuldhulp dichtbij", "Mantelzorg"}
    assert "Die hebben we weggelaten: Themalijn." in page


class IdReferences(HTMLParser):
    """The ids in a page and the ids its aria-describedby attributes point at."""

    def __init__(self):
        super().__init__()
        self.ids, self.described_by, self.texts, self._open = set(), [], {}, []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id"):
            self.ids.add(attrs["id"])
            self.texts[attrs["id"]] = ""
            self._open.append((tag, attrs["id"]))
        self.described_by.extend((attrs.get("aria-describedby") or "").split())

    def handle_endtag(self, tag):
        if self._open and self._open[-1][0] == tag:
            self._open.pop()

    def handle_data(self, data):
        for _tag, element_id in self._open:
            self.texts[element_id] += data


def test_each_unknown_value_is_explained_at_its_field(client, programme):
    _titles, page = find(client, "?thema=bestaat-niet&gemeente=nergens&status=lopend")
    refs = IdReferences()
    refs.feed(page)
    assert set(refs.described_by) <= refs.ids
    errors = sorted(ref for ref in refs.described_by if ref.endswith("_error"))
    assert errors == ["id_gemeente_error", "id_thema_error"]
    for field in ("thema", "gemeente"):
        assert "Deze keuze bestaat niet (meer)" in refs.texts[f"id_{field}_error"]
        assert re.search(
            rf'<select name="{field}" aria-invalid="true" aria-describedby="id_{field}_error"', page
        )
    assert 'aria-invalid="true"' not in page.split('name="status"')[1].split(">")[0]


def test_paging_keeps_the_filters(client, programme):
    for number in range(14):
        make_project(programme.money, title=f"Extra {number:02d}", status=ProjectPage.Status.LOPEND)
    titles, page = find(client, "?status=lopend")
    assert len(titles) == 12
    assert "16 projecten gevonden" in page
    assert "Pagina 1 van 2" in page
    assert 'href="?status=lopend&amp;pagina=2"' in page
    second, page = find(client, "?status=lopend&pagina=2")
    assert len(second) == 4 and not titles & second
    assert "Pagina 2 van 2" in page
