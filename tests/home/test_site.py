"""Site-wide parts: navigation, breadcrumbs, footer, search, sitemap, meta tags, error pages."""

import re
import xml.etree.ElementTree as ET

import pytest
from django.core.cache import cache
from django.db import connection
from wagtail.models import Site

from home.models import Organisation, SiteSettings
from tests.factories import ContentPageFactory, OrganisationFactory
from tests.home.factories import AboutPageFactory, SiteImageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


def nav_links(html):
    nav = re.search(r'<nav class="main-nav".*?</nav>', html, re.S)[0]
    return re.findall(r'<a href="([^"]+)"( aria-current="(\w+)")?>([^<]+)</a>', nav)


def test_main_menu_from_page_tree(client, site_root):
    ContentPageFactory(parent=site_root, title="Contact", slug="contact", show_in_menus=True)
    about = AboutPageFactory(parent=site_root, show_in_menus=True)
    ContentPageFactory(parent=site_root, title="Colofon", slug="colofon", show_in_menus=False)
    ContentPageFactory(
        parent=site_root, title="Concept", slug="concept", show_in_menus=True, live=False
    )
    ContentPageFactory(parent=about, title="Het team", slug="team", show_in_menus=True)

    links = nav_links(client.get("/").content.decode())
    assert [(href, title) for href, _, _, title in links] == [
        ("/contact/", "Contact"),
        ("/over-twentse-koers/", "Over Twentse Koers"),
    ]
    assert all(current == "" for _, _, current, _ in links)

    links = nav_links(client.get("/over-twentse-koers/").content.decode())
    assert ("/over-twentse-koers/", "page") in [(href, current) for href, _, current, _ in links]
    links = nav_links(client.get("/over-twentse-koers/team/").content.decode())
    assert ("/over-twentse-koers/", "true") in [(href, current) for href, _, current, _ in links]
    assert ("/contact/", "") in [(href, current) for href, _, current, _ in links]


def test_main_menu_has_a_toggle_for_small_screens(client, site_root):
    html = client.get("/").content.decode()
    assert re.search(
        r'<button class="main-nav__toggle" type="button" aria-expanded="false" '
        r'aria-controls="main-nav-list" hidden>Menu</button>',
        html,
    )
    assert 'id="main-nav-list"' in html
    assert re.search(r'<a class="skip-link" href="#main">', html)
    assert '<main id="main" tabindex="-1">' in html


def test_breadcrumbs(client, site_root):
    about = AboutPageFactory(parent=site_root)
    team = ContentPageFactory(parent=about, title="Het team", slug="team")
    ContentPageFactory(parent=team, title="Vacatures", slug="vacatures")
    html = client.get("/over-twentse-koers/team/vacatures/").content.decode()
    crumbs = re.search(
        r'<nav class="breadcrumbs container" aria-label="Kruimelpad">(.*?)</nav>', html, re.S
    )[1]
    assert re.findall(r'<a href="([^"]+)">([^<]+)</a>', crumbs) == [
        ("/", "Home"),
        ("/over-twentse-koers/", "Over Twentse Koers"),
        ("/over-twentse-koers/team/", "Het team"),
    ]
    assert '<span aria-current="page">Vacatures</span>' in crumbs
    assert "Kruimelpad" not in client.get("/").content.decode()


def test_footer_shows_site_settings(client, site_root):
    settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    settings.organisation_name = "Twentse Koers"
    settings.address = "p/a GGD Twente\nKoersplein 1\n7500 AA Enschede"
    settings.email = "info@twentsekoers.example"
    settings.phone = "053 000 00 00"
    settings.social_links = [
        {
            "type": "link",
            "value": {"name": "LinkedIn", "url": "https://www.linkedin.com/company/tk"},
        }
    ]
    settings.save()
    html = client.get("/").content.decode()
    footer = re.search(r'<footer class="site-footer">.*</footer>', html, re.S)[0]
    assert "Koersplein 1<br>7500 AA Enschede" in footer
    assert '<a href="mailto:info@twentsekoers.example">info@twentsekoers.example</a>' in footer
    assert "053 000 00 00" in footer
    assert 'href="https://www.linkedin.com/company/tk"' in footer
    assert "LinkedIn" in footer


def owners_block(client):
    html = client.get("/").content.decode()
    match = re.search(r'<div class="container site-footer__owners">.*?</div>', html, re.S)
    return match[0] if match else ""


