"""Query helpers for the guides overview, feeds and case pages, so their query counts stay small
and the same however many guides and cases there are."""

from django.db import models
from django.db.models import Exists, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from wagtail.models import Page

from home import queries as home_queries
from news.queries import public_q


def knowledge_listing(index, *, theme=None, principle=None, kind=""):
    """Published, public guides and cases under `index`, newest first, as plain pages annotated
    with what a listing shows (`listing_intro`, `is_guide`): one query per page of results,
    whatever the mix of types."""
    from .models import CasePage, GuideIndexPage, GuidePage

    guides = GuidePage.objects.child_of(index)
    cases = CasePage.objects.child_of(index)
    if theme is not None:
        guides, cases = guides.filter(themes=theme.pk), cases.filter(themes=theme.pk)
    if principle is not None:
        guides, cases = guides.filter(principles=principle.pk), cases.filter(principles=principle.pk)
    match = Q()
    if kind != GuideIndexPage.Kind.CASUS:
        match |= Q(pk__in=guides.values("pk"))
    if kind != GuideIndexPage.Kind.HANDREIKING:
        match |= Q(pk__in=cases.values("pk"))
    same_page = {"pk": OuterRef("pk")}
    return (
        Page.objects.live()
        .filter(public_q())
        .filter(match)
        .annotate(
            listing_intro=Coalesce(
                Subquery(GuidePage.objects.filter(**same_page).values("introduction")[:1]),
                Subquery(CasePage.objects.filter(**same_page).values("introduction")[:1]),
                Value(""),
                output_field=models.TextField(),
            ),
            is_guide=Exists(GuidePage.objects.filter(**same_page)),
        )
        .order_by("-first_published_at", "-pk")
    )


def attach_theme_lists(items, themes):
    """Set `theme_list` on each listed guide or case: its theme lines among `themes` (the
    published ones, in tree order), read from both link tables in one query."""
    from .models import CasePage, GuidePage

    ids = [item.pk for item in items]
    if not ids:
        return items
    guide_links = GuidePage.themes.through.objects.filter(guidepage_id__in=ids)
    case_links = CasePage.themes.through.objects.filter(casepage_id__in=ids)
    links = guide_links.values_list("guidepage_id", "themepage_id").union(
        case_links.values_list("casepage_id", "themepage_id"), all=True
    )
    return home_queries.attach_theme_lists(items, themes, links)


def case_facts(case):
    """The municipalities, organisations, subjects and principles of a case, in one query for a
    saved case (a union of the four link tables), from memory for a preview."""
    from home.models import Organisation
    from themes.models import Principle

    managers = {
        "municipality_list": case.municipalities,
        "organisation_list": case.organisations,
        "subject_list": case.subjects,
        "principle_list": case.principles,
    }
    if case.pk is None or not all(isinstance(m.all(), models.QuerySet) for m in managers.values()):
        return {name: list(manager.all()) for name, manager in managers.items()}

    def names(queryset, group, order):
        return queryset.annotate(group=Value(group), position=order).values_list(
            "group", "position", "name"
        )

    zero = Value(0)
    municipalities = names(
        Organisation.objects.filter(cases_as_municipality=case).order_by(), "m", zero
    )
    rows = municipalities.union(
        names(Organisation.objects.filter(cases=case).order_by(), "o", zero),
        names(case.subjects.all().order_by(), "s", zero),
        names(Principle.objects.filter(cases=case).order_by(), "p", models.F("sort_order")),
        all=True,
    ).order_by("group", "position", "name")
    facts = {name: [] for name in managers}
    keys = {"m": "municipality_list", "o": "organisation_list", "s": "subject_list"}
    for group, _position, name in rows:
        facts[keys.get(group, "principle_list")].append(name)
    return facts
