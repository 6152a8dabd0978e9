"""The newsletter archive in Chromium: the /nieuwsbrief/ page with its archive and one archived
issue pass axe-core (WCAG 2.2 AA, no serious or critical violations) and raise no CSP violation."""

import datetime as dt
import re

import pytest
from django.utils import timezone

from newsletter.models import NewsletterCampaign
from tests.news.factories import NewsIndexPageFactory
from tests.newsletter.page_factories import (
    NewsletterIndexPageFactory,
    NewsletterPageFactory,
    full_body,
    make_image,
    news_item,
    publish,
)

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

CSP_MESSAGE = re.compile(r"Content Security Policy|Refused to", re.IGNORECASE)


@pytest.fixture
def archive(site_root):
    index = NewsletterIndexPageFactory(parent=site_root)
    news_index = NewsIndexPageFactory(parent=site_root)
    news = news_item(news_index, title="Huisbezoek bij geldzorgen werkt", image=make_image())
    issues = []
    for n, month in enumerate(("september", "oktober")):
        page = publish(
            NewsletterPageFactory(
                parent=index, title=f"Nieuwsbrief {month} 2026", body=full_body(news)
            )
        )
        NewsletterCampaign.objects.create(
            page=page,
            backend="local",
            state="sent",
            revision=page.live_revision,
            sent_at=timezone.now() - dt.timedelta(days=30 * (2 - n)),
        )
        issues.append(page)
    return index, issues


def test_archive_and_issue_pass_axe(page, live_server, archive, axe):
    index, issues = archive
    violations = []
    page.on(
        "console",
        lambda message: CSP_MESSAGE.search(message.text) and violations.append(message.text),
    )

    page.goto(f"{live_server.url}/nieuwsbrief/")
    links = page.locator(".newsletter-archive__list .card__title a")
    assert links.all_inner_texts() == ["Nieuwsbrief oktober 2026", "Nieuwsbrief september 2026"]
    axe(page)

    links.first.click()
    page.wait_for_url(f"{live_server.url}{issues[1].url}")
    assert page.locator("h1").inner_text() == "Nieuwsbrief oktober 2026"
    assert page.get_by_role("heading", name="Huisbezoek bij geldzorgen werkt").count() == 1
    axe(page)
    assert violations == []
