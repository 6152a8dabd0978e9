"""The numbers the home page's key figures show, so no figure is typed twice: a result figure is
read from the project result it points at (entered once, on its project page), a count is
counted from the site's own content (live projects and theme lines, municipalities and partner
organisations).

Everything the figures can show is one small "figure catalogue", built in three queries and kept
as a fragment (``core.fragments``) until the content changes, so a changed result shows on the
next request."""

from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from django.apps import apps
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from core import fragments
from home.queries import public_q

PROJECTS = "projects"
THEMES = "themes"
MUNICIPALITIES = "municipalities"
PARTNERS = "partners"
COUNT_CHOICES = [
    (PROJECTS, _("Projecten (gepubliceerd)")),
    (THEMES, _("Themalijnen (gepubliceerd)")),
    (MUNICIPALITIES, _("Gemeenten")),
    (PARTNERS, _("Partnerorganisaties")),
]
COUNT_LABELS = {
    PROJECTS: _("projecten"),
    THEMES: _("themalijnen"),
    MUNICIPALITIES: _("gemeenten"),
    PARTNERS: _("partnerorganisaties"),
}
PERCENT_UNITS = {"procent", "%"}


@dataclass(frozen=True)
class Result:
    """A project result as the figures need it: plain data, cheap to cache."""

    pk: int
    label: str
    current: Decimal
    unit: str
    url: str


@dataclass(frozen=True)
class Figure:
    """One key figure ready to show: the number, what it counts and where to read more."""

    value: Decimal | int
    label: str
    url: str = ""
    suffix: str = ""


@dataclass(frozen=True)
class Catalogue:
    results: dict = field(default_factory=dict)
    counts: dict = field(default_factory=dict)
    links: dict = field(default_factory=dict)

    def result_figure(self, value):
        """The figure of a chosen result; None when the result is gone or its project is no
        longer published and public."""
        try:
            result = self.results.get(int(value.get("result") or 0))
        except (TypeError, ValueError):
            result = None
        if result is None:
            return None
        return Figure(
            value=result.current,
            label=value.get("label") or result.label,
            url=result.url,
            suffix="%" if result.unit.lower() in PERCENT_UNITS else "",
        )

    def count_figure(self, value):
        kind = value.get("count")
        if kind not in self.counts:
            return None
        return Figure(
            value=self.counts[kind],
            label=value.get("label") or str(COUNT_LABELS[kind]),
            url=self.links.get(kind, ""),
        )


def build():
    page_model = apps.get_model("wagtailcore", "Page")
    content_type_model = apps.get_model("contenttypes", "ContentType")
    organisation = apps.get_model("home", "Organisation")
    project, theme, theme_index, finder, result = (
        apps.get_model("themes", name)
        for name in (
            "ProjectPage",
            "ThemePage",
            "ThemeIndexPage",
            "ProjectFinderPage",
            "ProjectResult",
        )
    )
    types = content_type_model.objects.get_for_models(project, theme, theme_index, finder)
    pages = list(
        page_model.objects.live()
        .filter(public_q(), content_type__in=types.values())
        .order_by("-path")
    )
    per_type = Counter(page.content_type_id for page in pages)
    overviews = {page.content_type_id: page.url for page in pages}
    organisations = organisation.objects.aggregate(
        municipalities=Count("pk", filter=Q(kind=organisation.Kind.GEMEENTE)),
        partners=Count("pk", filter=Q(role=organisation.Role.PARTNER)),
    )
    results = (
        result.objects.filter(page__in=project.objects.live().filter(public_q()).values("pk"))
        .select_related("page")
        .order_by("page__path", "sort_order")
    )
    themes_url = overviews.get(types[theme_index].pk, "")
    return Catalogue(
        results={
            item.pk: Result(
                pk=item.pk,
                label=item.label,
                current=item.current,
                unit=item.unit,
                url=item.page.url or "",
            )
            for item in results
        },
        counts={
            PROJECTS: per_type.get(types[project].pk, 0),
            THEMES: per_type.get(types[theme].pk, 0),
            MUNICIPALITIES: organisations["municipalities"],
            PARTNERS: organisations["partners"],
        },
        links={
            PROJECTS: overviews.get(types[finder].pk) or themes_url,
            THEMES: themes_url,
        },
    )


def catalogue():
    return fragments.cached("figures", build)


def resolve(stream, data=None):
    """The key figures of a StreamField as ``(block, figure)`` pairs, all read from one
    catalogue; figures that cannot be shown any more are left out."""
    data = data or catalogue()
    pairs = []
    for block in stream:
        figure = block.block.figure(block.value, data)
        if figure is not None:
            pairs.append((block, figure))
    return pairs


def result_choices():
    """Every project result an editor can choose for a key figure, by project."""
    from themes.templatetags.themes_tags import figure

    result = apps.get_model("themes", "ProjectResult")
    return [
        (
            str(item.pk),
            f"{item.page.title}: {item.label} ({figure(item.current)} {item.unit})".strip(),
        )
        for item in result.objects.select_related("page").order_by("page__path", "sort_order")
    ]
