"""Preparing the monthly update: on the first working day of the month a draft newsletter page is
made, filled with last month's published news items and project stories, and the Communicatie
group hears that it is ready. Running it again for the same month finds the same draft."""

from __future__ import annotations

import datetime as dt
import logging

from django.apps import apps
from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from wagtail.models import Page

from .permissions import GROUP_NAME

logger = logging.getLogger(__name__)


def easter_sunday(year: int) -> dt.date:
    """Gregorian Easter (anonymous Gregorian algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    ell = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * ell) // 451
    month, day = divmod(h + ell - 7 * m + 114, 31)
    return dt.date(year, month, day + 1)


def public_holidays(year: int) -> set[dt.date]:
    """Dutch public holidays that can fall in the first days of a month (and the rest, for clarity)."""
    easter = easter_sunday(year)
    kings_day = dt.date(year, 4, 27)
    if kings_day.weekday() == 6:
        kings_day -= dt.timedelta(days=1)
    return {
        dt.date(year, 1, 1),
        easter - dt.timedelta(days=2),  # Good Friday (many offices are closed)
        easter + dt.timedelta(days=1),
        kings_day,
        dt.date(year, 5, 5),
        easter + dt.timedelta(days=39),  # Ascension Day
        easter + dt.timedelta(days=50),  # Whit Monday
        dt.date(year, 12, 25),
        dt.date(year, 12, 26),
    }


def first_working_day(year: int, month: int) -> dt.date:
    holidays = public_holidays(year)
    day = dt.date(year, month, 1)
    while day.weekday() >= 5 or day in holidays:
        day += dt.timedelta(days=1)
    return day


def month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def previous_month(first: dt.date) -> dt.date:
    return month_start(first - dt.timedelta(days=1))


def next_month(first: dt.date) -> dt.date:
    return month_start(first + dt.timedelta(days=32))


def next_run_after(now: dt.datetime, *, hour: int = 7) -> dt.datetime:
    """The next first-working-day-of-the-month morning after `now` (local time)."""
    local = timezone.localtime(now)
    first = month_start(local.date())
    for candidate_month in (first, next_month(first)):
        day = first_working_day(candidate_month.year, candidate_month.month)
        moment = timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))
        if moment > now:
            return moment
    raise AssertionError("unreachable")  # pragma: no cover


def month_label(first: dt.date) -> str:
    with translation.override("nl"):
        return date_format(first, "F Y")


def last_months_news(first: dt.date):
    """Published, public news items and stories dated in the month before `first`, newest first."""
    try:
        news_page = apps.get_model("news", "NewsPage")
    except LookupError:
        return []
    start = previous_month(first)
    return list(
        news_page.objects.live()
        .public()
        .filter(date__gte=start, date__lt=first)
        .order_by("kind", "-date", "-pk")
    )


def draft_stream(items) -> list[dict]:
    stream = [{"type": "news_item", "value": {"page": item.pk}} for item in items]
    stream.append({"type": "forward", "value": {}})
    stream.append({"type": "signup", "value": {}})
    return stream


def prepare_monthly(month: dt.date | None = None, *, notify: bool = True):
    """Make (or find) the draft for `month` (default: this month). Returns (page, created)."""
    from ..models.pages import NewsletterIndexPage, NewsletterPage

    first = month_start(month or timezone.localdate())
    index = NewsletterIndexPage.objects.first()
    if index is None:
        raise ValueError(_("Er is nog geen nieuwsbriefpagina (/nieuwsbrief/) om de nieuwsbrief onder te zetten."))
    with transaction.atomic():
        # Serialise concurrent runs with a write on the index page's row (a row lock on PostgreSQL,
        # the database write lock on SQLite); the second run then finds the first one's draft.
        Page.objects.filter(pk=index.pk).update(locked=index.locked)
        existing = NewsletterPage.objects.child_of(index).filter(issue_month=first).first()
        if existing is not None:
            return existing, False
        items = last_months_news(first)
        label = month_label(first)
        previous_label = month_label(previous_month(first))
        page = NewsletterPage(
            title=_("Nieuwsbrief %(month)s") % {"month": label},
            slug=f"{first:%Y-%m}",
            subject=_("Twentse Koers in %(month)s") % {"month": label.split(" ")[0]},
            preview_text="",
            introduction=_(
                "Dit is de nieuwsbrief van %(month)s. Je leest wat er in %(previous)s gebeurde in "
                "Twentse Koers."
            )
            % {"month": label, "previous": previous_label.split(" ")[0]},
            issue_month=first,
            body=draft_stream(items),
            live=False,
        )
        index.add_child(instance=page)
        page.save_revision(log_action=True)
    if notify:
        notify_group(page, len(items))
    return page, True


def notify_group(page, item_count: int) -> int:
    """Mail every active member of the Communicatie group that the draft is ready. Returns the count."""
    from django.contrib.auth import get_user_model

    users = (
        get_user_model()
        .objects.filter(groups__name=GROUP_NAME, is_active=True)
        .exclude(email="")
        .distinct()
    )
    addresses = sorted({user.email for user in users})
    if not addresses:
        logger.info("newsletter: draft %s ready, but the Communicatie group has no one to tell", page.pk)
        return 0
    edit_url = settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse("wagtailadmin_pages:edit", args=[page.pk])
    with translation.override("nl"):
        subject = _("Concept klaar: %(title)s") % {"title": page.title}
        body = _(
            "Hallo,\n\nHet concept voor de %(title)s staat klaar in de website, met %(n)s "
            "berichten uit vorige maand.\n\nBekijk en vul het aan:\n%(url)s\n\nKijk het voorbeeld "
            "als e-mail na, stuur een testmail en plan de nieuwsbrief in.\n"
        ) % {"title": page.title.lower(), "n": item_count, "url": edit_url}
    with get_connection() as connection:
        messages = [
            EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [address], connection=connection)
            for address in addresses
        ]
        connection.send_messages(messages)
    return len(addresses)
