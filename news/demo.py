"""Demo content for Actueel: the overview page and the news items and project stories from
home/demo/data/news.json, dated relative to today and linked to their theme lines and projects."""

import datetime

from django.utils import timezone
from wagtail.models import Page

from home.demo import paragraphs_html


def find_page(ctx, model, slug):
    """A page made by an earlier loader (ctx.pages) or found by its slug."""
    page = ctx.pages.get(slug)
    if isinstance(page, model):
        return page
    return model.objects.filter(slug=slug).first()


def find_pages(ctx, model, slugs):
    return [page for page in (find_page(ctx, model, slug) for slug in slugs or []) if page]


def publish_new(ctx, parent, page, published_at=None):
    """Add `page` under `parent`, publish it and, when given, date its publication."""
    parent.add_child(instance=page)
    page.save_revision().publish()
    if published_at is not None:
        Page.objects.filter(pk=page.pk).update(
            first_published_at=published_at,
            last_published_at=published_at,
        )
    page.refresh_from_db()
    ctx.pages[page.slug] = page
    ctx.count("pages", True)
    return page


def load(ctx):
    from news.models import NewsIndexPage, NewsPage
    from themes.models import ProjectPage, ThemePage

    index_data = ctx.data("site")["news_index"]
    index = ctx.child(
        ctx.home,
        NewsIndexPage,
        "actueel",
        title=index_data["title"],
        introduction=index_data["intro"],
        show_in_menus=True,
    )
    existing = set(index.get_children().values_list("slug", flat=True))
    today = timezone.localdate()
    for item in ctx.data("news"):
        if item["slug"] in existing:
            continue
        date = today - datetime.timedelta(days=item["days_ago"])
        is_story = item["kind"] == NewsPage.Kind.PROJECTVERHAAL
        page = NewsPage(
            title=item["title"],
            slug=item["slug"],
            kind=item["kind"],
            date=date,
            author=ctx.person(item.get("author")),
            introduction=item["intro"],
            hero_image=ctx.image(f"Actueel: {item['title']}") if is_story else None,
            body=[{"type": "paragraph", "value": paragraphs_html(item["paragraphs"])}],
            related_themes=find_pages(ctx, ThemePage, item.get("themes")),
            related_projects=find_pages(ctx, ProjectPage, item.get("projects")),
        )
        page.tags.add(*item.get("tags", []))
        published_at = timezone.make_aware(datetime.datetime.combine(date, datetime.time(9, 30)))
        publish_new(ctx, index, page, published_at)
