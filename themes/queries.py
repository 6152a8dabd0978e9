"""Query helpers for the theme pages: each fetches what a page shows in a fixed number of queries,
however many themes, projects or figures there are.

The small, rarely changing lists every page needs (theme lines, principles, target groups,
municipalities and the URLs of the principles page and the project finder) form the "catalogue",
kept as a fragment (``core.fragments``) until the content changes."""

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import CharField, Count, F, IntegerField, Prefetch, Q, Value
from django.utils.text import slugify
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from core import fragments
from home.models import Organisation
from home.queries import public_q

WHOLE_TWENTE_SLUG = "heel-twente"


def municipality_label(organisation):
    """'Gemeente Enschede' -> 'Enschede': residents look for the place name."""
    return place_label(organisation.name)


def place_label(name):
    prefix = "Gemeente "
    return name[len(prefix) :] if name.startswith(prefix) else name


def municipality_slug(organisation):
    return slugify(municipality_label(organisation))


class Visible:
    """Filters page querysets to live, public pages. Unlike PageQuerySet.public() the view
    restrictions are a subquery of the same query (home.queries.public_q), not a query of their own."""

    def __call__(self, queryset):
        return queryset.live().filter(public_q())


@dataclass(frozen=True)
class Item:
    """A plain, cacheable reference to a theme, principle, target group or municipality."""

    pk: int
    slug: str
    name: str
    url: str = ""
    path: str = ""
    kind: str = ""
    principles: tuple = ()

    @property
    def title(self):
        return self.name


@dataclass(frozen=True)
class Catalogue:
    themes: tuple
    principles: tuple
    target_groups: tuple
    places: tuple
    principles_url: str | None
    finder_url: str | None

    def themes_by_path(self):
        return {theme.path: theme for theme in self.themes}

    def principles_of(self, theme):
        by_pk = {principle.pk: principle for principle in self.principles}
        item = next((t for t in self.themes if t.pk == theme.pk), None)
        return [by_pk[pk] for pk in item.principles if pk in by_pk] if item else None

    def themes_serving(self, principle):
        return [theme for theme in self.themes if principle.pk in theme.principles]

    def principle_url(self, principle):
        return f"{self.principles_url}{principle.slug}/" if self.principles_url else ""


def build_catalogue():
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import Page

    from .models import Principle, PrinciplesPage, ProjectFinderPage, TargetGroup, ThemePage

    types = ContentType.objects.get_for_models(PrinciplesPage, ProjectFinderPage)
    overview = {
        page.content_type_id: page.url
        for page in Visible()(
            Page.objects.filter(content_type__in=types.values()).order_by("-path")
        )
    }
    return Catalogue(
        themes=tuple(
            Item(
                pk=theme.pk,
                slug=theme.slug,
                name=theme.title,
                url=theme.url,
                path=theme.path,
                principles=tuple(p.pk for p in theme.principles.all()),
            )
            for theme in Visible()(ThemePage.objects.order_by("path")).prefetch_related(
                "principles"
            )
        ),
        principles=tuple(
            Item(pk=p.pk, slug=p.slug, name=p.name, kind=p.kind) for p in Principle.objects.all()
        ),
        target_groups=tuple(
            Item(pk=group.pk, slug=group.slug, name=group.name)
            for group in TargetGroup.objects.all()
        ),
        places=tuple(
            Item(pk=place.pk, slug=municipality_slug(place), name=municipality_label(place))
            for place in Organisation.objects.filter(kind=Organisation.Kind.GEMEENTE).order_by(
                "name"
            )
        ),
        principles_url=overview.get(types[PrinciplesPage].pk),
        finder_url=overview.get(types[ProjectFinderPage].pk),
    )


def catalogue():
    return fragments.cached("themes-catalogue", build_catalogue)


def theme_for(project, themes_by_path):
    """The theme line a project sits under, found by tree path so no query is needed."""
    return themes_by_path.get(project.path[: -project.steplen])


# The fields a project card, the results and their downloads show: loading only these skips each
# project's StreamField and rich text, which a listing never renders.
PROJECT_LISTING_FIELDS = (
    "title",
    "slug",
    "url_path",
    "path",
    "depth",
    "live",
    "introduction",
    "status",
    "start_year",
    "end_year",
    "whole_twente",
)


