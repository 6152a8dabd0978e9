"""The home page: the latest news as cards with their kind and date and a link to all news, and
one newsletter sign-up form (the footer's), with the call to action linking to the sign-up page."""

import datetime
import re

import pytest
from django.core.cache import cache

from news.models import NewsPage
from tests.news.factories import NewsIndexPageFactory, NewsPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def news(site_root):
    index = NewsIndexPageFactory(parent=site_root, title="Nieuws", slug="nieuws")
    items = [
        NewsPageFactory(
            parent=index,
            title="Karin begon zonder schuld",
            slug="karin",
            kind=NewsPage.Kind.PROJECTVERHAAL,
            date=datetime.date(2026, 11, 10),
        ),
        NewsPageFactory(
            parent=index,
            title="Regioplan bijgesteld",
            slug="regioplan",
            kind=NewsPage.Kind.NIEUWS,
            date=datetime.date(2026, 11, 18),
        ),
    ]
    return index, items


def news_section(html):
    return html.split('id="news-title"', 1)[1].split("</section>", 1)[0]


def test_news_cards_show_kind_and_date_and_link_to_all_news(client, site_root, news):
    index, _items = news
    html = client.get("/").content.decode()
    section = news_section(html)
    cards = re.findall(r'<li class="card">(.*?)</li>', section, re.S)
    assert len(cards) == 2
    assert 'href="/nieuws/regioplan/"' in cards[0]
    assert '<span class="kind-label">Nieuws</span>' in cards[0]
    assert '<time datetime="2026-11-18">18 november 2026</time>' in cards[0]
    assert '<span class="kind-label">Projectverhaal</span>' in cards[1]
    assert '<time datetime="2026-11-10">10 november 2026</time>' in cards[1]
    assert f'<a href="{index.url}">Alle berichten</a>' in section
    assert index.url == "/nieuws/"


def test_no_news_no_section(client, site_root):
    html = client.get("/").content.decode()
    assert 'id="news-title"' not in html
    assert "Alle berichten" not in html


def test_the_home_page_has_one_sign_up_form(client, site_root):
    site_root.newsletter_title = "Meld je aan voor de nieuwsbrief"
    site_root.newsletter_text = "Eén keer per maand het laatste nieuws."
    site_root.save_revision().publish()
    html = client.get("/").content.decode()
    assert html.count("<form") == 1
    assert html.count('action="/nieuwsbrief/aanmelden/"') == 1
    assert 'id="footer-email"' in html
    cta = html.split('class="container section newsletter-cta"', 1)[1].split("</section>", 1)[0]
    assert "Eén keer per maand het laatste nieuws." in cta
    assert (
        '<a class="button" href="/nieuwsbrief/aanmelden/">Aanmelden voor de nieuwsbrief</a>' in cta
    )
    # The call to action is no landmark, so an editor's title can never clash with the footer's.
    assert "aria-label" not in cta.split(">", 1)[0]
