from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ThemesConfig(AppConfig):
    name = "themes"
    verbose_name = _("Themalijnen en projecten")

    def ready(self):
        from core.purging import ban_site_on_change, refresh_fragments_on_change

        from .models import Principle, ProjectResult, TargetGroup

        ban_site_on_change(Principle, TargetGroup)
        refresh_fragments_on_change(ProjectResult)
