"""Sync the subscribers with the Mailchimp audience: push what Mailchimp has not seen, pull what
changed there since the last run (so missed webhooks heal), finish pending erasures."""

import json

from django.core.management.base import BaseCommand

from newsletter.backends import get_backend
from newsletter.tasks import run_sync, schedule_maintenance


class Command(BaseCommand):
    help = "Synchroniseer abonnees met Mailchimp (push + pull). --schedule: plan de automatische run in."

    def add_arguments(self, parser):
        parser.add_argument(
            "--schedule",
            action="store_true",
            help="Queue the periodic maintenance task (sync + cleanup) if none is queued, then exit.",
        )
        parser.add_argument("--json", action="store_true", help="Print the summary as JSON.")

    def handle(self, *args, schedule=False, json=False, **options):
        if schedule:
            queued = schedule_maintenance(delay=0)
            self.stdout.write(
                "Ingepland."
                if queued
                else "Er stond al een run ingepland (of geen database-takenbackend)."
            )
            return
        backend = get_backend()
        if not backend.syncs_remote:
            self.stdout.write(
                "Er is geen Mailchimp ingesteld: niets te synchroniseren (lokale backend)."
            )
            return
        summary = run_sync(respect_backoff=False)
        if json:
            self.stdout.write(_dumps(summary))
            return
        push = summary.get("push", {})
        pull = summary.get("pull", {})
        self.stdout.write(
            f"Push: {push.get('pushed', 0)} bijgewerkt, {push.get('failed_permanently', 0)} geweigerd, "
            f"{push.get('deferred', 0)} uitgesteld. Pull: {pull.get('seen', 0)} bekeken, "
            f"{pull.get('updated', 0)} bijgewerkt, {pull.get('created', 0)} nieuw. "
            f"Gewist: {summary.get('erased', 0)}. API-aanroepen: {summary.get('calls', 0)}."
        )
        errors = [e for e in (push.get("error"), pull.get("error")) if e]
        if errors:
            self.stderr.write("Mailchimp niet bereikbaar, later opnieuw: " + "; ".join(errors))


def _dumps(value):
    return json.dumps(value, default=str, indent=2)
