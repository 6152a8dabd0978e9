"""Newsletter send bench: how long rendering the monthly e-mail takes, and delivering it to 500
confirmed subscribers through the site's own SMTP delivery to a real aiosmtpd server on loopback.

    .venv/bin/python bench/newsletter_send_bench.py [--subscribers 500] [--renders 30]

Runs on a fresh SQLite file under var/bench/ (or BENCH_DATABASE_URL, an empty PostgreSQL database)
with the test settings: migrate, a site with a newsletter of 8 news items with images (every block
kind), N confirmed subscribers, then
1. render: `render_newsletter` (template, CSS inlining, absolute links, plain text), cold and warm;
2. deliver: "send now" with the immediate task backend, i.e. the delivery batches run inline, each
   mail claimed, sent over one SMTP connection per batch and recorded, until the campaign is sent.
Prints a Markdown table and writes bench/results/newsletter_send.{md,json}.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import threading
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
if str(BASE_DIR) not in sys.path:
    sys.path.insert(0, str(BASE_DIR))

WORK_DIR = BASE_DIR / "var" / "bench"
RESULTS_DIR = BASE_DIR / "bench" / "results"


def setup_django():
    WORK_DIR.mkdir(parents=True, exist_ok=True)
    db_file = WORK_DIR / "newsletter-bench.sqlite3"
    if not os.environ.get("BENCH_DATABASE_URL"):
        for suffix in ("", "-wal", "-shm"):
            Path(f"{db_file}{suffix}").unlink(missing_ok=True)
    os.environ["DATABASE_URL"] = os.environ.get("BENCH_DATABASE_URL") or f"sqlite:///{db_file}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
    os.environ.setdefault("NO_PROXY", "127.0.0.1,localhost")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def build_site(subscribers: int):
    import datetime as dt
    import io

    from django.core.files.images import ImageFile
    from PIL import Image as PILImage
    from wagtail.models import Page, Site

    from home.models import HomePage, SiteImage, SiteSettings
    from news.models import NewsIndexPage, NewsPage
    from newsletter.models import NewsletterIndexPage, NewsletterPage, Subscriber

    root = Page.get_first_root_node()
    Site.objects.all().delete()
    Page.objects.filter(depth__gt=1).delete()
    root.refresh_from_db()
    home = root.add_child(
        instance=HomePage(
            title="Twentse Koers", slug="home", hero_title="Samen", introduction="Intro"
        )
    )
    site = Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True)
    settings_obj = SiteSettings.for_site(site)
    settings_obj.newsletter_reply_to = "nieuwsbrief@twentsekoers.nl"
    settings_obj.address = "Postbus 1\n7500 AA Enschede"
    settings_obj.save()
    news_index = home.add_child(
        instance=NewsIndexPage(title="Actueel", slug="actueel", introduction="Nieuws")
    )
    index = home.add_child(
        instance=NewsletterIndexPage(
            title="Nieuwsbrief", slug="nieuwsbrief", introduction="Elke maand"
        )
    )
    body = []
    for n in range(8):
        buffer = io.BytesIO()
        PILImage.new("RGB", (1600, 900), (0, 102, 94 + n * 10)).save(buffer, format="JPEG")
        image = SiteImage(title=f"Foto {n}", description=f"Beschrijving van foto {n}")
        image.file = ImageFile(buffer, name=f"bench-{n}.jpg")
        image.save()
        news = news_index.add_child(
            instance=NewsPage(
                title=f"Bericht {n}",
                slug=f"bericht-{n}",
                introduction=f"Samenvatting van bericht {n}, twee korte zinnen. Zo weet je waar het over gaat.",
                date=dt.date.today(),
                hero_image=image,
                body=[{"type": "paragraph", "value": "<p>Tekst.</p>"}],
            )
        )
        news.save_revision().publish()
        body.append({"type": "news_item", "value": {"page": news.pk}})
    body += [
        {
            "type": "text",
            "value": {
                "heading": "Van de redactie",
                "text": '<p>Lees <a href="/actueel/">al het nieuws</a>.</p>',
            },
        },
        {
            "type": "call_to_action",
            "value": {
                "title": "Doe mee",
                "text": "Vul de enquête in.",
                "link": {"url": "https://www.example.org/", "label": "Enquête"},
            },
        },
        {
            "type": "agenda_item",
            "value": {"title": "Regiodag", "date": "2026-11-12", "location": "Hengelo", "link": {}},
        },
        {
            "type": "key_figures",
            "value": {"title": "In cijfers", "figures": [{"figure": "14", "label": "gemeenten"}]},
        },
        {"type": "forward", "value": {}},
    ]
    page = index.add_child(
        instance=NewsletterPage(
            title="Nieuwsbrief november 2026",
            slug="2026-11",
            subject="Twentse Koers in november",
            preview_text="Huisbezoek werkt.",
            introduction="In deze nieuwsbrief lees je wat er deze maand gebeurde.",
            body=body,
            live=False,
        )
    )
    page.save_revision()
    Subscriber.objects.bulk_create(
        [
            Subscriber(email=f"lezer{i}@example.org", status="subscribed", consent_text="Ja")
            for i in range(subscribers)
        ]
    )
    return page


class Inbox:
    def __init__(self):
        self.count = 0
        self.bytes = 0
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd hook name)
        with self.lock:
            self.count += 1
            self.bytes += len(envelope.original_content)
        return "250 OK"


def start_smtp():
    from aiosmtpd.controller import Controller

    class LoopbackController(Controller):
        def _trigger_server(self):
            self.port = self.server.sockets[0].getsockname()[1]
            super()._trigger_server()

    inbox = Inbox()
    controller = LoopbackController(inbox, hostname="127.0.0.1", port=0)
    controller.start()
    return controller, inbox


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--subscribers", type=int, default=500)
    parser.add_argument("--renders", type=int, default=30)
    args = parser.parse_args()

    setup_django()
    import logging

    logging.getLogger("mail.log").setLevel(logging.WARNING)
    logging.getLogger("django_tasks").setLevel(logging.WARNING)
    logging.getLogger("wagtail").setLevel(logging.WARNING)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext, override_settings

    from newsletter.campaigns import service
    from newsletter.email import render_newsletter
    from newsletter.models import NewsletterCampaign

    page = build_site(args.subscribers)
    revision_page = page.get_latest_revision().as_object()

    start = time.perf_counter()
    with CaptureQueriesContext(connection) as cold_queries:
        rendered = render_newsletter(revision_page)
    cold_ms = (time.perf_counter() - start) * 1000
    timings = []
    for _n in range(args.renders):
        fresh = page.get_latest_revision().as_object()
        start = time.perf_counter()
        render_newsletter(fresh)
        timings.append((time.perf_counter() - start) * 1000)
    with CaptureQueriesContext(connection) as warm_queries:
        render_newsletter(page.get_latest_revision().as_object())

    controller, inbox = start_smtp()
    try:
        with (
            override_settings(
                EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
                EMAIL_HOST="127.0.0.1",
                EMAIL_PORT=controller.port,
                EMAIL_USE_TLS=False,
                EMAIL_USE_SSL=False,
                EMAIL_TIMEOUT=30,
            ),
            CaptureQueriesContext(connection) as send_queries,
        ):
            start = time.perf_counter()
            service.send_now(page)
            deliver_s = time.perf_counter() - start
    finally:
        controller.stop()
    campaign = NewsletterCampaign.objects.get(page=page)
    counts = campaign.delivery_counts()
    if (
        inbox.count != args.subscribers
        or counts["sent"] != args.subscribers
        or campaign.state != "sent"
    ):
        raise SystemExit(
            f"delivery incomplete: received={inbox.count} deliveries={counts} state={campaign.state}"
        )

    results = {
        "database": connection.vendor,
        "subscribers": args.subscribers,
        "render_cold_ms": round(cold_ms, 1),
        "render_warm_median_ms": round(statistics.median(timings), 1),
        "render_warm_p90_ms": round(sorted(timings)[int(len(timings) * 0.9) - 1], 1),
        "render_queries_cold": len(cold_queries),
        "render_queries_warm": len(warm_queries),
        "html_bytes": len(rendered.html.encode()),
        "text_bytes": len(rendered.text.encode()),
        "deliver_seconds": round(deliver_s, 2),
        "mails_per_second": round(args.subscribers / deliver_s, 1),
        "deliver_queries": len(send_queries),
        "queries_per_mail": round(len(send_queries) / args.subscribers, 2),
        "received": inbox.count,
        "mean_message_bytes": inbox.bytes // max(inbox.count, 1),
    }
    rows = [
        ("Render e-mail, cold (first render, renditions made)", f"{results['render_cold_ms']} ms"),
        (
            f"Render e-mail, warm median / p90 of {args.renders}",
            f"{results['render_warm_median_ms']} / {results['render_warm_p90_ms']} ms",
        ),
        (
            "Queries per render, cold / warm",
            f"{results['render_queries_cold']} / {results['render_queries_warm']}",
        ),
        ("HTML / text part", f"{results['html_bytes']} / {results['text_bytes']} bytes"),
        (
            f"Deliver {args.subscribers} mails to aiosmtpd (send now -> sent)",
            f"{results['deliver_seconds']} s",
        ),
        ("Throughput", f"{results['mails_per_second']} mails/s"),
        (
            "Queries for the whole send / per mail",
            f"{results['deliver_queries']} / {results['queries_per_mail']}",
        ),
        ("Received by the SMTP server (each once)", str(results["received"])),
    ]
    table = "| Measure | Result |\n|---|---|\n" + "\n".join(f"| {a} | {b} |" for a, b in rows)
    report = f"# Newsletter send bench ({results['database']})\n\n{table}\n"
    print(report)
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    (RESULTS_DIR / "newsletter_send.md").write_text(report)
    (RESULTS_DIR / "newsletter_send.json").write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
