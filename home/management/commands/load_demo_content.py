"""Build the complete Dutch demo site from the data kept in home/demo/data/.

Idempotent: every object is looked up by a natural key (slug, name) and only created or updated
when it differs, so a second run changes nothing. With --if-empty on a site that has content,
nothing is loaded; only the default Site follows SITE_BASE_URL's host and port (`make run` sets
it from its port), so absolute links point at the running server."""

import logging
from contextlib import contextmanager
from importlib import import_module
from importlib.util import find_spec

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models.signals import post_save
from modelsearch import index
from modelsearch.signal_handlers import post_save_signal_handler
from wagtail.signal_handlers import disable_reference_index_auto_update

from core import purging
from home.demo import DemoContext, follow_site_base_url
from home.models import HomePage

LOADERS = ["home", "themes", "news", "guides", "newsletter"]


@contextmanager
def search_index_deferred():
    """Skip the per-save search index update while loading; `update_index` runs once after.

    Indexing every save of every page and revision is some 40% of the load's time; the same
    goes for Wagtail's reference index, rebuilt once at the end."""
    models = [m for m in index.get_indexed_models() if getattr(m, "search_auto_update", True)]
    for model in models:
        post_save.disconnect(post_save_signal_handler, sender=model)
    try:
        yield
    finally:
        for model in models:
            post_save.connect(post_save_signal_handler, sender=model)


class Command(BaseCommand):
    help = "Load the Dutch demo content (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help=(
                "Load nothing when the site already has a home page of its own; only move the "
                "default site to the host and port of SITE_BASE_URL."
            ),
        )
        parser.add_argument(
            "--no-admin", action="store_true", help="Do not create the demo admin account."
        )
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help=(
                "Load under production settings too (the loopback cluster does). Without it the "
                "command refuses: the demo creates a superuser with a published password."
            ),
        )

    def handle(self, *args, if_empty=False, no_admin=False, allow_production=False, **options):
        if getattr(settings, "PRODUCTION", False) and not allow_production:
            raise CommandError(
                "Refusing to load demo content under production settings (it creates the "
                "superuser admin/twentsekoers); pass --allow-production to load it anyway."
            )
        # Wagtail logs every page created and published (some 200 lines here): keep only warnings.
        wagtail_logger = logging.getLogger("wagtail")
        level = wagtail_logger.level
        wagtail_logger.setLevel(logging.WARNING)
        try:
            self.load(if_empty=if_empty, no_admin=no_admin)
        finally:
            wagtail_logger.setLevel(level)

    def load(self, *, if_empty, no_admin):
        if if_empty and HomePage.objects.exists():
            self.stdout.write("Demo content: the site already has content; nothing loaded.")
            moved = follow_site_base_url()
            if moved:
                self.stdout.write(f"Demo content: the default site now answers at {moved} (SITE_BASE_URL).")
            return
        ctx = DemoContext(stdout=self.stdout)
        with (
            search_index_deferred(),
            disable_reference_index_auto_update(),
            purging.site_wide_afterwards(),
            transaction.atomic(),
        ):
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
        call_command("rebuild_references_index", verbosity=0)
        self.stdout.write(self.style.SUCCESS(ctx.summary()))
