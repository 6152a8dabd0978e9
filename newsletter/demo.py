"""Demo content for the newsletter: the /nieuwsbrief/ page and two past issues in its archive,
filled with the demo news items, recorded as sent (nothing is mailed), and the Communicatie group
with the right to edit, publish and send newsletters."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from .campaigns.monthly import first_working_day


def _news_for(month_first, used):
    try:
        from news.models import NewsPage
    except ImportError:  # pragma: no cover - the news app is part of the project
        return []
    end = (month_first + dt.timedelta(days=32)).replace(day=1)
    items = NewsPage.objects.live().public().exclude(pk__in=used)
    in_month = list(items.filter(date__lt=end).order_by("-date", "-pk")[:3])
    return in_month or list(items.order_by("-date", "-pk")[:3])


def load(ctx):
    from .campaigns.permissions import ensure_group, grant_page_permissions
    from .models import NewsletterCampaign, NewsletterIndexPage, NewsletterPage

    data = ctx.data("newsletter")
    index = ctx.child(
        ctx.home,
        NewsletterIndexPage,
        "nieuwsbrief",
        title=data["page_title"],
        introduction=data["intro"],
        show_in_menus=False,
    )
    grant_page_permissions(ensure_group(), index)
    existing = set(index.get_children().values_list("slug", flat=True))
    used: set[int] = set()
    for issue in sorted(data["issues"], key=lambda item: item["month"]):
        slug = issue["month"]
        if slug in existing:
            continue
        first = dt.datetime.strptime(issue["month"], "%Y-%m").date()
        items = _news_for(first, used)
        used.update(item.pk for item in items)
        body = [{"type": "news_item", "value": {"page": item.pk}} for item in items]
        body += [{"type": "forward", "value": {}}, {"type": "signup", "value": {}}]
        page = ctx.child(
            index,
            NewsletterPage,
            slug,
            title=f"Nieuwsbrief {_month_name(first)} {first.year}",
            subject=issue["subject"][:150],
            preview_text=issue.get("preview_text", "")[:150],
            introduction=issue["intro"],
            issue_month=first,
            body=body,
        )
        sent_at = timezone.make_aware(
            dt.datetime.combine(first_working_day(first.year, first.month), dt.time(10))
        )
        NewsletterCampaign.objects.get_or_create(
            page=page,
            defaults={
                "backend": "local",
                "state": "sent",
                "revision": page.live_revision,
                "subject": page.subject,
                "recipient_count": 0,
                "started_at": sent_at,
                "sent_at": sent_at,
            },
        )


MONTHS = [
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
]


def _month_name(first):
    return MONTHS[first.month - 1]
