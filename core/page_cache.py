"""The page cache in the app: public pages answered to anonymous visitors, kept in the cache that
every app server shares (Redis when ``REDIS_URL`` is set; see the ``pages`` alias in settings),
so a page is rendered once per change, not once per visitor or per server.

A hit is answered by ``PageCacheMiddleware`` before sessions, CSRF, authentication, messages or
routing do any work. What may be kept is decided by the ``Cache-Control`` the site gives each
answer (``core.cache_headers``): only ``public`` answers with ``s-maxage`` and status 200 are
stored, for ``s-maxage`` seconds.

Purging is per path: every entry is stamped with the *version* its path had when the request
began, and the cache's *generation*. Purging a path gives it a new version, a ban (the whole site)
a new generation; entries with an old stamp are never answered again. So purging ``/actueel/``
also drops ``/actueel/?thema=x``, exactly as the Varnish configuration does, and a page rendered
while a purge happened can never be stored as current. A hit costs one round trip (entry, version
and generation in one ``get_many``). ``PageCachePurger`` lets Wagtail's frontend-cache machinery
(and ``core.purging``) purge this cache like any other.

Entries are keyed by path and query string, not by host: the site is one Wagtail site whose pages
do not depend on the host name a visitor typed (``ALLOWED_HOSTS`` limits which), and purges name
the site's own host, so ``localhost`` and ``127.0.0.1`` share one entry that one purge drops."""

import logging
import uuid
from hashlib import md5
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.core.cache import caches
from django.http import HttpResponse
from wagtail.contrib.frontend_cache.backends.base import BaseBackend

logger = logging.getLogger(__name__)

CACHE_ALIAS = "pages"
STORED_STATUS = 200
STORED_TYPES = (
    "text/html",
    "text/csv",
    "text/plain",
    "application/json",
    "application/xml",
    "application/rss+xml",
    "application/atom+xml",
)
MAX_BODY_BYTES = 1_000_000
HIT_HEADER = "X-Page-Cache"


def _digest(text):
    return md5(text.encode(), usedforsecurity=False).hexdigest()


class PageCache:
    """The store: entries by full path, versions by path, one generation. Every call swallows and
    logs cache errors: without the cache, pages are rendered."""

    def __init__(self, alias=CACHE_ALIAS):
        self.alias = alias

    @property
    def store(self):
        return caches[self.alias]

    @staticmethod
    def entry_key(full_path):
        return f"pc:e:{_digest(full_path)}"

    @staticmethod
    def version_key(path):
        return f"pc:v:{_digest(path)}"

    generation_key = "pc:g"

    def lookup(self, path, full_path):
        """``(response or None, stamp)``: the stored answer when its stamp is current, and the
        stamp an answer rendered now must carry (None when the cache cannot be reached)."""
        keys = (self.entry_key(full_path), self.version_key(path), self.generation_key)
        try:
            found = self.store.get_many(keys)
        except Exception:
            logger.warning("page cache unavailable; rendering %s", full_path)
            return None, None
        stamp = (found.get(keys[1]), found.get(keys[2]))
        entry = found.get(keys[0])
        if entry is None or None in stamp or tuple(entry["stamp"]) != stamp:
            return None, stamp
        response = HttpResponse(entry["content"], status=entry["status"])
        for name, value in entry["headers"]:
            response[name] = value
        response[HIT_HEADER] = "hit"
        return response, stamp

    def keep(self, path, full_path, stamp, response, timeout):
        """Store an answer under the stamp read before it was rendered. A version or generation
        that did not exist then is made now, unless a purge made one in the meantime: then the
        answer may be older than the purge and is not kept."""
        version, generation = stamp
        try:
            if version is None:
                version = uuid.uuid4().hex
                if not self.store.add(self.version_key(path), version, self.timeout()):
                    return False
            if generation is None:
                generation = uuid.uuid4().hex
                if not self.store.add(self.generation_key, generation, None):
                    return False
            entry = {
                "stamp": (version, generation),
                "status": response.status_code,
                "headers": [
                    (name, value)
                    for name, value in response.items()
                    if name.lower() not in {"set-cookie", HIT_HEADER.lower()}
                ],
                "content": response.content,
            }
            self.store.set(self.entry_key(full_path), entry, timeout)
        except Exception:
            logger.warning("page cache unavailable; %s not kept", full_path)
            return False
        return True

    def forget_path(self, path):
        """Drop every stored answer for this path (all query strings)."""
        self.store.set(self.version_key(path), uuid.uuid4().hex, self.timeout())

    def forget_all(self):
        """Drop every stored answer."""
        self.store.set(self.generation_key, uuid.uuid4().hex, None)

    @staticmethod
    def timeout():
        """How long an answer is kept: ``s-maxage``, or at most a minute when the cache is
        private to each process (no Redis), because a purge from the worker cannot reach it."""
        if settings.CACHES[CACHE_ALIAS]["BACKEND"].endswith("LocMemCache"):
            return min(settings.CACHE_S_MAXAGE, settings.PAGE_CACHE_LOCAL_TIMEOUT)
        return settings.CACHE_S_MAXAGE


def request_is_cacheable(request):
    """GET or HEAD by a visitor without a session, outside the admin and previews."""
    return (
        request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "HTTP_AUTHORIZATION" not in request.META
        and not getattr(request, "is_dummy", False)
        and not request.path.startswith(settings.PAGE_CACHE_SKIP_PREFIXES)
    )


def response_is_storable(response):
    cache_control = response.get("Cache-Control", "")
    content_type = response.get("Content-Type", "").split(";")[0].strip().lower()
    return (
        response.status_code == STORED_STATUS
        and not response.streaming
        and "public" in cache_control
        and "s-maxage" in cache_control
        and not response.cookies
        and not response.has_header("Vary")
        and content_type in STORED_TYPES
        and len(response.content) <= MAX_BODY_BYTES
    )


class PageCacheMiddleware:
    """Answers from the page cache, or stores what the rest of the stack answered."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.cache = PageCache()

    def __call__(self, request):
        if not settings.PAGE_CACHE_ENABLED or not request_is_cacheable(request):
            return self.get_response(request)
        path, full_path = request.path, request.get_full_path()
        response, stamp = self.cache.lookup(path, full_path)
        if response is not None:
            return response
        response = self.get_response(request)
        if stamp is not None and response_is_storable(response):
            timeout = min(s_maxage(response), self.cache.timeout())
            if timeout > 0 and self.cache.keep(path, full_path, stamp, response, timeout):
                response[HIT_HEADER] = "miss"
        return response


def s_maxage(response):
    """The ``s-maxage`` of an answer's Cache-Control, in seconds (0 when absent)."""
    for part in response.get("Cache-Control", "").split(","):
        name, _, value = part.strip().partition("=")
        if name.lower() == "s-maxage" and value.strip().isdigit():
            return int(value)
    return 0


class PageCachePurger(BaseBackend):
    """``WAGTAILFRONTENDCACHE`` entry for the app's own page cache (settings: ``app``)."""

    def __init__(self, params):
        super().__init__(params)
        self.cache = PageCache(params.get("CACHE", CACHE_ALIAS))

    def purge(self, url):
        self.cache.forget_path(unquote(urlsplit(url).path) or "/")

    def ban(self, root_url):
        self.cache.forget_all()
