"""Purge on every change, everywhere it shows.

When an editor publishes, unpublishes, moves or deletes a page, every URL that shows it is dropped
from every frontend cache in ``WAGTAILFRONTENDCACHE`` (the app's page cache, then Varnish or a
CDN), not only the page's own URL:

- the page and its cached sub-URLs (feeds, downloads: ``get_cached_paths``), at its old address
  too after a move or a new slug;
- its ancestors up to the home page (index pages list it; index pages' feeds);
- the pages that link to it (Wagtail's reference index: rich text, choosers, featured items);
- the pages its type says show it (``get_dependent_pages()`` on the page model: a news item's
  theme lines and projects, a project's finder and results page), for the version before the
  change too, so a theme line the item no longer belongs to is purged as well;
- the site-wide listings in ``PURGE_SITE_PATHS`` (sitemap, search, API listing) and the page's
  entries under ``PURGE_PAGE_PATHS`` (its API detail). Editors' promoted search results purge
  ``PURGE_SEARCH_PATHS``; a redirect purges its own old path.

A change that shows on every page is a *ban* of the whole site instead of a list that would be
guesswork: a page in the main menu gaining, losing or renaming its entry; a page with subpages
changing title or address (their breadcrumbs and addresses change) or going offline; view
restrictions; sites; and the snippets, settings, images and documents that content apps register
with ``ban_site_on_change`` (organisations, people, principles, target groups, site settings).

Everything purged in one transaction is sent once, after it commits, by the ``purge`` task:
Wagtail's frontend-cache backends are asked in order; one that fails (Varnish down) is tried again
later with backoff, so a publish never fails and no purge is lost. Each purge and failure is
logged (logger ``core.purging``). The same changes start a new fragment generation
(``core.fragments``)."""

import contextlib
import logging
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_delete
from django_tasks import task
from wagtail.contrib.frontend_cache.utils import PurgeBatch, get_backends
from wagtail.models import Page, PageLogEntry, PageViewRestriction, ReferenceIndex, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from core import fragments
from core.tasks import run_later

logger = logging.getLogger(__name__)

RETRY_DELAYS = (5, 15, 60, 300, 900, 3600, 3600, 3600)


# --- what to purge ------------------------------------------------------------------------------


@dataclass
class Purge:
    """URLs and whole sites (root URLs) to drop from the caches."""

    urls: set = field(default_factory=set)
    bans: set = field(default_factory=set)

    def add(self, other):
        self.urls |= other.urls
        self.bans |= other.bans

    def __bool__(self):
        return bool(self.urls or self.bans)


def site_root_paths():
    return Site.get_site_root_paths()


def site_of(url_path):
    """``(root_path, root_url)`` of the site a page's url_path belongs to, or None."""
    for root in sorted(site_root_paths(), key=lambda r: len(r.root_path), reverse=True):
        if url_path.startswith(root.root_path):
            return root.root_path, root.root_url
    return None


def url_for(url_path):
    """The full URL of a page from its url_path (also an old one), or None off every site."""
    found = site_of(url_path)
    if found is None:
        return None
    root_path, root_url = found
    return root_url.rstrip("/") + "/" + url_path[len(root_path) :]


def is_top_level(page):
    """A child of a site's root page: the level the main menu shows."""
    found = site_of(page.url_path)
    return found is not None and page.url_path[len(found[0]) :].count("/") == 1


def page_urls(page, url_path=None):
    """A page's full URL and its cached sub-URLs, at ``url_path`` when given (an old address)."""
    base = url_for(url_path or page.url_path)
    if base is None:
        return set()
    paths = page.specific_deferred.get_cached_paths()
    return {base + path.lstrip("/") for path in paths}


def site_urls(page):
    """The site-wide listings and this page's own entries in them (API detail)."""
    found = site_of(page.url_path)
    if found is None:
        return set()
    root_url = found[1].rstrip("/")
    urls = {root_url + path for path in settings.PURGE_SITE_PATHS}
    urls |= {root_url + path.format(id=page.pk) for path in settings.PURGE_PAGE_PATHS}
    return urls


