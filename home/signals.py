"""Keep cached fragments in step with the content they show."""

from django.db.models.signals import post_delete, post_save

from home.templatetags.owners_tags import clear_owners_cache


def connect():
    from home.models import Organisation, SiteImage

    for model in (Organisation, SiteImage):
        post_save.connect(
            clear_owners_cache, sender=model, dispatch_uid=f"owners-{model.__name__}-save"
        )
        post_delete.connect(
            clear_owners_cache, sender=model, dispatch_uid=f"owners-{model.__name__}-delete"
        )
