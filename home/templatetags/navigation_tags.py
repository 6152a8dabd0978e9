"""Navigation built from the page tree: main menu, breadcrumbs and the site root."""

from django import template
from wagtail.models import Page, Site

register = template.Library()


def _site_root(context):
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    return site.root_page if site else None


@register.inclusion_tag("includes/main_menu.html", takes_context=True)
def main_menu(context):
    root = _site_root(context)
    items = root.get_children().live().public().in_menu() if root else Page.objects.none()
    current = context.get("page")
    current_path = current.path if current else ""
    return {
        "menu_items": [
            {"page": item, "active": bool(current_path) and current_path.startswith(item.path)}
            for item in items
        ],
        "request": context.get("request"),
    }


@register.inclusion_tag("includes/breadcrumbs.html", takes_context=True)
def breadcrumbs(context):
    page = context.get("page")
    if page is None or page.depth <= 2:
        return {"ancestors": []}
    ancestors = page.get_ancestors().filter(depth__gt=1).live()
    return {"ancestors": ancestors, "page": page}
