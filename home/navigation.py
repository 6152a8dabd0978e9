"""The main menu and the breadcrumbs' ancestors as plain links, kept as fragments
(``core.fragments``), so a page spends no query on them until the content changes."""

from dataclasses import dataclass

from wagtail.models import Page

from core import fragments
from home.queries import public_q


@dataclass(frozen=True)
class Link:
    """A page as the menu and the breadcrumbs show it: plain data, cheap to cache."""

    pk: int
    title: str
    url: str
    path: str
    depth: int


def link(page, request):
    return Link(page.pk, page.title, page.get_url(request) or "", page.path, page.depth)


def menu_links(request, site):
    """The site root's live, public children shown in menus, in tree order."""
    return fragments.cached(
        f"menu:{site.pk}",
        lambda: [
            link(page, request)
            for page in site.root_page.get_children().live().in_menu().filter(public_q())
        ],
    )


def ancestor_links(request, site, page):
    """The live ancestors of a page from its site's root down (below the tree root), top first.
    Pages with the same parent share one entry."""
    parent_path = page.path[: -page.steplen]
    root = site.root_page
    start = root.depth * page.steplen if page.path.startswith(root.path) else page.steplen
    prefixes = [parent_path[:end] for end in range(start, len(parent_path) + 1, page.steplen)]
    return fragments.cached(
        f"ancestors:{site.pk}:{parent_path}",
        lambda: [
            link(ancestor, request)
            for ancestor in Page.objects.filter(path__in=prefixes, depth__gt=1)
            .live()
            .order_by("path")
        ],
    )
