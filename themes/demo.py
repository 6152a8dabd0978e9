"""Demo content for the themes app: principles, target groups, the five theme lines with their
projects (progress and result figures), and the overview pages in the main menu."""

import datetime
from decimal import Decimal

from django.utils.text import slugify

from home.demo import paragraphs_html
from home.models import HomePage, HomePageFeaturedTheme, Organisation

from .models import (
    Principle,
    PrinciplesPage,
    ProjectFinderPage,
    ProjectPage,
    ProjectResult,
    ProjectUpdate,
    ResultsPage,
    TargetGroup,
    ThemeIndexPage,
    ThemePage,
)

WHOLE_TWENTE = "heel twente"


def _paragraph_blocks(ctx, paragraphs):
    return ctx.blocks([{"type": "paragraph", "text": text} for text in paragraphs or []])


def _list_html(items):
    from django.utils.html import escape

    return "<ul>" + "".join(f"<li>{escape(item)}</li>" for item in items) + "</ul>" if items else ""


def _decimal(value):
    return None if value is None else Decimal(str(value))


def _organisation(ctx, name):
    if name in ctx.organisations:
        return ctx.organisations[name]
    organisation, created = Organisation.objects.get_or_create(
        name=name, defaults={"kind": Organisation.Kind.PARTNER}
    )
    ctx.organisations[name] = organisation
    ctx.count("organisations", created)
    return organisation


def _municipality(ctx, name):
    full = name if name.startswith("Gemeente ") else f"Gemeente {name}"
    organisation = ctx.organisations.get(full)
    if organisation is None:
        organisation, created = Organisation.objects.get_or_create(
            name=full,
            defaults={"kind": Organisation.Kind.GEMEENTE, "role": Organisation.Role.EIGENAAR},
        )
        ctx.organisations[full] = organisation
        ctx.count("organisations", created)
    return organisation


def load_principles(ctx):
    principles = {}
    for position, item in enumerate(ctx.data("principles"), start=1):
        principle, created = Principle.objects.get_or_create(
            name=item["name"],
            defaults={
                "slug": slugify(item["name"])[:120],
                "kind": item["kind"],
                "summary": item["summary"],
                "body": paragraphs_html(item.get("paragraphs")),
                "sort_order": position,
            },
        )
        principles[principle.name] = principle
        ctx.count("principles", created)
    return principles


def load_target_groups(ctx):
    groups = {}
    for item in ctx.data("target_groups"):
        group, created = TargetGroup.objects.get_or_create(
            name=item["name"],
            defaults={
                "slug": slugify(item["name"])[:120],
                "description": item.get("description", ""),
            },
        )
        groups[group.name] = group
        ctx.count("target groups", created)
    return groups


def _project_fields(ctx, item, principles, groups):
    places = item.get("municipalities") or []
    whole_twente = any(place.strip().lower() == WHOLE_TWENTE for place in places)
    return {
        "title": item["title"],
        "introduction": item["summary"],
        "why": paragraphs_html(item.get("why")),
        "goals": paragraphs_html(item.get("goals")),
        "approach": paragraphs_html(item.get("approach")),
        "resident_notices": paragraphs_html(item.get("resident_notices")),
        "status": item["status"],
        "start_year": item.get("start_year"),
        "end_year": item.get("end_year"),
        "whole_twente": whole_twente,
        "municipalities": [] if whole_twente else [_municipality(ctx, place) for place in places],
        "target_groups": [groups[name] for name in item.get("target_groups", []) if name in groups],
        "lead_organisation": _organisation(ctx, item["lead_organisation"])
        if item.get("lead_organisation")
        else None,
        "organisations": [_organisation(ctx, name) for name in item.get("organisations", [])],
        "principles": [
            principles[name] for name in item.get("principles", []) if name in principles
        ],
        "contact": ctx.person(item.get("contact")),
        "body": _paragraph_blocks(ctx, item.get("paragraphs")),
        "updates": [
            ProjectUpdate(
                year=update["year"],
                date=datetime.date.fromisoformat(update["date"]) if update.get("date") else None,
                text=paragraphs_html([update["text"]]),
                sort_order=position,
            )
            for position, update in enumerate(item.get("updates", []))
        ],
        "results": [
            ProjectResult(
                label=result["label"],
                baseline=_decimal(result.get("baseline")),
                target=_decimal(result.get("target")),
                current=_decimal(result["current"]),
                unit=result.get("unit", ""),
                source=result["source"],
                date=datetime.date.fromisoformat(result["date"]),
                sort_order=position,
            )
            for position, result in enumerate(item.get("results", []))
        ],
    }


def load(ctx):
    home = ctx.home or HomePage.objects.first()
    site = ctx.data("site")
    principles = load_principles(ctx)
    groups = load_target_groups(ctx)

    data = site["theme_index"]
    index = ctx.child(
        home,
        ThemeIndexPage,
        "themalijnen",
        title=data["title"],
        introduction=data["intro"],
        show_in_menus=True,
        body=_paragraph_blocks(ctx, data.get("paragraphs")),
    )
    data = site["project_finder"]
    ctx.child(
        home,
        ProjectFinderPage,
        "projecten",
        title=data["title"],
        introduction=data["intro"],
        show_in_menus=True,
    )
    data = site["principles_page"]
    ctx.child(
        home,
        PrinciplesPage,
        "uitgangspunten",
        title=data["title"],
        introduction=data["intro"],
        show_in_menus=True,
        body=_paragraph_blocks(ctx, data.get("paragraphs")),
    )
    data = site["results_page"]
    ctx.child(
        home,
        ResultsPage,
        "resultaten",
        title=data["title"],
        introduction=data["intro"],
        show_in_menus=True,
        body=_paragraph_blocks(ctx, data.get("paragraphs")),
    )

    themes = []
    for item in ctx.data("themes"):
        theme = ctx.child(
            index,
            ThemePage,
            item["slug"],
            title=item["title"],
            introduction=item["summary"],
            goals=_list_html(item.get("goals")),
            body=_paragraph_blocks(ctx, item.get("paragraphs")),
            contact=ctx.person(item.get("contact")),
            principles=[principles[n] for n in item.get("principles", []) if n in principles],
            hero_image=ctx.image(f"Themalijn: {item['title']}"),
        )
        themes.append(theme)
        for project in item.get("projects", []):
            ctx.child(
                theme,
                ProjectPage,
                project["slug"],
                **_project_fields(ctx, project, principles, groups),
            )

    home = HomePage.objects.get(pk=home.pk)
    if themes and not home.featured_themes.exists():
        home.featured_themes = [
            HomePageFeaturedTheme(theme=theme, sort_order=position)
            for position, theme in enumerate(themes)
        ]
        home.save_revision().publish()
        ctx.home = home
