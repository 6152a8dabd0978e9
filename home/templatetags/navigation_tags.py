"""Navigation built from the page tree: main menu and breadcrumbs.

Both come from the cache (home.caching) as plain links; which menu item is active is worked out
per request from the page being shown."""

from django import template

from home.caching import ancestor_links, find_site, link, menu_links

register = template.Library()


def _site(context):
    request = context.get("request")
    return find_site(request) if request is not None else None


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


def _routed_ancestors(page, root):
    """The ancestors that routing this request already loaded, site root first, or None.

    Wagtail's ``route()`` keeps each page's parent in ``_cached_parent_obj``, treebeard's parent
    cache, so a page Wagtail routed needs neither a query nor the cache. Pages routed by
    home.routing have no such chain and take their ancestors from the cache."""
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
    request = context.get("request")
    site = _site(context)
    root = site.root_page if site is not None else None
    routed = _routed_ancestors(page, root) if root is not None else None
    if routed is not None:
        ancestors = [link(ancestor, request) for ancestor in routed if ancestor.live]
    elif root is not None and page.depth == root.depth + 1 and page.path.startswith(root.path):
        # A top-level page's only ancestor shown is the site root, already loaded with the site.
        ancestors = [link(root, request)] if root.live else []
    elif site is not None:
        ancestors = ancestor_links(request, site, page)
    else:
        ancestors = [
            link(ancestor, request) for ancestor in page.get_ancestors().filter(depth__gt=1).live()
        ]
    return {"ancestors": ancestors, "page": page}
