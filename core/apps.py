from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """What every content app may use and which knows none of them: caching, purging, headers."""

    name = "core"
    verbose_name = _("Kern")

    def ready(self):
        from core import purging

        purging.connect()
