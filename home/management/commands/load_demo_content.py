"""Build the complete Dutch demo site from the data kept in home/demo/data/.

Idempotent: every object is looked up by a natural key (slug, name) and only created or updated
when it differs, so a second run changes nothing."""

from importlib import import_module
from importlib.util import find_spec

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction

from home.demo import DemoContext
from home.models import HomePage

LOADERS = ["home", "themes", "news", "guides", "newsletter"]


class Command(BaseCommand):
    help = "Load the Dutch demo content (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing when the site already has a home page of its own.",
        )
        parser.add_argument(
            "--no-admin", action="store_true", help="Do not create the demo admin account."
        )

    def handle(self, *args, if_empty=False, no_admin=False, **options):
        if if_empty and HomePage.objects.exists():
            self.stdout.write("Demo content: the site already has content; nothing loaded.")
            return
        ctx = DemoContext(stdout=self.stdout)
        with transaction.atomic():
            for app in LOADERS:
                module_name = f"{app}.demo"
                if find_spec(module_name) is None:
                    continue
                module = import_module(module_name)
                if hasattr(module, "load"):
                    module.load(ctx)
            for step in ctx.deferred:
                step()
            if not no_admin:
                ctx.ensure_admin()
        call_command("update_index", verbosity=0)
        self.stdout.write(self.style.SUCCESS(ctx.summary()))
