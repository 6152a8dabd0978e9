"""Small page helpers for templates that need no database access."""

from urllib.parse import urlencode

from django import template

register = template.Library()


@register.filter
def parent_url(url):
    """The URL one level up ("/actueel/bericht/" -> "/actueel/"): a page's parent in Wagtail's
    tree, found without a query."""
    if not url:
        return ""
    return url.rstrip("/").rsplit("/", 1)[0] + "/"


@register.simple_tag(takes_context=True)
def page_canonical_url(context, page):
    """The page's full URL; on page N > 1 of a listing (the `page_obj` in the context) with
    ?pagina=N and no other parameter, so each page of a listing is indexed as itself."""
    url = page.get_full_url(context.get("request")) or ""
    number = getattr(context.get("page_obj"), "number", 1)
    if number > 1:
        url += "?" + urlencode({"pagina": number})
    return url
