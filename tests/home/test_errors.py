"""The 500 page: Dutch, and rendered without touching the database (no django_db mark here, so
any query fails the test)."""

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.template import loader
from django.test import RequestFactory
from django.utils.translation import templatize

from home.views import server_error


@pytest.fixture
def crashing_site(settings):
    settings.DEBUG = False
    settings.ROOT_URLCONF = "tests.home.crash_urls"


def test_500_page_through_the_handler(client, crashing_site):
    client.raise_request_exception = False
    response = client.get("/kapot/")
    assert response.status_code == 500
    html = response.content.decode()
    assert '<html lang="nl">' in html
    assert "<title>Er ging iets mis | Twentse Koers</title>" in html
    assert "Dat is niet jouw fout" in html
    assert 'href="/static/css/site.css"' in html
    assert "Content-Security-Policy" in response.headers
    assert not response.cookies


def test_500_view_needs_no_database():
    response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    assert "Er ging iets mis" in response.content.decode()


def test_error_handlers_are_configured():
    from config import urls

    assert urls.handler500 == "home.views.server_error"
    assert urls.handler404 == "home.views.page_not_found"


class VisibleText(HTMLParser):
    def __init__(self):
        super().__init__()
        self.chunks = []

    def handle_data(self, data):
        if data.strip():
            self.chunks.append(" ".join(data.split()))


def test_500_page_texts_are_marked_for_translation(settings):
    """makemessages finds every Dutch sentence of the 500 page; the page still renders from the
    template alone (no request, no context processors, no database)."""
    settings.DEBUG = False
    template = loader.get_template("500.html")
    marked = set(
        re.findall(r"gettext\(u'([^']*)'\)", templatize(Path(template.origin.name).read_text()))
    )
    assert marked == {
        "Er ging iets mis",
        "Dat is niet jouw fout. Probeer het over een paar minuten opnieuw.",
        "Ga naar de homepagina",
    }
    text = VisibleText()
    text.feed(template.render())
    assert text.chunks
    for chunk in text.chunks:
        assert chunk.removesuffix(" | Twentse Koers") in marked, f"not translatable: {chunk!r}"
