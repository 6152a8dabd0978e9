"""Small page helpers for templates that need no database access."""

from django import template

register = template.Library()


@register.filter
def parent_url(url):
    """The URL one level up ("/actueel/bericht/" -> "/actueel/"): a page's parent in Wagtail's
    tree, found without a query."""
    if not url:
        return ""
    return url.rstrip("/").rsplit("/", 1)[0] + "/"
