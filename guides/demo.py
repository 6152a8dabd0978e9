"""Demo content for Handreikingen: the overview, the cases from cases.json and the guides from
guides.json, each guide with a PDF version generated locally and stored as a Wagtail document."""

import datetime

from django.core.files.base import ContentFile
from django.utils import timezone
from django.utils.html import escape

from home.demo import paragraphs_html
from news.demo import find_page, find_pages, publish_new

from .pdf import build_pdf

CASES_DAYS_AGO = (300, 210)
GUIDES_DAYS_AGO = (160, 95, 40)


def bullet_list(items):
    return (
        "<ul>" + "".join(f"<li>{escape(item)}</li>" for item in items or []) + "</ul>"
        if items
        else ""
    )


def figure(value):
    """A result value written the Dutch way: 1.200 and 2,5."""
    if isinstance(value, int):
        return f"{value:,}".replace(",", ".")
    if isinstance(value, float):
        return f"{value:,.1f}".replace(",", " ").replace(".", ",").replace(" ", ".")
    return str(value)


def organisation(ctx, name):
    from home.models import Organisation

    found = ctx.organisations.get(name) or ctx.organisations.get(f"Gemeente {name}")
    if found is None:
        found = (
            Organisation.objects.filter(name=name).first()
            or Organisation.objects.filter(name=f"Gemeente {name}").first()
        )
    return found


def principles(names):
    from themes.models import Principle

    return list(Principle.objects.filter(name__in=names or []))


def published(days_ago):
    day = timezone.localdate() - datetime.timedelta(days=days_ago)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(10, 0)))


def guide_document(item):
    """The guide's PDF as a Wagtail document, generated once and found again by title."""
    from wagtail.documents import get_document_model

    download = item["download"]
    document_model = get_document_model()
    document = document_model.objects.filter(title=download["title"]).first()
    if document:
        return document
    blocks = [("paragraph", item["summary"])]
    blocks += [("heading", "Voor wie"), ("paragraph", item["audience"])]
    blocks += [("heading", "Het probleem"), *(("paragraph", text) for text in item["problem"])]
    blocks.append(("heading", "De aanpak in stappen"))
    for number, step in enumerate(item["steps"], start=1):
        blocks += [("heading", f"Stap {number}. {step['title']}"), ("paragraph", step["text"])]
    blocks += [("heading", "Doen"), *(("paragraph", f"• {text}") for text in item["dos"])]
    blocks += [("heading", "Niet doen"), *(("paragraph", f"• {text}") for text in item["donts"])]
    blocks += [("heading", "Samengevat"), *(("paragraph", text) for text in download["paragraphs"])]
    data = build_pdf(
        download["title"],
        blocks,
        subject=item["summary"],
        footer=f"Twentse Koers · {item.get('licence', 'CC BY 4.0')}",
    )
    document = document_model(title=download["title"], file_size=len(data))
    document.file = ContentFile(data, name=download["filename"])
    document._set_file_hash()
    document.save()
    return document


def load(ctx):
    from guides.models import CasePage, CaseResult, GuideIndexPage, GuidePage, GuideReuse
    from themes.models import ProjectPage, ThemePage

    index_data = ctx.data("site")["guide_index"]
    index = ctx.child(
        ctx.home,
        GuideIndexPage,
        "handreikingen",
        title=index_data["title"],
        introduction=index_data["intro"],
        show_in_menus=True,
    )
    existing = set(index.get_children().values_list("slug", flat=True))

    for number, item in enumerate(ctx.data("cases")):
        if item["slug"] in existing:
            ctx.pages[item["slug"]] = find_page(ctx, CasePage, item["slug"])
            continue
        page = CasePage(
            title=item["title"],
            slug=item["slug"],
            introduction=item["summary"],
            case_name=item["case_name"],
            submitted_by=item["submitted_by"],
            situation=paragraphs_html(item["situation"]),
            approach=paragraphs_html(item["approach"]),
            lessons=bullet_list(item.get("lessons")),
            tips=bullet_list(item.get("tips")),
            contact=ctx.person(item.get("contact")),
            municipalities=[o for o in (organisation(ctx, n) for n in item["municipalities"]) if o],
            organisations=[o for o in (organisation(ctx, n) for n in item["organisations"]) if o],
            themes=find_pages(ctx, ThemePage, item.get("themes")),
            principles=principles(item.get("principles")),
            results=[
                CaseResult(
                    label=result["label"],
                    value=figure(result["value"]),
                    unit=result.get("unit", ""),
                    source=result.get("source", ""),
                )
                for result in item.get("results", [])
            ],
        )
        page.subjects.add(*item.get("subjects", []))
        days_ago = CASES_DAYS_AGO[number % len(CASES_DAYS_AGO)]
        publish_new(ctx, index, page, published(days_ago))

    for number, item in enumerate(ctx.data("guides")):
        if item["slug"] in existing:
            continue
        page = GuidePage(
            title=item["title"],
            slug=item["slug"],
            introduction=item["summary"],
            audience=item["audience"],
            problem=paragraphs_html(item["problem"]),
            steps=[
                {
                    "type": "step",
                    "value": {"title": s["title"], "text": paragraphs_html([s["text"]])},
                }
                for s in item["steps"]
            ],
            preconditions=bullet_list(item.get("preconditions")),
            costs=paragraphs_html(item.get("costs")),
            dos_and_donts=[
                {
                    "type": "dos_and_donts",
                    "value": {
                        "title": "Doen en niet doen",
                        "dos": item["dos"],
                        "donts": item["donts"],
                    },
                }
            ],
            downloads=[
                {"type": "document", "value": {"document": guide_document(item).pk, "title": ""}}
            ],
            licence=item.get("licence") or "CC BY 4.0",
            contact=ctx.person(item.get("contact")),
            themes=find_pages(ctx, ThemePage, item.get("themes")),
            principles=principles(item.get("principles")),
            related_cases=find_pages(ctx, CasePage, item.get("related_cases")),
            related_projects=find_pages(ctx, ProjectPage, item.get("related_projects")),
            reuses=[GuideReuse(region=region) for region in item.get("reused_by", [])],
        )
        days_ago = GUIDES_DAYS_AGO[number % len(GUIDES_DAYS_AGO)]
        publish_new(ctx, index, page, published(days_ago))
