"""Signed links for confirming and ending a subscription.

A token carries the subscriber's id and a short keyed hash of the address, so it stops working
when the address changes or the subscriber is erased. Confirmation tokens expire after seven days;
unsubscribe tokens do not (a link in a mail from last year must still work).
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils.crypto import constant_time_compare, salted_hmac

CONFIRM_MAX_AGE = timedelta(days=7)
_CONFIRM_SALT = "newsletter.confirm"
_UNSUBSCRIBE_SALT = "newsletter.unsubscribe"


class TokenExpired(Exception):
    pass


class TokenInvalid(Exception):
    pass


def _address_tag(email: str) -> str:
    return salted_hmac("newsletter.token-address", email.lower()).hexdigest()[:12]


def _make(subscriber, salt: str) -> str:
    return signing.dumps([subscriber.pk, _address_tag(subscriber.email)], salt=salt, compress=False)


def _read(token: str, salt: str, max_age=None):
    """Return (subscriber id, address tag) or raise TokenExpired / TokenInvalid."""
    if not token or len(token) > 200:
        raise TokenInvalid
    try:
        value = signing.loads(token, salt=salt, max_age=max_age)
    except signing.SignatureExpired as exc:
        raise TokenExpired from exc
    except signing.BadSignature as exc:
        raise TokenInvalid from exc
    if not (
        isinstance(value, list)
        and len(value) == 2
        and isinstance(value[0], int)
        and isinstance(value[1], str)
    ):
        raise TokenInvalid
    return value[0], value[1]


def _resolve(token: str, salt: str, max_age=None):
    from .models import Subscriber

    pk, tag = _read(token, salt, max_age)
    subscriber = Subscriber.objects.filter(pk=pk).first()
    if subscriber is None or not constant_time_compare(tag, _address_tag(subscriber.email)):
        raise TokenInvalid
    return subscriber


def confirm_token(subscriber) -> str:
    return _make(subscriber, _CONFIRM_SALT)


def unsubscribe_token(subscriber) -> str:
    return _make(subscriber, _UNSUBSCRIBE_SALT)


def subscriber_for_confirm_token(token: str):
    return _resolve(token, _CONFIRM_SALT, max_age=CONFIRM_MAX_AGE)


def subscriber_for_unsubscribe_token(token: str):
    return _resolve(token, _UNSUBSCRIBE_SALT)


def absolute_url(path: str) -> str:
    return settings.SITE_BASE_URL.rstrip("/") + path


def confirm_url(subscriber) -> str:
    """Absolute link to the confirmation page (local backend)."""
    return absolute_url(reverse("newsletter:confirm", args=[confirm_token(subscriber)]))


def unsubscribe_url(subscriber) -> str:
    """Absolute, non-expiring unsubscribe link for `subscriber`: use it in every mail and in the
    List-Unsubscribe header (the page also accepts RFC 8058 one-click POSTs)."""
    return absolute_url(reverse("newsletter:unsubscribe", args=[unsubscribe_token(subscriber)]))
