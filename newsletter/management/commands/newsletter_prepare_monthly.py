"""Make the draft of this month's newsletter, filled with last month's news and stories, and tell
the Communicatie group. Running it twice for one month makes one draft.

    manage.py newsletter_prepare_monthly [--month 2026-11] [--no-notify]
    manage.py newsletter_prepare_monthly --schedule   (queue the monthly task and the campaign
                                                       maintenance once; idempotent)
"""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from newsletter.campaigns.monthly import prepare_monthly


class Command(BaseCommand):
    help = "Create this month's newsletter draft (idempotent) and notify the Communicatie group."

    def add_arguments(self, parser):
        parser.add_argument("--month", help="YYYY-MM (default: this month).")
        parser.add_argument("--no-notify", action="store_true", help="Do not mail the Communicatie group.")
        parser.add_argument(
            "--schedule",
            action="store_true",
            help="Queue the recurring tasks (first working day of the month; campaign maintenance).",
        )

    def handle(self, *args, **options):
        if options["schedule"]:
            from newsletter.campaign_tasks import schedule_campaign_jobs

            queued = schedule_campaign_jobs()
            self.stdout.write(
                "Queued: " + (", ".join(name for name, done in queued.items() if done) or "nothing (already queued)")
            )
            return
        month = None
        if options["month"]:
            try:
                month = dt.datetime.strptime(options["month"], "%Y-%m").date()
            except ValueError as error:
                raise CommandError("--month must look like 2026-11") from error
        try:
            page, created = prepare_monthly(month, notify=not options["no_notify"])
        except ValueError as error:
            raise CommandError(str(error)) from error
        verb = "Created" if created else "Already there"
        self.stdout.write(f"{verb}: {page.title} (page {page.pk})")
