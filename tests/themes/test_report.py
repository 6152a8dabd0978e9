"""The admin report lists exactly the projects without a progress update for this year."""

import csv
import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tests.themes.conftest import fresh_copy

pytestmark = pytest.mark.django_db


@pytest.fixture
def programme(shared_programme):
    """Built once for the module, read anew for each test (tests/themes/conftest.py)."""
    return fresh_copy(shared_programme)

URL = "/admin/reports/projecten-zonder-voortgang/"


def test_report_lists_projects_without_an_update_this_year(admin_client_nl, programme):
    response = admin_client_nl.get(URL)
    assert response.status_code == 200
    listed = {project.title for project in response.context["object_list"]}
    assert listed == {"Uit de zorgschulden", "Langer thuis", "Geheim concept"}
    page = response.content.decode()
    assert f"Geen voortgang ingevuld voor {datetime.date.today().year}" in page
    assert "Schuldhulp dichtbij" not in page
    assert reverse("wagtailadmin_pages:edit", args=[programme.rub.pk]) in page


def test_report_shows_theme_and_last_update(admin_client_nl, programme):
    response = admin_client_nl.get(URL)
    rub = next(p for p in response.context["object_list"] if p.pk == programme.rub.pk)
    assert rub.theme_title == "Geldzorgen"
    assert rub.last_update_year == datetime.date.today().year - 1


def test_report_follows_new_updates(admin_client_nl, programme):
    from tests.themes.factories import ProjectUpdateFactory

    ProjectUpdateFactory(page=programme.rub)
    listed = {p.title for p in admin_client_nl.get(URL).context["object_list"]}
    assert "Uit de zorgschulden" not in listed


def test_report_filters_published_projects(admin_client_nl, programme):
    listed = {p.title for p in admin_client_nl.get(URL + "?live=true").context["object_list"]}
    assert listed == {"Uit de zorgschulden", "Langer thuis"}


def test_report_csv_export(admin_client_nl, programme):
    response = admin_client_nl.get(URL + "?export=csv")
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0] == [
        "Project",
        "Themalijn",
        "Status",
        "Laatste voortgang (jaar)",
        "Contactpersoon",
        "Gepubliceerd",
    ]
    assert sorted(row[0] for row in rows[1:]) == [
        "Geheim concept",
        "Langer thuis",
        "Uit de zorgschulden",
    ]
    langer = next(row for row in rows if row[0] == "Langer thuis")
    assert langer[1:4] == ["Ouder worden", "In voorbereiding", ""]


def test_report_xlsx_export(admin_client_nl, programme):
    response = admin_client_nl.get(URL + "?export=xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    titles = sorted(row[0] for row in sheet.iter_rows(min_row=2, values_only=True))
    assert titles == ["Geheim concept", "Langer thuis", "Uit de zorgschulden"]


def test_report_is_in_the_reports_menu(admin_client_nl, programme):
    page = admin_client_nl.get("/admin/").content.decode()
    assert "Projecten zonder voortgang" in page


def test_report_needs_a_login(client, programme):
    response = client.get(URL)
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_report_queries_stay_constant_as_projects_grow(admin_client_nl, programme):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories import PersonFactory
    from tests.themes.programme import make_project

    def queries():
        admin_client_nl.get(URL)  # warm per-process caches (locales, content types)
        with CaptureQueriesContext(connection) as ctx:
            response = admin_client_nl.get(URL)
        assert response.status_code == 200
        return len(response.context["object_list"]), len(ctx)

    rows, before = queries()
    for number in range(20):
        make_project(
            programme.ageing,
            title=f"Nog geen voortgang {number}",
            whole_twente=True,
            contact=PersonFactory(),
            live=number % 2 == 0,
        )
    more_rows, after = queries()
    assert more_rows == rows + 20
    assert after == before