def project_listing(queryset, visible=None):
    """Live, public projects with what a listing shows (status, period, municipalities)."""
    visible = visible or Visible()
    return (
        visible(queryset)
        .only(*PROJECT_LISTING_FIELDS)
        .prefetch_related(Prefetch("municipalities", queryset=Organisation.objects.order_by("name")))
    )


def themes_with_counts(index_page):
    from .models import ProjectPage, ThemePage

    visible = Visible()
    themes = list(
        visible(ThemePage.objects.child_of(index_page))
        .select_related("hero_image")
        .only("title", "url_path", "path", "depth", "introduction", "hero_image")
        .order_by("path")
    )
    counts = defaultdict(int)
    for path in visible(ProjectPage.objects.descendant_of(index_page)).values_list(
        "path", flat=True
    ):
        counts[path[: -ThemePage.steplen]] += 1
    for theme in themes:
        theme.project_count = counts.get(theme.path, 0)
    return themes


def theme_detail(theme, preview=False):
    """A theme line's projects and principles; a preview shows its unsaved principles."""
    from .models import ProjectPage

    data = catalogue()
    principles = None if preview else data.principles_of(theme)
    if principles is None:
        principles = list(theme.principles.all())
    return {
        "projects": list(project_listing(ProjectPage.objects.child_of(theme)).order_by("path")),
        "theme_principles": [
            Related(pk=p.pk, name=p.name, slug=p.slug, url=data.principle_url(p))
            for p in principles
        ],
    }


@dataclass(frozen=True)
class Related:
    """A principle, target group or organisation as a project page shows it."""

    pk: int
    name: str
    slug: str = ""
    url: str = ""


def saved_relations(project):
    """The saved target groups, organisations, municipalities and principles of a project, in one
    query (a UNION over the four relations)."""
    from .models import Principle, TargetGroup

    def rows(queryset, relation, slug="slug", position=None):
        return (
            queryset.annotate(
                relation=Value(relation, output_field=CharField()),
                item_slug=F(slug) if slug else Value("", output_field=CharField()),
                position=F(position) if position else Value(0, output_field=IntegerField()),
            )
            .order_by()
            .values_list("relation", "pk", "name", "item_slug", "position")
        )

    union = rows(TargetGroup.objects.filter(projects=project.pk), "target_groups").union(
        rows(Organisation.objects.filter(projects=project.pk), "organisations", slug=None),
        rows(
            Organisation.objects.filter(municipality_projects=project.pk),
            "municipalities",
            slug=None,
        ),
        rows(Principle.objects.filter(projects=project.pk), "principles", position="sort_order"),
        all=True,
    )
    relations = {"target_groups": [], "organisations": [], "municipalities": [], "principles": []}
    for relation, pk, name, slug, _position in sorted(union, key=lambda row: (row[4], row[2])):
        relations[relation].append(Related(pk=pk, name=name, slug=slug))
    return relations


def unsaved_relations(project):
    """The same, from the page object itself: a preview shows relations not saved yet."""
    return {
        "target_groups": list(project.target_groups.all()),
        "organisations": list(project.organisations.all()),
        "municipalities": list(project.municipalities.all()),
        "principles": list(project.principles.all()),
    }


_FIGURE_LABELS = {}


def figure_labels():
    """The labels of a result card (themes/includes/result_figure.html) in the active language:
    translated once per language instead of five times per card."""
    language = get_language()
    labels = _FIGURE_LABELS.get(language)
    if labels is None:
        labels = _FIGURE_LABELS[language] = {
            "begin": _("Begin"),
            "target": _("Doel"),
            "project": _("Project"),
            "source": _("Bron"),
            "date": _("Peildatum"),
        }
    return labels


def project_detail(project, theme=None, preview=False):
    """Everything a project page shows besides its own fields, in a fixed number of queries."""
    data = catalogue()
    relations = (
        unsaved_relations(project) if preview or not project.pk else saved_relations(project)
    )
    return {
        "theme": theme or project.get_parent(),
        "finder_url": data.finder_url,
        "project_updates": sorted(
            project.updates.all(), key=lambda u: (-u.year, -(u.date.toordinal() if u.date else 0))
        ),
        "project_results": list(project.results.all()),
        "figure_labels": figure_labels(),
        "target_groups": relations["target_groups"],
        "organisations": relations["organisations"],
        "project_municipalities": [
            {"name": municipality_label(m), "slug": municipality_slug(m)}
            for m in relations["municipalities"]
        ],
        "project_principles": [
            Related(pk=p.pk, name=p.name, slug=p.slug, url=data.principle_url(p))
            for p in relations["principles"]
        ],
        "contact_person": project.contact,
    }