def referencing_pages(page):
    """Live pages whose content links to ``page`` (Wagtail's reference index)."""
    ids = ReferenceIndex.get_references_to(page).filter(
        base_content_type=ContentType.objects.get_for_model(Page)
    )
    return Page.objects.live().filter(
        pk__in=[int(pk) for pk in ids.values_list("object_id", flat=True) if pk.isdigit()]
    )


def dependent_pages(page):
    specific = page.specific_deferred if isinstance(page, Page) else page
    method = getattr(specific, "get_dependent_pages", None)
    return list(method()) if method is not None else []


def previous_live_version(page, revision):
    """The page as it was live before ``revision`` was published (from Wagtail's log), or None."""
    entry = (
        PageLogEntry.objects.filter(page_id=page.pk, action="wagtail.publish")
        .exclude(revision_id=revision.pk)
        .exclude(revision__isnull=True)
        .select_related("revision")
        .order_by("-timestamp", "-pk")
        .first()
    )
    return entry.revision.as_object() if entry is not None else None


def root_url_of(page):
    found = site_of(page.url_path)
    return found[1].rstrip("/") + "/" if found is not None else None


def every_site():
    """A ban of every site (root URLs, ending in a slash)."""
    return Purge(bans={root.root_url.rstrip("/") + "/" for root in site_root_paths()})


def showing(page, *, previous=None, old_url_path=None):
    """Every URL that shows ``page`` (see the module docstring)."""
    purge = Purge()
    pages = [page, *page.get_ancestors().filter(depth__gt=1), *referencing_pages(page)]
    pages += dependent_pages(page)
    if previous is not None:
        pages += dependent_pages(previous)
    seen = set()
    for item in pages:
        if item.pk not in seen:
            seen.add(item.pk)
            purge.urls |= page_urls(item)
    if old_url_path and old_url_path != page.url_path:
        purge.urls |= page_urls(page, old_url_path)
    purge.urls |= site_urls(page)
    return purge


def ban_for(page):
    purge = Purge()
    root_url = root_url_of(page)
    if root_url:
        purge.bans.add(root_url)
    return purge


def shows_site_wide(page):
    """A page type that declares every change of it shows across the site."""
    return bool(getattr(page.specific_class or type(page), "purge_site_on_publish", False))


def changes_every_page(page, previous):
    """Whether a new live version changes what other pages show of it site-wide: its type says
    so, its main-menu entry changes, or its subpages' breadcrumbs and addresses do."""
    if shows_site_wide(page):
        return True
    if previous is None:
        return is_top_level(page) and page.show_in_menus
    renamed = previous.title != page.title or previous.slug != page.slug
    if is_top_level(page) and (
        page.show_in_menus != previous.show_in_menus or (page.show_in_menus and renamed)
    ):
        return True
    return renamed and page.numchild > 0


# --- sending once committed ---------------------------------------------------------------------

_paused = ContextVar("purging_paused", default=False)


def schedule(purge):
    """Start a new fragment generation and send ``purge`` once the transaction commits."""
    fragments.content_changed()
    if purge and not _paused.get():
        transaction.on_commit(lambda: enqueue(purge))


def enqueue(purge):
    try:
        run_purge.enqueue(sorted(purge.urls), sorted(purge.bans))
    except Exception:
        logger.exception("could not queue the purge of %d URLs", len(purge.urls))


@contextlib.contextmanager
def site_wide_afterwards():
    """Skip per-page purges inside the block (bulk loads) and ban every site once it is done."""
    token = _paused.set(True)
    try:
        yield
    finally:
        _paused.reset(token)
    schedule(every_site())


# --- signal receivers ---------------------------------------------------------------------------


