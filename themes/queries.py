"""Query helpers for the theme pages: each fetches what a page shows in a fixed number of queries,
however many themes, projects or figures there are."""

from collections import defaultdict
from decimal import Decimal

from django.db.models import Count, Prefetch, Q
from django.utils.text import slugify
from django.utils.translation import gettext as _

from home.models import Organisation, Person

WHOLE_TWENTE_SLUG = "heel-twente"


def municipality_label(organisation):
    """'Gemeente Enschede' -> 'Enschede': residents look for the place name."""
    name = organisation.name
    prefix = "Gemeente "
    return name[len(prefix) :] if name.startswith(prefix) else name


def municipality_slug(organisation):
    return slugify(municipality_label(organisation))


def municipalities():
    return list(Organisation.objects.filter(kind=Organisation.Kind.GEMEENTE).order_by("name"))


def live_themes():
    from .models import ThemePage

    return list(ThemePage.objects.live().public().order_by("path"))


def theme_for(project, themes_by_path):
    """The theme line a project sits under, found by tree path so no query is needed."""
    return themes_by_path.get(project.path[: -project.steplen])


def project_listing(queryset):
    """Live, public projects with what a listing shows (status, period, municipalities)."""
    return (
        queryset.live()
        .public()
        .select_related("lead_organisation")
        .prefetch_related(
            Prefetch(
                "municipalities",
                queryset=Organisation.objects.order_by("name"),
            )
        )
        .order_by("path")
    )


def themes_with_counts(index_page):
    from .models import ProjectPage, ThemePage

    themes = list(
        ThemePage.objects.child_of(index_page)
        .live()
        .public()
        .select_related("hero_image")
        .order_by("path")
    )
    counts = defaultdict(int)
    paths = (
        ProjectPage.objects.descendant_of(index_page).live().public().values_list("path", flat=True)
    )
    steplen = ThemePage.steplen
    for path in paths:
        counts[path[:-steplen]] += 1
    for theme in themes:
        theme.project_count = counts.get(theme.path, 0)
    return themes


def project_detail(project):
    """Everything a project page shows besides its own fields, in a fixed number of queries."""
    from .models import ThemePage

    theme = ThemePage.objects.filter(path=project.path[: -project.steplen]).first()
    contact = None
    if project.contact_id:
        contact = (
            Person.objects.select_related("organisation", "photo")
            .filter(pk=project.contact_id)
            .first()
        )
    pages = overview_pages()
    finder = pages["finder_page"]
    return {
        "theme": theme,
        "finder_page": finder,
        "project_updates": list(project.updates.order_by("-year", "-date", "sort_order")),
        "project_results": list(project.results.order_by("sort_order")),
        "target_groups": list(project.target_groups.all()),
        "organisations": list(project.organisations.all()),
        "project_municipalities": [
            {"name": municipality_label(m), "slug": municipality_slug(m)}
            for m in project.municipalities.all()
        ],
        "project_principles": link_principles(
            list(project.principles.all()), pages["principles_page"]
        ),
        "contact_person": contact,
    }


def principle_projects(principle):
    """Themes and live projects that serve a principle, with their theme line."""
    from .models import ProjectPage, ThemePage

    themes = list(principle.themes.live().public().order_by("path"))
    projects = list(project_listing(ProjectPage.objects.filter(principles=principle)).distinct())
    themes_by_path = {theme.path: theme for theme in ThemePage.objects.live().public()}
    for project in projects:
        project.theme = theme_for(project, themes_by_path)
    return themes, projects


def principles_with_counts():
    from .models import Principle, ProjectPage

    live_projects = ProjectPage.objects.live().public().values("pk")
    return list(
        Principle.objects.annotate(
            project_count=Count("projects", filter=Q(projects__in=live_projects), distinct=True)
        ).order_by("sort_order", "name")
    )


def find_projects(filters, themes):
    """Projects matching the finder's cleaned filters; `themes` are the live theme pages."""
    from .models import ProjectPage

    projects = ProjectPage.objects.all()
    theme = filters.get("thema")
    if theme is not None:
        projects = projects.child_of(theme)
    if filters.get("status"):
        projects = projects.filter(status=filters["status"])
    place = filters.get("gemeente")
    if place == WHOLE_TWENTE_SLUG:
        projects = projects.filter(whole_twente=True)
    elif place is not None:
        projects = projects.filter(Q(municipalities=place) | Q(whole_twente=True))
    if filters.get("uitgangspunt") is not None:
        projects = projects.filter(principles=filters["uitgangspunt"])
    if filters.get("doelgroep") is not None:
        projects = projects.filter(target_groups=filters["doelgroep"])
    return project_listing(projects.distinct())


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
        for project in ProjectPage.objects.live()
        .public()
        .prefetch_related(
            Prefetch("municipalities", queryset=Organisation.objects.order_by("name"))
        )
    }
    themes_by_path = {theme.path: theme for theme in live_themes()}
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
            else [municipality_label(m) for m in project.municipalities.all()]
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


def overview_pages():
    """The live principles page and project finder (either may be missing), in one query."""
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import Page

    from .models import PrinciplesPage, ProjectFinderPage

    types = ContentType.objects.get_for_models(PrinciplesPage, ProjectFinderPage)
    pages = {
        page.content_type_id: page
        for page in Page.objects.live().filter(content_type__in=types.values()).order_by("path")
    }
    return {
        "principles_page": pages.get(types[PrinciplesPage].pk),
        "finder_page": pages.get(types[ProjectFinderPage].pk),
    }


def link_principles(principles, principles_page):
    """Give each principle the URL of its sub-page on the principles page, when there is one."""
    if principles_page is not None:
        base = principles_page.url
        for principle in principles:
            principle.url = f"{base}{principle.slug}/"
    return principles
