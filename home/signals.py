"""Keep cached fragments in step with the content they show."""

from django.db.models.signals import post_delete, post_save
from wagtail.signals import page_published, page_unpublished, post_page_move

from home.caching import clear_navigation, clear_site_settings
from home.templatetags.owners_tags import clear_owners_cache


def connect():
    from wagtail.models import PageViewRestriction, Site, get_page_models

    from home.models import Organisation, SiteImage, SiteSettings

    for model in (Organisation, SiteImage):
        post_save.connect(
            clear_owners_cache, sender=model, dispatch_uid=f"owners-{model.__name__}-save"
        )
        post_delete.connect(
            clear_owners_cache, sender=model, dispatch_uid=f"owners-{model.__name__}-delete"
        )

    # Menu, breadcrumbs and the site lookup (home.caching) follow the page tree: any saved page
    # (a draft too: cheap), publish, unpublish, move or delete, view restriction or site.
    page_published.connect(clear_navigation, dispatch_uid="nav-page-published")
    page_unpublished.connect(clear_navigation, dispatch_uid="nav-page-unpublished")
    post_page_move.connect(clear_navigation, dispatch_uid="nav-page-moved")
    # Per model, not for every sender: a delete receiver for all senders would turn off Django's
    # fast (signal-free) deletes for every model.
    for model in (*get_page_models(), PageViewRestriction, Site):
        post_save.connect(
            clear_navigation, sender=model, dispatch_uid=f"nav-{model._meta.label}-save"
        )
        post_delete.connect(
            clear_navigation, sender=model, dispatch_uid=f"nav-{model._meta.label}-delete"
        )

    post_save.connect(clear_site_settings, sender=SiteSettings, dispatch_uid="sitesettings-save")
    post_delete.connect(
        clear_site_settings, sender=SiteSettings, dispatch_uid="sitesettings-delete"
    )