def _page_published(sender, instance, revision=None, **kwargs):
    if _paused.get():
        return fragments.content_changed()
    previous = previous_live_version(instance, revision) if revision is not None else None
    if changes_every_page(instance, previous):
        return schedule(ban_for(instance))
    old_url_path = None
    if previous is not None and previous.slug != instance.slug:
        old_url_path = instance.url_path[: -len(instance.slug) - 1] + previous.slug + "/"
    schedule(showing(instance, previous=previous, old_url_path=old_url_path))


def _page_unpublished(sender, instance, **kwargs):
    if _paused.get():
        return fragments.content_changed()
    if (
        shows_site_wide(instance)
        or instance.numchild > 0
        or (is_top_level(instance) and instance.show_in_menus)
    ):
        return schedule(ban_for(instance))
    schedule(showing(instance))


def _page_moved(sender, instance, parent_page_before=None, url_path_before=None, **kwargs):
    if _paused.get():
        return fragments.content_changed()
    page = Page.objects.get(pk=instance.pk).specific_deferred
    if shows_site_wide(page) or page.numchild > 0 or is_top_level(page) or (url_path_before and _top(url_path_before)):
        purge = ban_for(page)
        old_site = site_of(url_path_before) if url_path_before else None
        if old_site is not None:
            purge.bans.add(old_site[1].rstrip("/") + "/")
        return schedule(purge)
    purge = showing(page, old_url_path=url_path_before)
    if parent_page_before is not None:
        purge.add(showing(parent_page_before))
    schedule(purge)


def _top(url_path):
    found = site_of(url_path)
    return found is not None and url_path[len(found[0]) :].count("/") == 1


def _page_deleted(sender, instance, **kwargs):
    if _paused.get():
        return fragments.content_changed()
    if not instance.live:
        return fragments.content_changed()
    if shows_site_wide(instance) or instance.numchild > 0 or is_top_level(instance):
        return schedule(ban_for(instance))
    schedule(showing(instance.specific))


def _site_wide_change(sender, instance=None, created=False, **kwargs):
    """A snippet, setting, image, document, view restriction or site changed: ban every site.
    A new image or document is shown nowhere yet, and a site's settings are created with the
    defaults pages already showed, so their creation bans nothing."""
    if created and _shows_nothing_new(sender):
        return
    if _paused.get():
        return fragments.content_changed()
    schedule(every_site())


def _shows_nothing_new(model):
    from wagtail.contrib.settings.models import BaseSiteSetting
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model

    return issubclass(model, (get_image_model(), get_document_model(), BaseSiteSetting))


def _redirect_changed(sender, instance, **kwargs):
    """A redirect answers only its own old path: purge that path (on its site, or every site)."""
    roots = site_root_paths()
    site_id = getattr(instance, "site_id", None)
    urls = {
        root.root_url.rstrip("/") + instance.old_path
        for root in roots
        if site_id is None or root.site_id == site_id
    }
    schedule(Purge(urls=urls))


def _fragments_changed(sender, **kwargs):
    fragments.content_changed()


def refresh_fragments_on_change(*models):
    """Content apps register models saved with their page (a project's results) that fragments
    read: a direct save outside publishing still shows on the next request."""
    for model in models:
        label = model._meta.label
        post_save.connect(_fragments_changed, sender=model, dispatch_uid=f"fragments-save-{label}")
        post_delete.connect(
            _fragments_changed, sender=model, dispatch_uid=f"fragments-delete-{label}"
        )


def purge_paths_on_change(model, paths):
    """A model shown only at some site paths (editors' promoted search results: the search
    page): purge those paths on every site when it changes."""

    def changed(sender, **kwargs):
        roots = {root.root_url.rstrip("/") for root in site_root_paths()}
        schedule(Purge(urls={root + path for root in roots for path in paths}))

    label = model._meta.label
    post_save.connect(changed, sender=model, weak=False, dispatch_uid=f"purge-paths-save-{label}")
    post_delete.connect(
        changed, sender=model, weak=False, dispatch_uid=f"purge-paths-delete-{label}"
    )


