"""Query helpers for news, cases and guides, so every page's query count stays small and the same
however much content there is."""

from django.db import models
from django.db.models import Case, Q, Value, When
from wagtail.models import Page

from home.queries import public_q


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
