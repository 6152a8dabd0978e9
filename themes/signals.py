"""Clear the cached catalogue (themes, principles, target groups, municipalities, overview page
URLs) whenever one of them changes."""

from django.db.models.signals import post_delete, post_save
from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move


def connect():
    from wagtail.models import PageViewRestriction

    from home.models import Organisation

    from .models import Principle, PrinciplesPage, ProjectFinderPage, TargetGroup, ThemePage
    from .queries import clear_catalogue

    for model in (
        Principle,
        TargetGroup,
        Organisation,
        ThemePage,
        PrinciplesPage,
        ProjectFinderPage,
        PageViewRestriction,
    ):
        post_save.connect(
            clear_catalogue, sender=model, dispatch_uid=f"themes-cat-save-{model.__name__}"
        )
        post_delete.connect(
            clear_catalogue, sender=model, dispatch_uid=f"themes-cat-delete-{model.__name__}"
        )
    for signal in (page_published, page_unpublished, page_slug_changed):
        signal.connect(clear_catalogue, dispatch_uid=f"themes-cat-{id(signal)}")
    post_page_move.connect(clear_catalogue, dispatch_uid="themes-cat-move")
