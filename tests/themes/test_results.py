"""The results page's downloads hold every figure of every live project, entered once."""

import csv
import io
import json

import pytest

from tests.themes.conftest import fresh_copy

pytestmark = pytest.mark.django_db


@pytest.fixture
def programme(shared_programme):
    """Built once for the module, read anew for each test (tests/themes/conftest.py)."""
    return fresh_copy(shared_programme)


def test_csv_download(client, programme):
    programme.debt.results.filter(label="Cijfer 0").update(label="Inwoners geholpen")
    response = client.get("/resultaten/cijfers.csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="twentse-koers-resultaten.csv"' in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == [
        "themalijn",
        "project",
        "webadres project",
        "wat we meten",
        "beginwaarde",
        "doel",
        "nu",
        "eenheid",
        "bron",
        "peildatum",
        "gemeenten",
    ]
    assert len(rows) == 1 + 3
    first = dict(zip(rows[0], rows[1], strict=True))
    assert first["themalijn"] == "Geldzorgen"
    assert first["project"] == "Schuldhulp dichtbij"
    assert first["webadres project"] == "http://localhost/themalijnen/geldzorgen/schuldhulp/"
    assert first["nu"] == "60"
    assert first["peildatum"] == "2026-06-30"
    assert first["gemeenten"] == "Enschede"
    assert rows[3][-1] == "Heel Twente"
    assert not any("Geheim concept" in cell for row in rows for cell in row)


def test_json_download(client, programme):
    programme.rub.results.update(current="72.5", baseline=None)
    response = client.get("/resultaten/cijfers.json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    data = json.loads(response.content)
    assert data["count"] == 3 == len(data["figures"])
    assert data["url"] == "http://localhost/resultaten/"
    rub = next(f for f in data["figures"] if f["project"] == "Uit de zorgschulden")
    assert rub == {
        "theme": "Geldzorgen",
        "project": "Uit de zorgschulden",
        "project_url": "http://localhost/themalijnen/geldzorgen/rub/",
        "label": rub["label"],
        "baseline": None,
        "target": 100,
        "current": 72.5,
        "unit": "inwoners",
        "source": "Programmateam (test)",
        "date": "2026-06-30",
        "municipalities": ["Heel Twente"],
    }


def test_a_figure_changed_on_its_project_changes_everywhere(client, programme):
    result = programme.debt.results.first()
    result.current = 77
    result.save()
    assert "77" in client.get("/themalijnen/geldzorgen/schuldhulp/").content.decode()
    assert (
        '<span class="figure-card__value">77</span>' in client.get("/resultaten/").content.decode()
    )
    assert ",77," in client.get("/resultaten/cijfers.csv").content.decode()
    figures = json.loads(client.get("/resultaten/cijfers.json").content)["figures"]
    assert 77 in [f["current"] for f in figures]


def test_downloads_have_one_address(client, programme):
    assert client.get("/resultaten/cijfers.csv/").status_code == 404


def test_other_files_under_pages_are_404(client, programme):
    assert client.get("/resultaten/cijfers.xml").status_code == 404
    assert client.get("/themalijnen/cijfers.csv").status_code == 404


def test_downloads_set_no_cookies(client, programme):
    response = client.get("/resultaten/cijfers.csv")
    assert not response.cookies


def test_csv_text_is_never_run_as_a_formula(client, programme):
    programme.debt.results.update(label='=HYPERLINK("http://evil.example")', target=-5)
    rows = list(csv.reader(io.StringIO(client.get("/resultaten/cijfers.csv").content.decode())))
    labels = [row[3] for row in rows[1:]]
    assert '\'=HYPERLINK("http://evil.example")' in labels
    assert "-5" in [row[5] for row in rows[1:]]
