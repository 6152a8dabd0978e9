"""Queue the recurring scheduled-publishing task (home.tasks.publish_scheduled) once; running it
again while a run is queued changes nothing. `make run` calls it; production runs it once per
deploy. Needs the database task backend and a `db_worker`."""

from django.core.management.base import BaseCommand

from home.tasks import schedule_site_jobs


class Command(BaseCommand):
    help = "Queue the every-minute scheduled publishing task (idempotent)."

    def handle(self, *args, **options):
        queued = schedule_site_jobs()
        self.stdout.write(
            "Queued: " + (", ".join(name for name, done in queued.items() if done) or "nothing (already queued)")
        )
