from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewsletterConfig(AppConfig):
    name = "newsletter"
    verbose_name = _("Nieuwsbrief")

    def ready(self):
        from django.db.models.signals import post_migrate

        from .campaigns.permissions import on_post_migrate

        post_migrate.connect(on_post_migrate, sender=self, dispatch_uid="newsletter.communicatie_group")
