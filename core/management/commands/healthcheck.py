"""``manage.py healthcheck``: what /healthz/ready answers, for cron-based monitoring; exit 1 when
something is wrong."""

import json

from django.core.management.base import BaseCommand, CommandError

from core.health import readiness


class Command(BaseCommand):
    help = "Check the database, the caches and the task queue; exit 1 when one fails."

    def handle(self, *args, **options):
        report = readiness()
        self.stdout.write(json.dumps(report, indent=2, default=str))
        if report["failing"]:
            raise CommandError("not ready: " + ", ".join(report["failing"]))
