"""Public newsletter views: sign-up, confirmation, unsubscribe and the Mailchimp webhook.

None of these views sets a cookie. The sign-up form is in the footer of every page; with a CSRF
token every page would set a cookie and stop being cacheable. The POST is protected differently,
see `_same_origin`.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import time
from urllib.parse import urlsplit

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import DisallowedHost
from django.db import OperationalError
from django.http import Http404, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.crypto import constant_time_compare
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt

from core.redis_cache import CacheUnavailable

from . import services, webhooks
from .forms import SignupForm
from .models import SubscriberStatus
from .tokens import (
    TokenExpired,
    TokenInvalid,
    subscriber_for_confirm_token,
    subscriber_for_unsubscribe_token,
)

logger = logging.getLogger(__name__)

RATE_LIMIT = 5
RATE_WINDOW_SECONDS = 10 * 60


def consent_text(request) -> str:
    from home.models import SiteSettings

    try:
        return SiteSettings.for_request(request).newsletter_consent_text
    except Exception:  # no site configured yet: the field's default is what the form showed
        return SiteSettings._meta.get_field("newsletter_consent_text").get_default()


def _origin_of(url: str) -> str:
    parts = urlsplit(url or "")
    return f"{parts.scheme}://{parts.netloc}".lower() if parts.scheme and parts.netloc else ""


def _allowed_origins(request) -> set[str]:
    origins = {_origin_of(getattr(settings, "SITE_BASE_URL", "") or "")}
    origins.update(_origin_of(o) for o in getattr(settings, "CSRF_TRUSTED_ORIGINS", []) or [])
    with contextlib.suppress(DisallowedHost):
        origins.add(f"{request.scheme}://{request.get_host()}".lower())
    origins.discard("")
    return origins


def _same_origin(request) -> bool:
    """Was this POST sent by a page of this site?

    Browsers add `Origin` to every cross-origin and same-origin form POST, and page scripts cannot
    forge it; browsers that omit it still send `Sec-Fetch-Site`. A request from another site
    therefore fails here. Not using Django's CSRF token is safe for this one form because the
    worst a forged or scripted sign-up can do is make us (or Mailchimp) send one confirmation mail:
    nobody is subscribed until they click the link in their own inbox (double opt-in), a pending
    address gets at most one new mail per 15 minutes, and the rate limit per client caps volume.
    """
    origin = request.headers.get("Origin")
    if origin:
        return origin.strip().lower() in _allowed_origins(request)
    return request.headers.get("Sec-Fetch-Site", "").lower() == "same-origin"


def client_address(request) -> str:
    """The client's address for rate limiting only (never stored). Behind N trusted proxies set
    NEWSLETTER_TRUSTED_PROXY_COUNT = N to read it from X-Forwarded-For."""
    proxies = int(getattr(settings, "NEWSLETTER_TRUSTED_PROXY_COUNT", 0) or 0)
    if proxies > 0:
        hops = [
            h.strip() for h in request.headers.get("X-Forwarded-For", "").split(",") if h.strip()
        ]
        if len(hops) >= proxies:
            return hops[-proxies]
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def _rate_limited(request) -> bool:
    """Over the limit for this client. With the cache down the sign-up goes through (it is
    stored before any mail; double opt-in guards the list) and the skipped check is logged."""
    digest = hashlib.sha256(client_address(request).encode()).hexdigest()[:32]
    key = f"newsletter:signup:{digest}"
    cache.add(key, 0, timeout=RATE_WINDOW_SECONDS)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=RATE_WINDOW_SECONDS)
        count = 1
    except CacheUnavailable:
        logger.warning(
            "sign-up rate limit not checked: cache unreachable",
            extra={"event": "signup_rate_unchecked"},
        )
        return False
    return count > RATE_LIMIT


def _private(response):
    """Pages behind a personal link: never cached, the token never leaks through Referer."""
    add_never_cache_headers(response)
    response["Referrer-Policy"] = "no-referrer"
    response["X-Robots-Tag"] = "noindex"
    return response


def _signup_page(request, form, status=200):
    return render(
        request,
        "newsletter/signup.html",
        {"signup_form": form, "title": "Aanmelden voor de nieuwsbrief"},
        status=status,
    )


@csrf_exempt  # protected by the Origin / Sec-Fetch-Site check instead: see _same_origin.
def signup(request):
    if request.method in ("GET", "HEAD"):
        return _signup_page(request, SignupForm(form_id="page"))
    if request.method != "POST":
        return HttpResponseNotAllowed(["GET", "POST"])
    if not _same_origin(request):
        return render(request, "newsletter/forbidden.html", {"title": "Niet verstuurd"}, status=403)
    if _rate_limited(request):
        response = render(
            request, "newsletter/too_many.html", {"title": "Even wachten"}, status=429
        )
        response["Retry-After"] = str(RATE_WINDOW_SECONDS)
        return response
    form = SignupForm(request.POST, form_id="page")
    if form.is_bot:
        return redirect("newsletter:signup_done")
    if not form.is_valid():
        return _signup_page(request, form, status=400)
    for attempt in range(2):
        try:
            services.sign_up(
                form.cleaned_data["email"],
                form.cleaned_data["first_name"],
                consent_text=consent_text(request),
                source=form.cleaned_data["source"],
            )
            break
        except OperationalError:
            # The database stayed locked (SQLite under load): the transaction was rolled back,
            # so nothing is half-stored. Try once more, then ask the visitor to try again.
            logger.warning("Sign-up hit a locked database (attempt %s)", attempt + 1)
            if attempt:
                return busy_page(request)
            time.sleep(0.5)
    return redirect(reverse("newsletter:signup_done"), permanent=False)


def busy_page(request):
    response = render(request, "newsletter/busy.html", {"title": "Even druk"}, status=503)
    response["Retry-After"] = "60"
    add_never_cache_headers(response)
    return response


def signup_done(request):
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET"])
    return render(request, "newsletter/signup_done.html", {"title": "Kijk in je mailbox"})


def _token_error(request, kind: str, expired: bool):
    response = render(
        request,
        "newsletter/link_invalid.html",
        {"title": "Deze link werkt niet", "kind": kind, "expired": expired},
        status=410 if expired else 404,
    )
    return _private(response)


@csrf_exempt  # the signed token in the URL is the only capability needed; a GET changes nothing.
def confirm(request, token):
    if request.method not in ("GET", "HEAD", "POST"):
        return HttpResponseNotAllowed(["GET", "POST"])
    try:
        subscriber = subscriber_for_confirm_token(token)
    except TokenExpired:
        return _token_error(request, "confirm", expired=True)
    except TokenInvalid:
        return _token_error(request, "confirm", expired=False)
    if subscriber.status in (SubscriberStatus.UNSUBSCRIBED, SubscriberStatus.CLEANED):
        # Unsubscribed after asking for this link: an old link must not sign them up again.
        return _token_error(request, "confirm", expired=True)
    if request.method == "POST":
        services.confirm(subscriber)
        return _private(
            render(request, "newsletter/confirmed.html", {"title": "Aanmelding bevestigd"})
        )
    return _private(
        render(
            request,
            "newsletter/confirm.html",
            {"title": "Bevestig je aanmelding", "subscriber": subscriber, "token": token},
        )
    )


@csrf_exempt  # the signed token is the capability; mail clients POST here (RFC 8058 one-click).
def unsubscribe(request, token):
    if request.method not in ("GET", "HEAD", "POST"):
        return HttpResponseNotAllowed(["GET", "POST"])
    try:
        subscriber = subscriber_for_unsubscribe_token(token)
    except (TokenExpired, TokenInvalid):
        return _token_error(request, "unsubscribe", expired=False)
    if request.method == "POST":
        services.unsubscribe(subscriber)
        if request.POST.get("List-Unsubscribe") == "One-Click":
            return _private(HttpResponse("Afgemeld.\n", content_type="text/plain; charset=utf-8"))
        return _private(
            render(request, "newsletter/unsubscribed.html", {"title": "Je bent afgemeld"})
        )
    return _private(
        render(
            request,
            "newsletter/unsubscribe.html",
            {"title": "Afmelden voor de nieuwsbrief", "subscriber": subscriber, "token": token},
        )
    )


@csrf_exempt  # called by Mailchimp; authenticated by the secret in the URL.
@never_cache
def webhook(request, secret):
    expected = getattr(settings, "MAILCHIMP_WEBHOOK_SECRET", None) or ""
    if not expected or not constant_time_compare(secret, expected):
        raise Http404
    if request.method in ("GET", "HEAD"):
        return HttpResponse("ok\n", content_type="text/plain")
    if request.method != "POST":
        return HttpResponseNotAllowed(["GET", "POST"])
    try:
        data = request.POST
        result = webhooks.handle(data)
    except webhooks.WebhookError as exc:
        return HttpResponse(f"{exc}\n", status=400, content_type="text/plain")
    except Exception as exc:  # a malformed body the request parser rejects (multipart, size)
        if isinstance(exc, webhooks.PARSER_ERRORS):
            return HttpResponse("Malformed body\n", status=400, content_type="text/plain")
        raise
    return HttpResponse(f"{result}\n", content_type="text/plain")
