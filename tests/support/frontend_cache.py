"""A frontend cache for the tests: a real ``WAGTAILFRONTENDCACHE`` backend class (registered in
config/settings/test.py) that records what it was asked to purge, so tests assert the exact set
of URLs and sites a change purges. ``refuse()`` makes it fail like a Varnish that is down."""

from wagtail.contrib.frontend_cache.backends.base import BaseBackend

from core.varnish import PurgeFailed

purged = []
banned = []
_refusing = []


def reset():
    """Forget what was purged (refusing stays as it was)."""
    purged.clear()
    banned.clear()


def refuse(on=True):
    _refusing[:] = [True] if on else []


class RecordingPurger(BaseBackend):
    def purge(self, url):
        if _refusing:
            raise PurgeFailed(f"PURGE {url}: connection refused")
        purged.append(url)

    def ban(self, root_url):
        if _refusing:
            raise PurgeFailed(f"BAN {root_url}: connection refused")
        banned.append(root_url)
