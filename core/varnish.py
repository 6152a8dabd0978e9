"""Purging Varnish (or any HTTP cache that speaks PURGE and BAN the way deploy/varnish/default.vcl
does) for Wagtail's frontend-cache machinery.

Wagtail's own HTTP backend logs a failed purge and carries on; this one raises ``PurgeFailed``,
so ``core.purging`` can retry later and a Varnish that is down never loses a purge (nor fails the
publish that caused it). ``PURGE /path`` drops that path with every query string for the
``Host`` given; ``BAN /`` drops everything for that host."""

from urllib.error import HTTPError, URLError
from urllib.parse import urlsplit, urlunsplit
from urllib.request import Request, urlopen

from wagtail import __version__
from wagtail.contrib.frontend_cache.backends.http import HTTPBackend

TIMEOUT = 5


class PurgeFailed(Exception):
    """The cache could not be told; the purge must be tried again."""


class VarnishPurger(HTTPBackend):
    """``WAGTAILFRONTENDCACHE`` entry for Varnish at ``LOCATION`` (``FRONTEND_CACHE_URL``)."""

    def __init__(self, params):
        super().__init__(params)
        if self.cache_scheme not in ("http", "https"):
            raise ValueError(f"FRONTEND_CACHE_URL must be http(s), not {self.cache_scheme!r}")

    def _send(self, method, url):
        parts = urlsplit(url)
        request = Request(  # noqa: S310 - the scheme is checked in __init__
            urlunsplit((self.cache_scheme, self.cache_netloc, parts.path or "/", parts.query, "")),
            method=method,
            headers={"Host": parts.netloc, "User-Agent": f"Wagtail-frontendcache/{__version__}"},
        )
        try:
            with urlopen(request, timeout=TIMEOUT) as answer:  # noqa: S310 - our own Varnish
                answer.read()
        except HTTPError as error:
            raise PurgeFailed(f"{method} {url}: HTTP {error.code} {error.reason}") from error
        except (URLError, OSError) as error:
            reason = getattr(error, "reason", error)
            raise PurgeFailed(f"{method} {url}: {reason}") from error

    def purge(self, url):
        self._send("PURGE", url)

    def ban(self, root_url):
        self._send("BAN", root_url)
