"""Navigation built from the page tree: main menu and breadcrumbs.

Both come from the fragment cache (home.navigation) as plain links; which menu item is active is
worked out per request from the page being shown."""

from django import template
from wagtail.models import Site

from home.navigation import ancestor_links, link, menu_links

register = template.Library()


def _site(context):
    request = context.get("request")
    return Site.find_for_request(request) if request is not None else None


@register.inclusion_tag("includes/main_menu.html", takes_context=True)
def main_menu(context):
    site = _site(context)
    links = menu_links(context.get("request"), site) if site is not None else []
    current_path = getattr(context.get("page"), "path", "") or ""
    return {
        "menu_items": [
            {
                "link": item,
                "current": item.path == current_path,
                "active": bool(current_path) and current_path.startswith(item.path),
            }
            for item in links
        ],
        "request": context.get("request"),
    }


@register.inclusion_tag("includes/breadcrumbs.html", takes_context=True)
def breadcrumbs(context):
    page = context.get("page")
    if page is None or page.depth <= 2:
        return {"ancestors": []}
    request = context.get("request")
    site = _site(context)
    root = site.root_page if site is not None else None
    if root is not None and page.depth == root.depth + 1 and page.path.startswith(root.path):
        # A top-level page's only ancestor shown is the site root, already loaded with the site.
        ancestors = [link(root, request)] if root.live else []
    elif site is not None:
        ancestors = ancestor_links(request, site, page)
    else:
        ancestors = [
            link(ancestor, request) for ancestor in page.get_ancestors().filter(depth__gt=1).live()
        ]
    return {"ancestors": ancestors, "page": page}
