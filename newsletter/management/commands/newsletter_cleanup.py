"""Remove sign-ups that were never confirmed within 30 days (also run by the periodic task)."""

from django.core.management.base import BaseCommand

from newsletter.tasks import UNCONFIRMED_DAYS, cleanup_unconfirmed


class Command(BaseCommand):
    help = "Verwijder aanmeldingen die na 30 dagen nog niet bevestigd zijn."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=UNCONFIRMED_DAYS)

    def handle(self, *args, days=UNCONFIRMED_DAYS, **options):
        removed = cleanup_unconfirmed(days=days)
        self.stdout.write(f"{removed} onbevestigde aanmelding(en) verwijderd.")
