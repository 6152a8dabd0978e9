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


def _routed_ancestors(page, root):
    """The ancestors that routing this request already loaded, site root first, or None.

    Wagtail's ``route()`` (and the apps' own) keeps each page's parent in ``_cached_parent_obj``,
    treebeard's parent cache, so a routed page needs no query for its breadcrumbs."""
    chain = []
    current = page
    while current.depth > root.depth:
        parent = getattr(current, "_cached_parent_obj", None)
        if parent is None or parent.depth != current.depth - 1:
            return None
        chain.append(parent)
        current = parent
    return chain[::-1] if current.pk == root.pk else None


@register.inclusion_tag("includes/breadcrumbs.html", takes_context=True)
def breadcrumbs(context):
    page = context.get("page")
    if page is None or page.depth <= 2:
        return {"ancestors": []}
    root = _site_root(context)
    routed = _routed_ancestors(page, root) if root is not None else None
    if routed is not None:
        ancestors = [ancestor for ancestor in routed if ancestor.live]
    elif root is not None and page.depth == root.depth + 1 and page.path.startswith(root.path):
        # A top-level page's only ancestor shown is the site root, already loaded with the site.
        ancestors = [root] if root.live else []
    else:
        ancestors = page.get_ancestors().filter(depth__gt=1).live()
    return {"ancestors": ancestors, "page": page}
