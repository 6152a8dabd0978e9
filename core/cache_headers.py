"""Cache-Control for every answer, so browsers, Varnish (or a CDN) and the app's page cache know
what they may keep.

- A GET or HEAD by a visitor without a session, answered 200: ``public, max-age=CACHE_MAX_AGE,
  s-maxage=CACHE_S_MAXAGE``. Shared caches keep it long because publishing purges it
  (``core.purging``); browsers keep it briefly because nothing can purge a browser.
- Other answers to such a visitor (redirects, 404): ``public, max-age=CACHE_MAX_AGE``, kept
  briefly everywhere.
- Everything else is ``private`` and never stored: POSTs, anyone with a session (editors, after a
  page password), answers that set a cookie, server errors. Answers whose view already chose
  (Wagtail's restricted pages and previews, the admin, links with a personal token) keep their own.

Public answers vary on nothing: Django's ``Vary: Cookie`` is removed from them, since a visitor
with a session never gets a stored answer (the page cache and Varnish both pass such requests)."""

from django.conf import settings
from django.utils.cache import add_never_cache_headers, cc_delim_re, patch_cache_control


def without_vary_cookie(response):
    if not response.has_header("Vary"):
        return
    kept = [item for item in cc_delim_re.split(response["Vary"]) if item.lower() != "cookie"]
    if kept:
        response["Vary"] = ", ".join(kept)
    else:
        del response["Vary"]


def apply_policy(request, response):
    if request.method not in ("GET", "HEAD"):
        add_never_cache_headers(response)
    elif response.has_header("Cache-Control"):
        return
    elif (
        settings.SESSION_COOKIE_NAME in request.COOKIES
        or response.cookies
        or response.status_code >= 500
    ):
        add_never_cache_headers(response)
    elif response.status_code == 200:
        patch_cache_control(
            response,
            public=True,
            max_age=settings.CACHE_MAX_AGE,
            s_maxage=settings.CACHE_S_MAXAGE,
        )
        without_vary_cookie(response)
    else:
        patch_cache_control(response, public=True, max_age=settings.CACHE_MAX_AGE)
        without_vary_cookie(response)


class CacheHeadersMiddleware:
    """Applies ``apply_policy`` to every answer; sits outside the session middleware so it sees
    the cookies and the ``Vary`` header that middleware adds."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        apply_policy(request, response)
        return response
