"""Settings for the test suite: SQLite in memory unless DATABASE_URL points at PostgreSQL.

Only DATABASE_URL is taken from the environment (CI runs on PostgreSQL). Mail, cache and
Mailchimp are fixed to local stand-ins on purpose, so a developer's shell can never make the
suite send real mail or call a real audience; tests that need them point at local servers."""

import os

from .base import *  # noqa: F403
from .base import DATABASES, STORAGES

if not os.environ.get("DATABASE_URL", "").strip():
    DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}}
else:
    DATABASES["default"]["CONN_MAX_AGE"] = 0

SECRET_KEY = "test-only-secret-key-not-for-production"  # noqa: S105
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CACHES = {
    alias: {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": alias}
    for alias in ("default", "pages")
}
SESSION_ENGINE = "django.contrib.sessions.backends.db"
# The page cache is off except in the tests about it; every purge is also recorded.
PAGE_CACHE_ENABLED = False
FRONTEND_CACHE_URL = None
WAGTAILFRONTENDCACHE = {
    "pages": {"BACKEND": "core.page_cache.PageCachePurger"},
    "recorder": {"BACKEND": "tests.support.frontend_cache.RecordingPurger"},
}
TASKS = {
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
    "database": {"BACKEND": "django_tasks_db.DatabaseBackend"},
}
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MAILCHIMP_API_KEY = None
MAILCHIMP_AUDIENCE_ID = None
MAILCHIMP_API_URL = None
MAILCHIMP_WEBHOOK_SECRET = "test-webhook-secret"  # noqa: S105
WAGTAILADMIN_BASE_URL = "http://testserver"
SITE_BASE_URL = WAGTAILADMIN_BASE_URL
MEDIA_ROOT = BASE_DIR / "var" / "test-media"  # noqa: F405
