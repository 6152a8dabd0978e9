"""Security headers for every response.

The public site runs under a strict Content-Security-Policy: no inline script or style anywhere,
everything served by the site itself. The Wagtail admin (7.4) still renders inline <script>
elements (date/time pickers used by scheduled publishing, inline panels) and inline style
attributes (StreamField, choosers), so responses under the admin's URL prefix get the same policy
with 'unsafe-inline' for scripts and styles only. The admin is reachable only after login and
never serves visitor content outside its preview frame; 'unsafe-eval' is allowed nowhere."""

from django.conf import settings
from django.urls import reverse

MEDIA_SOURCES = ["'self'", *([settings.MEDIA_ORIGIN] if settings.MEDIA_ORIGIN else [])]
PUBLIC_POLICY = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": MEDIA_SOURCES,
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "media-src": MEDIA_SOURCES,
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'self'"],
    "frame-src": ["'self'"],
    "manifest-src": ["'self'"],
}
ADMIN_POLICY = {
    **PUBLIC_POLICY,
    "script-src": ["'self'", "'unsafe-inline'"],
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": [*MEDIA_SOURCES, "data:", "blob:"],
}


def serialise(policy):
    return "; ".join(f"{directive} {' '.join(sources)}" for directive, sources in policy.items())


CONTENT_SECURITY_POLICY = serialise(PUBLIC_POLICY)
ADMIN_CONTENT_SECURITY_POLICY = serialise(ADMIN_POLICY)
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"


class SecurityHeadersMiddleware:
    """Adds the Content-Security-Policy and the headers Django's SecurityMiddleware does not set."""

    def __init__(self, get_response):
        self.get_response = get_response
        self._admin_prefix = None

    @property
    def admin_prefix(self):
        if self._admin_prefix is None:
            self._admin_prefix = reverse("wagtailadmin_home")
        return self._admin_prefix

    def __call__(self, request):
        response = self.get_response(request)
        policy = (
            ADMIN_CONTENT_SECURITY_POLICY
            if request.path.startswith(self.admin_prefix)
            else CONTENT_SECURITY_POLICY
        )
        response.headers.setdefault("Content-Security-Policy", policy)
        response.headers.setdefault("Referrer-Policy", settings.SECURE_REFERRER_POLICY)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response
