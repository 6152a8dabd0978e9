"""Settings shared by every environment. Safe by default: DEBUG is off here."""

from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from .env import email_config, env, env_bool, env_list

BASE_DIR = Path(__file__).resolve().parent.parent.parent

DEBUG = False
# True only in config.settings.production: guards commands that must not run there.
PRODUCTION = False
SECRET_KEY = env("SECRET_KEY")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "core",
    "home",
    "themes",
    "news",
    "guides",
    "newsletter",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.search_promotions",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail.api.v2",
    "wagtail",
    "modelcluster",
    "taggit",
    "rest_framework",
    "django_tasks",
    "django_tasks_db",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
]

# The page cache answers a hit before sessions, CSRF, authentication or routing do any work;
# CacheHeadersMiddleware sits outside the session middleware so it sees the cookies it sets.
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "home.middleware.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "core.page_cache.PageCacheMiddleware",
    "core.cache_headers.CacheHeadersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "config.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

WSGI_APPLICATION = "config.wsgi.application"

# Database: DATABASE_URL when given (PostgreSQL in production and CI), else a local SQLite file.
DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=60,
        # A connection the server dropped is noticed and replaced before a request uses it.
        conn_health_checks=True,
    )
}
# With the database unreachable pages answer 503 with this Retry-After (home.views.server_error).
RETRY_AFTER_SECONDS = 30
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
IS_POSTGRES = DATABASES["default"]["ENGINE"].endswith("postgresql")
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # Parallel writers wait for the write lock (taken at BEGIN) instead of failing with
    # "database is locked"; WAL lets readers carry on while one request writes.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL",
    }

# Caches: Redis when REDIS_URL is given (shared by every app server and the worker), else memory
# per process. "pages" holds the page cache (core.page_cache), "default" everything else.
REDIS_URL = env("REDIS_URL")
if REDIS_URL:
    CACHES = {
        alias: {
            # Django's RedisCache, but a Redis that is down means no cache, not a 500.
            "BACKEND": "core.redis_cache.FailSoftRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": f"twentsekoers-{alias}",
            "OPTIONS": {
                "socket_connect_timeout": float(env("REDIS_TIMEOUT", "0.5")),
                "socket_timeout": float(env("REDIS_TIMEOUT", "0.5")),
            },
        }
        for alias in ("default", "pages")
    }
    # Sessions in the database with Redis in front: shared by every app server, and a Redis that
    # restarts empty logs nobody out.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {
        alias: {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": alias}
        for alias in ("default", "pages")
    }

# HTTP caching (core.cache_headers): browsers keep public pages CACHE_MAX_AGE seconds, shared
# caches (Varnish, a CDN, the page cache) CACHE_S_MAXAGE seconds, since publishing purges them.
CACHE_MAX_AGE = int(env("CACHE_MAX_AGE", "60"))
CACHE_S_MAXAGE = int(env("CACHE_S_MAXAGE", "86400"))
PAGE_CACHE_ENABLED = env_bool("PAGE_CACHE", True)
# Without Redis each process has its own page cache, which a purge from the worker cannot reach.
PAGE_CACHE_LOCAL_TIMEOUT = 60
PAGE_CACHE_SKIP_PREFIXES = ("/admin/", "/healthz")
# Purging (core.purging): the app's page cache first, then Varnish or a CDN at FRONTEND_CACHE_URL.
FRONTEND_CACHE_URL = env("FRONTEND_CACHE_URL")
WAGTAILFRONTENDCACHE = {"pages": {"BACKEND": "core.page_cache.PageCachePurger"}}
if FRONTEND_CACHE_URL:
    WAGTAILFRONTENDCACHE["varnish"] = {
        "BACKEND": "core.varnish.VarnishPurger",
        "LOCATION": FRONTEND_CACHE_URL,
    }
# Listings every page change purges, and a page's own entries elsewhere ({id}: its id).
PURGE_SITE_PATHS = ["/sitemap.xml", "/zoeken/", "/api/v2/pages/"]
PURGE_PAGE_PATHS = ["/api/v2/pages/{id}/"]
PURGE_SEARCH_PATHS = ["/zoeken/"]

