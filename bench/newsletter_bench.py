"""Newsletter sign-up bench: response time of POST /nieuwsbrief/aanmelden/ while Mailchimp is
healthy, down or slow, and time + number of API calls to sync 10,000 subscribers.

Run: .venv/bin/python bench/newsletter_bench.py [--subscribers 10000] [--signups 300]

Set-up: a fresh SQLite file under var/bench/ (or BENCH_DATABASE_URL), migrated; the Mailchimp
emulator of the test suite on 127.0.0.1 (tests/support/mailchimp_emulator.py, responses validated
against the spec, which adds its own time to every call); the official client, unpatched. Sign-ups
go through the full Django stack in-process (django.test.Client: middleware, form, database,
enqueue on the django-tasks database backend as in production); the sync is `run_sync()`, what
`manage.py newsletter_sync` and the periodic task run. Prints a Markdown table.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
if str(BASE_DIR) not in sys.path:
    sys.path.insert(0, str(BASE_DIR))


def setup_django(db_path: Path) -> None:
    db_path.parent.mkdir(parents=True, exist_ok=True)
    if db_path.exists():
        db_path.unlink()
    os.environ.setdefault(
        "DATABASE_URL", os.environ.get("BENCH_DATABASE_URL") or f"sqlite:///{db_path}"
    )
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
    os.environ.setdefault("NO_PROXY", "127.0.0.1,localhost")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


def percentile(values, q):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def bench_signups(emulator, n: int) -> list[tuple[str, int, float, float, int]]:
    from django.conf import settings
    from django.core.cache import cache
    from django.test import Client
    from django_tasks_db.models import DBTaskResult

    from newsletter.models import Subscriber

    rows = []
    modes = [
        ("lokaal (geen Mailchimp)", None, {}),
        ("Mailchimp gezond", "ok", {}),
        ("Mailchimp onbereikbaar", "down", {}),
        ("Mailchimp traag (5 s per antwoord)", "slow", {"delay": 5}),
    ]
    client = Client()
    for label, mode, fault in modes:
        if mode is None:
            settings.MAILCHIMP_API_KEY = None
        else:
            settings.MAILCHIMP_API_KEY = emulator.api_key
            emulator.set_fault(None if mode == "ok" else mode, **fault)
        cache.clear()
        Subscriber.objects.all().delete()
        DBTaskResult.objects.all().delete()
        times = []
        for i in range(n):
            data = {"email": f"bench{i}@example.org", "first_name": "Bench", "source": "/"}
            ip = f"10.{i // 65536}.{(i // 256) % 256}.{i % 256}"
            start = time.perf_counter()
            response = client.post(
                "/nieuwsbrief/aanmelden/",
                data,
                headers={"Origin": "http://testserver"},
                REMOTE_ADDR=ip,
            )
            times.append(time.perf_counter() - start)
            assert response.status_code == 302, response.status_code
        queued = DBTaskResult.objects.count()
        rows.append(
            (label, n, statistics.median(times) * 1000, percentile(times, 0.95) * 1000, queued)
        )
    emulator.set_fault(None)
    return rows


def bench_sync(emulator, n: int) -> list[tuple[str, int, float, int, str]]:
    from django.conf import settings

    from newsletter.models import Subscriber, SyncState
    from newsletter.tasks import run_sync

    settings.MAILCHIMP_API_KEY = emulator.api_key
    settings.MAILCHIMP_TIMEOUT = 60
    emulator.reset()
    Subscriber.objects.all().delete()
    SyncState.objects.all().delete()
    Subscriber.objects.bulk_create(
        [
            Subscriber(
                email=f"lid{i}@example.org", first_name=f"Lid{i}", status="pending", needs_push=True
            )
            for i in range(n)
        ],
        batch_size=1000,
    )
    rows = []

    def run(label):
        before = len(emulator.request_log)
        start = time.perf_counter()
        summary = run_sync(respect_backoff=False)
        elapsed = time.perf_counter() - start
        calls = emulator.request_log[before:]
        kinds = Counter(
            f"{r.method} {'/lists/{id}' + r.path.split(emulator.list_id, 1)[1]}" for r in calls
        )
        detail = ", ".join(f"{k}: {v}" for k, v in sorted(kinds.items()))
        rows.append((label, n, elapsed, len(calls), detail))
        return summary

    first = run("eerste sync (alles nieuw: batch subscribe)")
    assert first["push"]["pushed"] == n, first
    assert len(emulator.members()) == n
    assert not Subscriber.objects.filter(needs_push=True).exists()
    run("tweede sync (niets veranderd)")
    for i in range(0, n, 100):  # 1% of the audience changes in Mailchimp without a webhook
        emulator.confirm(f"lid{i}@example.org")
    run("sync na 1% gemiste webhooks")
    assert Subscriber.objects.filter(status="subscribed").count() == len(range(0, n, 100))
    return rows


def bench_one_by_one(emulator, n: int) -> tuple[int, float, int]:
    """For comparison: the per-subscriber task path (one PUT each), as after single sign-ups."""
    from newsletter.backends.mailchimp import MailchimpBackend
    from newsletter.models import Subscriber

    emulator.reset()
    Subscriber.objects.all().delete()
    Subscriber.objects.bulk_create(
        [
            Subscriber(email=f"los{i}@example.org", status="pending", needs_push=True)
            for i in range(n)
        ]
    )
    backend = MailchimpBackend()
    start = time.perf_counter()
    for s in Subscriber.objects.all():
        backend.push(s)
    return n, time.perf_counter() - start, backend.calls


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--subscribers", type=int, default=10_000)
    parser.add_argument("--signups", type=int, default=300)
    parser.add_argument("--one-by-one", type=int, default=500)
    args = parser.parse_args()

    setup_django(BASE_DIR / "var" / "bench" / "newsletter.sqlite3")
    from django.conf import settings

    from tests.support.mailchimp_emulator import MailchimpEmulator

    emulator = MailchimpEmulator().start()
    try:
        settings.NEWSLETTER_TASK_BACKEND = "database"  # production: queued, run by db_worker
        settings.MAILCHIMP_API_KEY = emulator.api_key
        settings.MAILCHIMP_AUDIENCE_ID = emulator.list_id
        settings.MAILCHIMP_API_URL = emulator.url
        settings.MAILCHIMP_TIMEOUT = 10

        print(
            f"## Aanmelden: POST /nieuwsbrief/aanmelden/ ({args.signups} aanmeldingen per situatie)\n"
        )
        print("| situatie | aanmeldingen | mediaan (ms) | p95 (ms) | taken in de wachtrij |")
        print("|---|---:|---:|---:|---:|")
        for label, n, median, p95, queued in bench_signups(emulator, args.signups):
            print(f"| {label} | {n} | {median:.1f} | {p95:.1f} | {queued} |")

        print(f"\n## Synchronisatie van {args.subscribers:,} abonnees met Mailchimp (emulator)\n")
        print("| run | abonnees | tijd (s) | API-aanroepen | aanroepen |")
        print("|---|---:|---:|---:|---|")
        for label, n, elapsed, calls, detail in bench_sync(emulator, args.subscribers):
            print(f"| {label} | {n:,} | {elapsed:.1f} | {calls} | {detail} |")

        n, elapsed, calls = bench_one_by_one(emulator, args.one_by_one)
        print(
            f"\nTer vergelijking, één PUT per abonnee (pad van de losse taak): {n} abonnees in "
            f"{elapsed:.1f} s, {calls} API-aanroepen ({elapsed / n * 1000:.1f} ms per abonnee)."
        )
        emulator.assert_no_schema_errors()
    finally:
        emulator.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