def principle_projects(principle):
    """Theme lines and live projects that serve a principle, each project with its theme line."""
    from .models import ProjectPage

    data = catalogue()
    themes = data.themes_serving(principle)
    projects = list(
        project_listing(ProjectPage.objects.filter(principles=principle))
        .order_by("path")
        .distinct()
    )
    themes_by_path = data.themes_by_path()
    for project in projects:
        project.theme = theme_for(project, themes_by_path)
    return themes, projects


def principles_with_counts():
    from .models import Principle, ProjectPage

    live_projects = Visible()(ProjectPage.objects.all()).values("pk")
    return list(
        Principle.objects.annotate(
            project_count=Count("projects", filter=Q(projects__in=live_projects), distinct=True)
        ).order_by("sort_order", "name")
    )


def find_projects(filters):
    """Projects matching the finder's cleaned filters (Items from the catalogue)."""
    from .models import ProjectPage

    projects = ProjectPage.objects.all()
    theme = filters.get("thema")
    if theme is not None:
        projects = projects.filter(
            path__startswith=theme.path, depth=len(theme.path) // ProjectPage.steplen + 1
        )
    if filters.get("status"):
        projects = projects.filter(status=filters["status"])
    place = filters.get("gemeente")
    if place == WHOLE_TWENTE_SLUG:
        projects = projects.filter(whole_twente=True)
    elif place is not None:
        projects = projects.filter(Q(municipalities=place.pk) | Q(whole_twente=True))
    if filters.get("uitgangspunt") is not None:
        projects = projects.filter(principles=filters["uitgangspunt"].pk)
    if filters.get("doelgroep") is not None:
        projects = projects.filter(target_groups=filters["doelgroep"].pk)
    return project_listing(projects.distinct()).order_by("path")


def number(value):
    """A Decimal as int when whole, else float, for JSON and display."""
    if value is None:
        return None
    value = Decimal(value)
    return int(value) if value == value.to_integral_value() else float(value)


def result_rows():
    """Every result figure of a live, public project with its theme line and municipalities."""
    from .models import ProjectPage, ProjectResult

    projects = {
        project.pk: project
        for project in Visible()(ProjectPage.objects.all()).only(*PROJECT_LISTING_FIELDS)
    }
    # Municipality names as plain values: no Organisation objects, no prefetch machinery.
    places = defaultdict(list)
    links = ProjectPage.municipalities.through.objects.filter(projectpage_id__in=list(projects))
    for project_id, name in links.order_by("organisation__name").values_list(
        "projectpage_id", "organisation__name"
    ):
        places[project_id].append(name)
    themes_by_path = catalogue().themes_by_path()
    rows = []
    results = ProjectResult.objects.filter(page_id__in=list(projects)).order_by(
        "page__path", "sort_order"
    )
    for result in results:
        project = projects[result.page_id]
        result.project = project
        result.theme = theme_for(project, themes_by_path)
        result.municipality_names = (
            [_("Heel Twente")]
            if project.whole_twente
            else [place_label(name) for name in places[project.pk]]
        )
        rows.append(result)
    return rows


def group_by_theme(rows):
    groups = {}
    for row in rows:
        key = row.theme.pk if row.theme else None
        groups.setdefault(key, {"theme": row.theme, "results": []})["results"].append(row)
    return list(groups.values())


def group_by_municipality(rows):
    """Figures of projects for all of Twente first, then per municipality by name."""
    whole = [row for row in rows if row.project.whole_twente]
    places = defaultdict(list)
    for row in rows:
        if not row.project.whole_twente:
            for name in row.municipality_names:
                places[name].append(row)
    groups = [{"name": _("Heel Twente"), "results": whole}] if whole else []
    groups += [{"name": name, "results": places[name]} for name in sorted(places)]
    return groups
