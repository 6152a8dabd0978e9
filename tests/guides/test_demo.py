"""The demo content of Actueel and Handreikingen, loaded by the real command."""

import datetime
import io

import pypdf
import pytest
from defusedxml import ElementTree
from django.core.management import call_command
from django.utils import timezone

from guides.models import CasePage, GuidePage
from news.models import NewsPage

pytestmark = pytest.mark.django_db


class TestTheDemo:
    """Both tests share one load of the demo (each rolls back to it): see `shared_demo_site`."""

    def test_demo_content(self, client, shared_demo_site):
        """One load checks news, cases, guides, their pages, feeds and API."""
        check_news(shared_demo_site)
        check_cases_and_guides(shared_demo_site)
        check_pages_feeds_and_api(client, shared_demo_site)

    def test_loading_again_changes_nothing(self, shared_demo_site):
        counts = (NewsPage.objects.count(), CasePage.objects.count(), GuidePage.objects.count())
        out = io.StringIO()
        call_command("load_demo_content", "--no-admin", stdout=out)
        assert "nothing changed" in out.getvalue()
        assert (
            NewsPage.objects.count(),
            CasePage.objects.count(),
            GuidePage.objects.count(),
        ) == counts


def check_news(demo):
    items = NewsPage.objects.live()
    stories = items.filter(kind=NewsPage.Kind.PROJECTVERHAAL)
    assert items.filter(kind=NewsPage.Kind.NIEUWS).count() >= 12
    assert stories.count() >= 4
    year_ago = timezone.localdate() - datetime.timedelta(days=366)
    assert not items.filter(date__lt=year_ago).exists()
    assert not items.filter(date__gt=timezone.localdate()).exists()
    for item in items:
        assert item.first_published_at.date() == item.date
        assert item.related_themes.exists(), item.title
    assert all(story.related_projects.exists() for story in stories)
    assert items.filter(author__isnull=False).count() == items.count()


def check_cases_and_guides(demo):
    cases = {case.slug: case for case in CasePage.objects.live()}
    assert set(cases) == {"samenwerking-van-veertien-gemeenten", "twente-beter-gedeelde-visie"}
    assert cases["samenwerking-van-veertien-gemeenten"].municipalities.count() == 14
    assert all(case.results.count() >= 2 for case in cases.values())
    guides = list(GuidePage.objects.live())
    assert len(guides) == 3
    for guide in guides:
        assert len(guide.steps) >= 3
        block = guide.dos_and_donts[0].value
        assert block["dos"] and block["donts"]
        assert guide.related_cases.exists() and guide.reuses.exists()
        (download,) = guide.downloads
        document = download.value["document"]
        with document.open_file() as handle:
            reader = pypdf.PdfReader(io.BytesIO(handle.read()), strict=True)
        assert reader.metadata.title == document.title
        assert guide.steps[0].value["title"] in "".join(
            page.extract_text() for page in reader.pages
        )
        assert document.file_size == document.file.size


def check_pages_feeds_and_api(client, demo):
    urls = ["/", "/actueel/", "/actueel/?soort=projectverhaal", "/handreikingen/"]
    urls += [page.url for page in NewsPage.objects.live()[:3]]
    urls += [page.url for page in GuidePage.objects.live()]
    urls += [page.url for page in CasePage.objects.live()]
    for url in urls:
        assert client.get(url).status_code == 200, url
    assert len(client.get("/").context["latest_news"]) == 3
    for url in (
        "/actueel/feed/",
        "/actueel/feed/atom/",
        "/handreikingen/feed/",
        "/handreikingen/feed/atom/",
    ):
        ElementTree.fromstring(client.get(url).content)
    api = client.get("/api/v2/pages/?type=news.NewsPage&limit=50").json()
    assert api["meta"]["total_count"] == NewsPage.objects.live().count()