def ban_site_on_change(*models):
    """Content apps register the snippets and settings that show across the site."""
    for model in models:
        label = model._meta.label
        post_save.connect(_site_wide_change, sender=model, dispatch_uid=f"purge-save-{label}")
        post_delete.connect(_site_wide_change, sender=model, dispatch_uid=f"purge-delete-{label}")


def connect():
    from wagtail.contrib.redirects.models import Redirect
    from wagtail.contrib.search_promotions.models import SearchPromotion
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model
    from wagtail.models import CollectionViewRestriction, get_page_models

    page_published.connect(_page_published, dispatch_uid="purge-page-published")
    page_unpublished.connect(_page_unpublished, dispatch_uid="purge-page-unpublished")
    post_page_move.connect(_page_moved, dispatch_uid="purge-page-moved")
    pre_delete.connect(_page_deleted, sender=Page, dispatch_uid="purge-page-deleted")
    refresh_fragments_on_change(*get_page_models())
    ban_site_on_change(
        PageViewRestriction,
        CollectionViewRestriction,
        Site,
        get_image_model(),
        get_document_model(),
    )
    purge_paths_on_change(SearchPromotion, settings.PURGE_SEARCH_PATHS)
    post_save.connect(_redirect_changed, sender=Redirect, dispatch_uid="purge-redirect-save")
    post_delete.connect(_redirect_changed, sender=Redirect, dispatch_uid="purge-redirect-delete")


# --- the task -----------------------------------------------------------------------------------


def _ban_by_purging(backend, root_url):
    """For a backend that cannot ban (a CDN without it): purge every live page of that site."""
    batch = PurgeBatch()
    for root in site_root_paths():
        if root.root_url.rstrip("/") + "/" == root_url:
            batch.add_pages(Page.objects.live().filter(url_path__startswith=root.root_path))
    backend.purge_batch(batch.urls)


def purge_now(urls, bans, backends=None):
    """Tell each frontend cache, in settings order, to drop ``urls`` and ban ``bans``. Returns
    the names of the caches that failed, with every cache after the first failure, since a later
    cache may have refilled itself from an earlier one that still held the old version."""
    configured = get_backends(backends=backends)
    failed = []
    for name, backend in configured.items():
        if failed:
            failed.append(name)
        try:
            for root_url in bans:
                if hasattr(backend, "ban"):
                    backend.ban(root_url)
                else:
                    _ban_by_purging(backend, root_url)
            mine = [url for url in urls if backend.invalidates_hostname(urlsplit(url).hostname)]
            backend.purge_batch(mine)
        except Exception as error:
            logger.warning("purge via %s failed: %s", name, error)
            if name not in failed:
                failed.append(name)
            continue
        logger.info(
            "purged %d URLs and %d sites via %s", len(mine), len(bans), name,
            extra={"urls": mine, "bans": list(bans), "cache": name},
        )
    return failed


@task()
def run_purge(urls, bans=(), backends=None, attempt=1):
    failed = purge_now(urls, bans, backends)
    if not failed:
        return {"purged": len(urls), "banned": len(bans), "attempt": attempt}
    if attempt > len(RETRY_DELAYS):
        logger.error(
            "giving up purging %d URLs and %d sites via %s after %d attempts",
            len(urls), len(bans), ", ".join(failed), attempt,
        )
        return {"failed": failed, "attempt": attempt, "gave_up": True}
    delay = RETRY_DELAYS[attempt - 1]
    run_later(run_purge, timedelta(seconds=delay), list(urls), list(bans), failed, attempt + 1)
    logger.warning("purge via %s will be retried in %d s (attempt %d)", ", ".join(failed), delay, attempt + 1)
    return {"failed": failed, "attempt": attempt, "retry_in": delay}
