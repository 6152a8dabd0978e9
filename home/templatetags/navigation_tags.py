"""Navigation built from the page tree: main menu, breadcrumbs and the site root."""

from django import template
from django.db.models import Exists, OuterRef
from django.db.models.functions import Length, Substr
from wagtail.models import Page, PageViewRestriction, Site

register = template.Library()


def _site_root(context):
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    return site.root_page if site else None


def _public_q():
    """Not inside a private section, as Wagtail's ``public()``, but as a subquery of the same query
    (``public()`` first loads every restriction with a query of its own)."""
    restricted_ancestor = PageViewRestriction.objects.filter(
        page__path=Substr(OuterRef("path"), 1, Length("page__path"))
    )
    return ~Exists(restricted_ancestor)


@register.inclusion_tag("includes/main_menu.html", takes_context=True)
def main_menu(context):
    root = _site_root(context)
    items = root.get_children().live().in_menu().filter(_public_q()) if root else Page.objects.none()
    current_path = getattr(context.get("page"), "path", "") or ""
    return {
        "menu_items": [
            {
                "page": item,
                "current": item.path == current_path,
                "active": bool(current_path) and current_path.startswith(item.path),
            }
            for item in items
        ],
        "request": context.get("request"),
    }


@register.inclusion_tag("includes/breadcrumbs.html", takes_context=True)
def breadcrumbs(context):
    page = context.get("page")
    if page is None or page.depth <= 2:
        return {"ancestors": []}
    root = _site_root(context)
    parent = getattr(page, "_cached_parent_obj", None)  # set by pages that route to children
    if root is not None and page.depth == root.depth + 1 and page.path.startswith(root.path):
        # A top-level page's only ancestor shown is the site root, already loaded with the site.
        ancestors = [root] if root.live else []
    elif (
        parent is not None
        and root is not None
        and parent.depth == root.depth + 1
        and parent.path.startswith(root.path)
    ):
        # The parent is a top-level page that routed to this page: no query needed either.
        ancestors = [ancestor for ancestor in (root, parent) if ancestor.live]
    else:
        ancestors = page.get_ancestors().filter(depth__gt=1).live()
    return {"ancestors": ancestors, "page": page}
