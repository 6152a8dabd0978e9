"""Hostile input never breaks a page (issue 11): at least 200 hostile values each for the site
search, the API's search on pages, images and documents, and the API's field filters, on SQLite
(make test) and PostgreSQL (CI). The site search answers 200; the API answers 200 or a 400 in
application/problem+json."""

import itertools

import pytest
from django.test import Client

from core.search_terms import MAX_TERMS, plain_terms
from tests.news.factories import NewsIndexPageFactory, NewsPageFactory

pytestmark = pytest.mark.django_db

NASTY = [
    '"',
    "'",
    "\\",
    "<",
    ">",
    "@",
    "=",
    "!",
    "\x00",
    "a\x00b",
    "javascript:alert(1)",
    "<script>alert(1)</script>",
    '" OR 1=1 --',
    "'; DROP TABLE wagtailcore_page; --",
    "zorg*",
    "*",
    "^",
    "(",
    ")",
    "()",
    "zorg AND",
    "OR",
    "NOT zorg",
    "NEAR(zorg welzijn, 2)",
    "title:zorg",
    "{zorg}",
    "zorg:",
    "-zorg",
    "+zorg",
    "zorg & welzijn",
    "zorg | welzijn",
    "zorg <-> welzijn",
    "!!zorg",
    "%",
    "%00",
    "%%",
    "_",
    "\t\n\r",
    " ",
    "ß",
    "ẞ",
    "İ",
    "ﬁ",
    "é" * 300,
    "👩‍⚕️",
    "\u202ezorg",
    "\ufeff",
    "\ud7ff",
    "zorg" * 100,
    " ".join(f"w{n}" for n in range(200)),
    "a " * 150,
    "x" * 1000,
    "0",
    "-1",
    "1e309",
    "NaN",
    "null",
    "None",
    "true",
    "[]",
    "{}",
    "../../etc/passwd",
    "${7*7}",
    "{{ 7*7 }}",
    "{% debug %}",
]
AFFIXES = ["", "zorg ", " welzijn", "Twente "]
VALUES = [prefix + nasty for nasty, prefix in itertools.product(NASTY, AFFIXES)]

FILTER_FIELDS = ["date", "first_published_at", "id", "title", "slug", "show_in_menus", "child_of"]


@pytest.fixture
def content(site_root):
    index = NewsIndexPageFactory(parent=site_root)
    for title in ("Zorg dichtbij", "Welzijn in Twente", "Samen gezond"):
        NewsPageFactory(parent=index, title=title)
    return index


def test_there_are_at_least_200_hostile_values_per_surface():
    assert len(VALUES) >= 200
    assert len(set(VALUES)) == len(VALUES)


def test_the_site_search_answers_every_hostile_query(content):
    client = Client(raise_request_exception=False)
    failures = [
        (value, answer.status_code)
        for value in VALUES
        if (answer := client.get("/zoeken/", {"q": value})).status_code != 200
    ]
    assert failures == []


@pytest.mark.parametrize("endpoint", ["pages", "images", "documents"])
def test_the_api_search_answers_every_hostile_query(content, endpoint):
    client = Client(raise_request_exception=False)
    failures = []
    for value in VALUES:
        answer = client.get(f"/api/v2/{endpoint}/", {"search": value})
        if answer.status_code == 400:
            ok = answer["Content-Type"] == "application/problem+json" and answer.json()["detail"]
        else:
            ok = answer.status_code == 200
        if not ok:
            failures.append((value, answer.status_code))
    assert failures == []


def test_the_api_filters_answer_every_hostile_value(content):
    client = Client(raise_request_exception=False)
    failures = []
    for field, value in itertools.product(FILTER_FIELDS, VALUES[::4]):
        for extra in ({}, {"type": "news.NewsPage"}):
            answer = client.get("/api/v2/pages/", {field: value, **extra})
            if answer.status_code >= 500 or (
                answer.status_code == 400 and answer["Content-Type"] != "application/problem+json"
            ):
                failures.append((field, value, extra, answer.status_code))
    assert failures == []
    assert len(FILTER_FIELDS) * len(VALUES[::4]) >= 200


def test_a_bad_date_is_a_dutch_problem():
    answer = Client().get("/api/v2/pages/", {"type": "news.NewsPage", "date": "gisteren"})
    assert answer.status_code == 400
    body = answer.json()
    assert body["status"] == 400 and body["title"] == "Ongeldige aanvraag"
    assert body["detail"].startswith("ongeldige waarde in een filter")


def test_plain_search_still_finds_what_it_should(content):
    found = Client().get("/api/v2/pages/", {"search": '"zorg\\'}).json()
    titles = [item["title"] for item in found["items"]]
    assert "Zorg dichtbij" in titles and "Samen gezond" not in titles
    page = Client().get("/zoeken/", {"q": '"zorg'})
    assert "Zorg dichtbij" in page.content.decode()


def test_a_long_query_is_cut_with_a_dutch_note(content):
    words, cut = plain_terms(" ".join(["zorg"] * 30))
    assert cut and len(words) == MAX_TERMS
    page = Client().get("/zoeken/", {"q": " ".join(["zorg"] * 30)})
    assert page.status_code == 200
    assert "We zochten op de eerste woorden" in page.content.decode()
    answer = Client().get("/api/v2/pages/", {"search": " ".join(["zorg"] * 30)})
    assert answer.status_code == 400 and "te lang" in answer.json()["detail"]
