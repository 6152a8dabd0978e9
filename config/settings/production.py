"""Production: everything from the environment; refuses to start without the secrets it needs."""

import sys

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .env import env, env_bool

REQUIRED = ("SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL")
missing = [name for name in REQUIRED if not env(name)]
if missing:
    message = (
        f"Production settings refuse to start: environment variable {missing[0]} is not set"
        + (f" (also missing: {', '.join(missing[1:])})" if len(missing) > 1 else "")
        + "."
    )
    print(message, file=sys.stderr)
    raise ImproperlyConfigured(message)

DEBUG = False
PRODUCTION = True
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Load balancers probe the health check over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = 31_536_000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
# Cookies only over HTTPS; SECURE_COOKIES=0 only where the site is served over plain HTTP on
# loopback (make cluster).
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