def test_footer_owners_with_logos_and_cache_invalidation(
    client, site_root, django_assert_num_queries
):
    for name in ("Gemeente Almelo", "Gemeente Borne"):
        OrganisationFactory(
            name=name, kind=Organisation.Kind.GEMEENTE, role=Organisation.Role.EIGENAAR
        )
    menzis = OrganisationFactory(
        name="Menzis",
        kind=Organisation.Kind.ZORGVERZEKERAAR,
        role=Organisation.Role.EIGENAAR,
        website="https://www.menzis.nl",
    )
    OrganisationFactory(
        name="GGD Twente", kind=Organisation.Kind.GGD, role=Organisation.Role.EIGENAAR
    )
    OrganisationFactory(
        name="Buurtzorg", kind=Organisation.Kind.PARTNER, role=Organisation.Role.PARTNER
    )

    block = owners_block(client)
    assert "2 Twentse gemeenten" in block
    assert '<a href="https://www.menzis.nl">Menzis</a>' in block
    assert "GGD Twente" in block
    assert "Buurtzorg" not in block
    assert "<img" not in block

    # Cached: rendering the owners again costs no query.
    from home.templatetags.owners_tags import owners

    with django_assert_num_queries(0):
        owners()

    menzis.logo = SiteImageFactory(title="Logo Menzis", description="Logo van Menzis")
    menzis.save()
    block = owners_block(client)
    logo = re.search(
        r'<a href="https://www.menzis.nl"><img src="([^"]+)" width="(\d+)" height="(\d+)" alt="Menzis"',
        block,
    )
    assert logo, block
    assert logo[1].startswith("/media/images/")

    menzis.delete()
    block = owners_block(client)
    assert "Menzis" not in block
    with django_assert_num_queries(0):
        owners()

    image = SiteImageFactory(title="Logo GGD", description="Logo van GGD Twente")
    ggd = Organisation.objects.get(name="GGD Twente")
    ggd.logo = image
    ggd.save()
    assert 'alt="GGD Twente"' in owners_block(client)
    image.delete()
    assert 'alt="GGD Twente"' not in owners_block(client)


def search(client, query, **params):
    return client.get("/zoeken/", {"q": query, **params})


def test_search_finds_every_home_page_type_and_shows_the_type(client, site_root):
    ContentPageFactory(
        parent=site_root,
        title="Contact",
        slug="contact",
        introduction="Bel of mail de fietsbrigade.",
    )
    AboutPageFactory(parent=site_root, introduction="De fietsbrigade hoort bij het programma.")
    site_root.introduction = "Welkom bij de fietsbrigade van Twente."
    site_root.save_revision().publish()
    response = search(client, "fietsbrigade")
    assert response.status_code == 200
    html = response.content.decode()
    assert "3 resultaten voor “fietsbrigade”" in html
    types = re.findall(r'<p class="search-results__type">([^<]+)</p>', html)
    assert sorted(types) == ["Homepagina", "Inhoudspagina", "Over het programma"]
    assert re.search(r'<meta name="robots" content="noindex">', html)


def test_search_shows_each_types_summary_in_a_fixed_number_of_queries(
    client, site_root, django_assert_max_num_queries
):
    from tests.news.factories import NewsIndexPageFactory, NewsPageFactory
    from tests.themes.factories import ThemeIndexPageFactory, ThemePageFactory

    ContentPageFactory(parent=site_root, title="Reggepad", slug="reggepad", introduction="Een pad langs de Regge.")
    news = NewsIndexPageFactory(parent=site_root)
    NewsPageFactory(
        parent=news, title="Reggepad open", kind="projectverhaal", introduction="Het Reggepad is open."
    )
    themes = ThemeIndexPageFactory(parent=site_root)
    ThemePageFactory(parent=themes, title="Reggepad en gezondheid", introduction="Wandelen helpt.")
    search(client, "reggepad")
    with django_assert_max_num_queries(6):
        html = search(client, "reggepad").content.decode()
    found = dict(
        re.findall(r'<p class="search-results__type">([^<]+)</p>\s*<h2><a [^>]+>[^<]+</a></h2>\s*<p>([^<]*)</p>', html)
    )
    assert found == {
        "Inhoudspagina": "Een pad langs de Regge.",
        "Projectverhaal": "Het Reggepad is open.",
        "Themalijn": "Wandelen helpt.",
    }


