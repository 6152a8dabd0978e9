"""Query helpers every content area shares."""

from django.db.models import Exists, OuterRef
from django.db.models.functions import Length, Substr
from wagtail.models import PageViewRestriction


def public_q():
    """Not inside a private section, as Wagtail's ``public()``, but as a subquery of the same
    query instead of a query of its own."""
    restricted_ancestor = PageViewRestriction.objects.filter(
        page__path=Substr(OuterRef("path"), 1, Length("page__path"))
    )
    return ~Exists(restricted_ancestor)


def attach_theme_lists(items, themes, links):
    """Set ``theme_list`` on each listed page: its theme lines among ``themes`` (the live, public
    ones from the catalogue, in tree order), given ``links``, the (page id, theme id) pairs read
    in one query."""
    linked = {}
    for page_id, theme_id in links:
        linked.setdefault(page_id, set()).add(theme_id)
    for item in items:
        item.theme_list = [theme for theme in themes if theme.pk in linked.get(item.pk, ())]
    return items


def unknown_filters(labels, params, selected):
    """Labels of the GET filters in the link whose value does not (or no longer) exist. They are
    ignored, and the overview says so, as the project finder does."""
    return [str(label) for key, label in labels.items() if params.get(key) and not selected[key]]