# E-mail: EMAIL_URL when given (smtp://...), else printed to the console.
vars().update(email_config(env("EMAIL_URL", "console://")))
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "Twentse Koers <nieuwsbrief@twentsekoers.nl>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Background work: django-tasks with the database backend (no broker needed); `manage.py run_worker`.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# Mailchimp: on when both the key (format key-dc) and the audience are set.
MAILCHIMP_API_KEY = env("MAILCHIMP_API_KEY")
MAILCHIMP_AUDIENCE_ID = env("MAILCHIMP_AUDIENCE_ID")
MAILCHIMP_API_URL = env("MAILCHIMP_API_URL")
MAILCHIMP_WEBHOOK_SECRET = env("MAILCHIMP_WEBHOOK_SECRET")
MAILCHIMP_TIMEOUT = float(env("MAILCHIMP_TIMEOUT", "10"))
# Newsletter sign-ups: seconds between periodic syncs with Mailchimp (newsletter.tasks.maintenance),
# and how many reverse proxies add X-Forwarded-For (the sign-up rate limit reads the client from it).
NEWSLETTER_SYNC_INTERVAL = int(env("NEWSLETTER_SYNC_INTERVAL", "900"))
NEWSLETTER_TRUSTED_PROXY_COUNT = int(env("NEWSLETTER_TRUSTED_PROXY_COUNT", "0"))

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Nederlands"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "var" / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(BASE_DIR / "var" / "media")))
# Uploaded media are served by a web server or object storage in production; SERVE_MEDIA=1 lets
# Django serve them itself (the loopback cluster, behind Varnish).
SERVE_MEDIA = env_bool("SERVE_MEDIA", False)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Media on object storage (S3 or compatible, django-storages) when MEDIA_BUCKET is set, so no app
# server keeps uploads of its own; credentials come from boto3's own AWS_* variables. Else
# MEDIA_ROOT, on a volume every app server mounts. MEDIA_ORIGIN joins img-src and media-src in the
# Content-Security-Policy (home.middleware).
MEDIA_BUCKET = env("MEDIA_BUCKET")
MEDIA_ORIGIN = None
if MEDIA_BUCKET:
    media_endpoint = env("MEDIA_ENDPOINT_URL")
    media_domain = env("MEDIA_DOMAIN")
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": MEDIA_BUCKET,
            "endpoint_url": media_endpoint,
            "region_name": env("MEDIA_REGION"),
            "custom_domain": media_domain,
            "querystring_auth": False,
            "file_overwrite": False,
            "default_acl": None,
        },
    }
    if media_domain:
        MEDIA_ORIGIN = f"https://{media_domain}"
    elif media_endpoint:
        MEDIA_ORIGIN = media_endpoint.rstrip("/")
    else:
        MEDIA_ORIGIN = f"https://{MEDIA_BUCKET}.s3.amazonaws.com"

# Uploads: images up to 10 MB and 40 megapixels, documents up to 20 MB, no SVG (scriptable).
# Large StreamFields post more than Django's default 1,000 form fields.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 40_000_000
WAGTAILDOCS_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "xlsx", "pptx", "odt", "ods", "csv", "txt"]
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILIMAGES_IMAGE_MODEL = "home.SiteImage"

# Security.
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# For browsers without CSP: nothing may be framed. Modern browsers follow the CSP frame-ancestors
# 'self' (home.middleware), so the admin can frame previews; Wagtail's preview views say SAMEORIGIN.
X_FRAME_OPTIONS = "DENY"
SECURITY_TXT_CONTACT = env("SECURITY_TXT_CONTACT", "mailto:security@twentsekoers.nl")
SECURITY_TXT_EXPIRES_DAYS = int(env("SECURITY_TXT_EXPIRES_DAYS", "180"))

# Wagtail.
WAGTAIL_SITE_NAME = "Twentse Koers"
WAGTAILADMIN_BASE_URL = env("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAIL_I18N_ENABLED = False
WAGTAILADMIN_PERMITTED_LANGUAGES = [("nl", "Nederlands"), ("en", "English")]
WAGTAIL_WORKFLOW_REQUIRE_REAPPROVAL_ON_EDIT = True
# No third-party requests from the admin either: no Gravatar avatars, no release check.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAILEMBEDS_RESPONSIVE_HTML = True
WAGTAILAPI_BASE_URL = WAGTAILADMIN_BASE_URL
WAGTAILAPI_LIMIT_MAX = 50
WAGTAILSEARCH_BACKENDS = {
    "default": {
        "BACKEND": "wagtail.search.backends.database",
        **({"SEARCH_CONFIG": "dutch"} if IS_POSTGRES else {}),
    }
}
REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {"django.request": {"level": "ERROR"}},
}

SITE_BASE_URL = WAGTAILADMIN_BASE_URL