def test_search_leaves_out_drafts_and_private_pages(client, site_root):
    from wagtail.models import PageViewRestriction

    ContentPageFactory(parent=site_root, title="Zichtbaar kompas", slug="zichtbaar")
    ContentPageFactory(parent=site_root, title="Concept kompas", slug="concept", live=False)
    private = ContentPageFactory(parent=site_root, title="Besloten kompas", slug="besloten")
    PageViewRestriction.objects.create(page=private, restriction_type="password", password="x")
    html = search(client, "kompas").content.decode()
    assert "Zichtbaar kompas" in html
    assert "Concept kompas" not in html
    assert "Besloten kompas" not in html


def test_search_paging_keeps_the_query(client, site_root):
    for n in range(13):
        ContentPageFactory(parent=site_root, title=f"Wijkteam {n}", slug=f"wijkteam-{n}")
    first = search(client, "wijkteam").content.decode()
    assert "13 resultaten" in first
    assert len(re.findall(r'class="search-results__type"', first)) == 10
    assert "Pagina 1 van 2" in first
    assert re.search(r'href="\?q=wijkteam&amp;pagina=2" rel="next"', first)
    second = search(client, "wijkteam", pagina=2).content.decode()
    assert len(re.findall(r'class="search-results__type"', second)) == 3
    assert re.search(r'href="\?q=wijkteam&amp;pagina=1" rel="prev"', second)
    assert "Pagina 2 van 2" in search(client, "wijkteam", pagina=99).content.decode()
    assert "Pagina 1 van 2" in search(client, "wijkteam", pagina="x").content.decode()


def test_search_without_results_or_query(client, site_root):
    html = search(client, "onvindbaarwoord").content.decode()
    assert "0 resultaten" in html
    assert "Niets gevonden" in html
    html = client.get("/zoeken/").content.decode()
    assert "resultaten" not in html
    assert 'name="q"' in html
    long_query = "a" * 500
    assert search(client, long_query).status_code == 200


@pytest.mark.skipif(connection.vendor != "postgresql", reason="Dutch stemming needs PostgreSQL")
def test_search_uses_dutch_stemming_on_postgresql(client, site_root):
    ContentPageFactory(
        parent=site_root,
        title="Samenwerking",
        slug="samenwerking",
        introduction="Elke gemeente in Twente doet mee.",
    )
    html = search(client, "gemeenten").content.decode()
    assert "Samenwerking" in html


def test_sitemap_lists_live_pages(client, site_root):
    ContentPageFactory(parent=site_root, title="Contact", slug="contact")
    ContentPageFactory(parent=site_root, title="Concept", slug="concept", live=False)
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    root = ET.fromstring(response.content)  # noqa: S314 (our own response)
    namespace = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locations = [loc.text for loc in root.findall("s:url/s:loc", namespace)]
    assert "http://localhost/" in locations
    assert "http://localhost/contact/" in locations
    assert not any("concept" in location for location in locations)


def test_meta_description_canonical_and_open_graph(client, site_root):
    page = ContentPageFactory(
        parent=site_root,
        title="Privacyverklaring",
        slug="privacyverklaring",
        introduction="Hoe wij met je gegevens omgaan.",
        social_image=SiteImageFactory(description="Een slot op een deur"),
    )
    html = client.get(page.url).content.decode()
    assert '<meta name="description" content="Hoe wij met je gegevens omgaan.">' in html
    assert '<link rel="canonical" href="http://localhost/privacyverklaring/">' in html
    assert '<meta property="og:title" content="Privacyverklaring">' in html
    assert '<meta property="og:url" content="http://localhost/privacyverklaring/">' in html
    assert '<meta property="og:description" content="Hoe wij met je gegevens omgaan.">' in html
    og_image = re.search(r'<meta property="og:image" content="([^"]+)">', html)[1]
    assert og_image.startswith("http") and "/media/images/" in og_image
    assert '<meta property="og:image:alt" content="Een slot op een deur">' in html
    assert "<title>Privacyverklaring | Twentse Koers</title>" in html

    page.search_description = "Eigen omschrijving voor Google."
    page.seo_title = "Privacy bij Twentse Koers"
    page.save_revision().publish()
    html = client.get(page.url).content.decode()
    assert '<meta name="description" content="Eigen omschrijving voor Google.">' in html
    assert "<title>Privacy bij Twentse Koers | Twentse Koers</title>" in html


def test_dutch_404_page_with_debug_off(client, site_root, settings):
    settings.DEBUG = False
    response = client.get("/bestaat-echt-niet/")
    assert response.status_code == 404
    html = response.content.decode()
    assert '<html lang="nl">' in html
    assert "Deze pagina bestaat niet (meer)" in html
    assert "Ga naar de homepagina" in html
    assert 'href="/zoeken/"' in html
