"""load_demo_content: builds the Dutch demo site, and running it again changes nothing."""

import io
import logging
import re

import pytest
from django.apps import apps
from django.core.management import call_command
from wagtail.models import Page, Revision, Site

from home.models import (
    AboutPage,
    ContentPage,
    HomePage,
    Organisation,
    Person,
    SiteImage,
    SiteSettings,
)

pytestmark = pytest.mark.django_db

SKIP_MODELS = {"sessions.session"}


def snapshot():
    """Row counts of every table, plus what would change on a re-publish."""
    counts = {
        model._meta.label_lower: model._base_manager.count()
        for model in apps.get_models()
        if model._meta.label_lower not in SKIP_MODELS and not model._meta.proxy
    }
    pages = list(
        Page.objects.order_by("pk").values_list(
            "pk", "latest_revision_id", "live_revision_id", "last_published_at", "path"
        )
    )
    return counts, pages


def load(*args):
    out = io.StringIO()
    call_command("load_demo_content", *args, stdout=out)
    return out.getvalue()


def test_demo_content_loads_once_and_again_changes_nothing(client, caplog):
    assert not HomePage.objects.exists()
    output = load("--if-empty")
    assert "Demo content loaded" in output
    wagtail_lines = [r for r in caplog.records if r.name == "wagtail" and r.levelno < logging.WARNING]
    assert wagtail_lines == [], "Wagtail's audit log lines are silenced while loading"
    assert logging.getLogger("wagtail").level == logging.NOTSET, "and only while loading"

    home = HomePage.objects.get()
    site = Site.objects.get(is_default_site=True)
    assert site.root_page_id == home.pk
    assert home.live and home.key_figures and home.hero_image
    settings = SiteSettings.for_site(site)
    assert settings.email and settings.social_links
    assert AboutPage.objects.live().count() == 1
    assert {"contact", "privacyverklaring", "toegankelijkheid", "colofon"} <= set(
        ContentPage.objects.live().values_list("slug", flat=True)
    )
    owners = Organisation.objects.filter(role=Organisation.Role.EIGENAAR)
    assert owners.filter(kind=Organisation.Kind.GEMEENTE).count() == 14
    assert {"Menzis", "GGD Twente", "Provincie Overijssel"} <= set(
        owners.values_list("name", flat=True)
    )
    for org in owners.exclude(kind=Organisation.Kind.GEMEENTE):
        assert org.logo is not None and org.logo.description == f"Logo van {org.name}"
    assert Person.objects.filter(team=Person.Team.PROGRAMMATEAM).exists()
    assert all(image.is_decorative or image.description for image in SiteImage.objects.all())
    footer = client.get("/").content.decode()
    assert 'alt="Menzis"' in footer and "14 Twentse gemeenten" in footer
    check_key_figures(footer)

    before = snapshot()
    assert before[0]["wagtailcore.revision"] == Revision.objects.count() > 0
    output = load()
    assert "nothing changed" in output
    assert snapshot() == before

    output = load("--if-empty")
    assert "already has content; nothing loaded" in output
    assert snapshot() == before


def check_key_figures(html):
    """The demo's key figures are read from the RUB project result and counted from live
    content, none typed in."""
    from themes.models import ProjectPage, ProjectResult, ThemePage

    home = HomePage.objects.get()
    assert {block.block_type for block in home.key_figures} == {"result_figure", "count_figure"}
    rub = ProjectResult.objects.get(page__slug="rub-uit-de-zorgschulden", current=1200)
    shown = re.findall(
        r'<span class="key-figure__figure">([^<]*)</span>\s*<span class="key-figure__label">(.*?)</span>',
        html,
        re.S,
    )
    numbers = [number for number, _label in shown]
    assert numbers == [
        str(Organisation.objects.filter(kind=Organisation.Kind.GEMEENTE).count()),
        "1.200",
        str(ThemePage.objects.live().public().count()),
        str(ProjectPage.objects.live().public().count()),
    ]
    assert f'href="{rub.page.url}"' in shown[1][1]


def test_if_empty_leaves_an_existing_site_alone(site_root):
    before = snapshot()
    assert "nothing loaded" in load("--if-empty", "--no-admin")
    assert snapshot() == before
    assert not Organisation.objects.exists()


def test_if_empty_moves_the_existing_site_to_the_base_url(site_root, settings):
    settings.SITE_BASE_URL = "http://127.0.0.1:8123"
    output = load("--if-empty", "--no-admin")
    assert "nothing loaded" in output
    assert "now answers at 127.0.0.1:8123" in output
    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port, site.root_page_id) == ("127.0.0.1", 8123, site_root.pk)
    assert site_root.get_url_parts()[1] == "http://127.0.0.1:8123"

    assert "now answers" not in load("--if-empty", "--no-admin")  # nothing to change

    settings.SITE_BASE_URL = "http://127.0.0.1:8456"
    load("--if-empty", "--no-admin")
    assert Site.objects.get(is_default_site=True).port == 8456
    assert not Organisation.objects.exists()


@pytest.mark.usefixtures("shared_demo_site")
class TestTheLoadedDemoSite:
    """Read-only checks on one load of the demo (`load_demo_content --no-admin`)."""

    def test_every_sitemap_url_answers_200(self, client):
        response = client.get("/sitemap.xml")
        assert response.status_code == 200
        locations = re.findall(r"<loc>([^<]+)</loc>", response.content.decode())
        assert len(locations) >= 30
        failures = {}
        for location in locations:
            path = re.sub(r"^https?://[^/]+", "", location)
            status = client.get(path).status_code
            if status != 200:
                failures[path] = status
        assert failures == {}

    def test_search_finds_a_page_of_every_type_in_the_demo_site(self, client):
        examples = {}
        for page in Page.objects.live().public().filter(depth__gt=1).specific().order_by("path"):
            examples.setdefault(type(page), page)
        assert len(examples) >= 3
        missing = {}
        for model, page in examples.items():
            words = re.findall(r"\w{4,}", page.title)[:3] or [page.title]
            html = client.get("/zoeken/", {"q": " ".join(words)}).content.decode()
            results = re.findall(
                r'<p class="search-results__type">([^<]+)</p>\s*<h2><a href="([^"]+)">', html
            )
            labels = {path: label for label, path in results}
            if page.url not in labels:
                missing[model.__name__] = f"{page.title!r} not found for {words}"
            elif labels[page.url].strip().lower() != str(page.type_label).lower():
                missing[model.__name__] = f"shown as {labels[page.url]!r}"
        assert missing == {}


def test_demo_loader_refuses_production_settings_without_the_flag(settings):
    from django.core.management.base import CommandError

    settings.PRODUCTION = True
    with pytest.raises(CommandError, match="--allow-production"):
        load("--no-admin")
    assert not HomePage.objects.exists()
    load("--no-admin", "--allow-production")
    assert HomePage.objects.exists()
