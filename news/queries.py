"""Query helpers for news, cases and guides, so every page's query count stays small and the same
however much content there is."""

from django.db import models
from django.db.models import Case, Exists, OuterRef, Q, Value, When
from django.db.models.functions import Length, Substr
from wagtail.models import Page, PageViewRestriction


def public_q():
    """Not inside a private section, as Wagtail's ``public()``, but as a subquery of the same
    query instead of a query of its own."""
    restricted_ancestor = PageViewRestriction.objects.filter(
        page__path=Substr(OuterRef("path"), 1, Length("page__path"))
    )
    return ~Exists(restricted_ancestor)


def pk_subquery(manager):
    """The primary keys of a many-to-many: a subquery for a saved page, a list for a preview
    (whose relations are kept in memory)."""
    items = manager.all()
    return items.values("pk") if isinstance(items, models.QuerySet) else [item.pk for item in items]


def related_pages(order="path", **groups):
    """The published, public pages of several many-to-manys in one query, as lists per group:
    ``related_pages(themes=page.related_themes, projects=page.related_projects)``."""
    subqueries = {name: pk_subquery(manager) for name, manager in groups.items()}
    if not subqueries:
        return {}
    match = Q()
    for subquery in subqueries.values():
        match |= Q(pk__in=subquery)
    pages = (
        Page.objects.live()
        .filter(public_q())
        .filter(match)
        .annotate(
            related_group=Case(
                *(When(pk__in=sub, then=Value(name)) for name, sub in subqueries.items()),
                output_field=models.CharField(),
            )
        )
        .order_by(order)
    )
    result = {name: [] for name in subqueries}
    for page in pages:
        result[page.related_group].append(page)
    return result


class ViewRestrictionsMixin:
    """Finds the view restrictions on a page and its ancestors in one query instead of Wagtail's
    two: the ancestors' paths follow from the page's own path. As in Wagtail, an alias uses the
    restrictions of the page it is an alias of."""

    def get_view_restrictions(self):
        step = self.steplen
        paths = [self.path[:end] for end in range(step, len(self.path) + 1, step)]
        return PageViewRestriction.objects.filter(
            Q(page__path__in=paths) | Q(page__aliases__path__in=paths)
        ).distinct()
