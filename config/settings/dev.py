"""The embedded default: SQLite file, console e-mail, DEBUG on; service variables still honoured."""

from .base import *  # noqa: F403
from .base import ALLOWED_HOSTS, SECRET_KEY, STORAGES
from .env import env_bool

DEBUG = True
SECRET_KEY = SECRET_KEY or "dev-only-insecure-key-twentse-koers"  # noqa: S105
ALLOWED_HOSTS = ALLOWED_HOSTS or ["127.0.0.1", "localhost", "[::1]"]
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Template and code changes show at once: no page cache unless PAGE_CACHE=1.
PAGE_CACHE_ENABLED = env_bool("PAGE_CACHE", False)
