"""The demo content fills the archive: /nieuwsbrief/ (not in the menu) with two past issues,
recorded as sent, filled with the demo news, and loading twice changes nothing."""

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from wagtail.models import GroupPagePermission

from newsletter.campaigns.permissions import GROUP_NAME
from newsletter.models import NewsletterCampaign, NewsletterIndexPage, NewsletterPage


@pytest.mark.django_db
def test_demo_archive(client):
    call_command("load_demo_content", "--no-admin")
    index = NewsletterIndexPage.objects.get()
    assert index.slug == "nieuwsbrief" and not index.show_in_menus and index.live
    issues = list(NewsletterPage.objects.child_of(index).live().order_by("issue_month"))
    assert [issue.slug for issue in issues] == ["2026-09", "2026-10"]
    assert issues[0].title == "Nieuwsbrief september 2026"
    for issue in issues:
        assert (
            issue.campaign.state == "sent" and issue.campaign.revision_id == issue.live_revision_id
        )
        news = [block for block in issue.body if block.block_type == "news_item"]
        assert news, "filled with the demo news items"
    html = client.get("/nieuwsbrief/").content.decode()
    assert html.index("Nieuwsbrief oktober 2026") < html.index("Nieuwsbrief september 2026")
    assert client.get(issues[1].url).status_code == 200
    group = Group.objects.get(name=GROUP_NAME)
    assert GroupPagePermission.objects.filter(group=group, page=index).count() == 3
    assert group.permissions.filter(codename="send_newsletter").exists()

    call_command("load_demo_content", "--no-admin")
    assert NewsletterPage.objects.count() == 2 and NewsletterCampaign.objects.count() == 2
