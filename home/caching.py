"""What every public page shows around its own content (the Wagtail site the request is for, the
main menu, the breadcrumbs' ancestors and the site settings), kept in the cache for a few minutes
so a page does not spend a query on each.

Navigation entries share a generation: any change to the page tree (publish, unpublish, move,
delete), to a view restriction or to a site starts a new generation, so the next request reads the
tree again (see home/signals.py). The site settings have a key per site, dropped when they are
saved. With a cache per process (no REDIS_URL) other processes catch up within ``TIMEOUT``."""

import uuid
from dataclasses import dataclass

from django.core.cache import cache
from django.core.exceptions import DisallowedHost
from django.db import transaction
from django.http.request import split_domain_port
from wagtail.models import Page, Site

from home.queries import public_q

TIMEOUT = 300
GENERATION_KEY = "home:nav:generation"
NAV_KEY = "home:nav:v1:{generation}:{name}"
SETTINGS_KEY = "home:sitesettings:v1:{site_id}"
MAX_HOSTS = 20


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


def generation(request=None):
    """The current navigation generation, read from the cache once per request."""
    if request is not None and hasattr(request, "_home_nav_generation"):
        return request._home_nav_generation
    value = cache.get_or_set(GENERATION_KEY, lambda: uuid.uuid4().hex, None)
    if request is not None:
        request._home_nav_generation = value
    return value


def _new_generation():
    cache.set(GENERATION_KEY, uuid.uuid4().hex, None)


def clear_navigation(**kwargs):
    """Start a new generation now, and again once the change is committed, so a request that
    read the tree just before the commit cannot keep the old tree cached."""
    _new_generation()
    transaction.on_commit(_new_generation)


def cached(request, name, build):
    """``build()`` from the cache under this navigation generation, or built and cached."""
    return cache.get_or_set(NAV_KEY.format(generation=generation(request), name=name), build, TIMEOUT)


def find_site(request):
    """``Site.find_for_request`` with the answer kept in the cache per host and port.

    Wagtail keeps the site it found on the request (``request._wagtail_site``), so every later
    lookup in this request (routing, settings, menu) uses the cached one. Only hosts that got
    past ALLOWED_HOSTS get here, and at most ``MAX_HOSTS`` are kept."""
    if hasattr(request, "_wagtail_site"):
        return request._wagtail_site
    try:
        host = (split_domain_port(request.get_host())[0], request.get_port())
    except DisallowedHost:
        return Site.find_for_request(request)
    key = NAV_KEY.format(generation=generation(request), name="sites")
    sites = cache.get(key) or {}
    site = sites.get(host)
    if site is not None:
        request._wagtail_site = site
        return site
    site = Site.find_for_request(request)
    if site is not None and len(sites) < MAX_HOSTS:
        cache.set(key, {**sites, host: site}, TIMEOUT)
    return site


def menu_links(request, site):
    """The site root's live, public children shown in menus, in tree order."""
    return cached(
        request,
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
    return cached(
        request,
        f"ancestors:{site.pk}:{parent_path}",
        lambda: [
            link(ancestor, request)
            for ancestor in Page.objects.filter(path__in=prefixes, depth__gt=1)
            .live()
            .order_by("path")
        ],
    )


def site_settings(model, request):
    """``model.for_request(request)`` from the cache; see SiteSettings.for_request."""
    site = find_site(request)
    if site is None:
        return None
    key = SETTINGS_KEY.format(site_id=site.pk)
    instance = cache.get(key)
    if instance is None:
        instance = model.for_site(site)
        cache.set(key, instance, TIMEOUT)
    return instance


def clear_site_settings(instance=None, **kwargs):
    site_id = getattr(instance, "site_id", None)
    if site_id is not None:
        key = SETTINGS_KEY.format(site_id=site_id)
        cache.delete(key)
        transaction.on_commit(lambda: cache.delete(key))
