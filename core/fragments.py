"""What many pages show around their own content (the main menu, breadcrumbs, site settings, the
footer's owners, the key figures and the catalogue of theme lines and filters), built once and
kept in the cache until the content changes.

One mechanism for all of them: every entry's key carries the current *content generation*. Any
content change (a page published, moved or deleted, a snippet, setting, image or view restriction
saved) starts a new generation, now and again once the change is committed (see
``core.purging``), so the next request builds each entry anew and old entries expire unread.
The generation is read from the cache once per request and remembered for the rest of it.

The cache is an aid, never a dependency: when it cannot be reached, entries are built from the
database on every call."""

import logging
import uuid
from contextvars import ContextVar
from hashlib import md5

from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.db import transaction

logger = logging.getLogger(__name__)

GENERATION_KEY = "fragments:generation"
KEY = "fragments:{generation}:{name}"
TIMEOUT = 60 * 60
MAX_NAME = 120

_request_memo: ContextVar[dict | None] = ContextVar("fragments_request_memo", default=None)


def _start_request(**kwargs):
    _request_memo.set({})


def _end_request(**kwargs):
    _request_memo.set(None)


request_started.connect(_start_request, dispatch_uid="core-fragments-request-started")
request_finished.connect(_end_request, dispatch_uid="core-fragments-request-finished")


def generation():
    """The current content generation (a new one is made when none is stored)."""
    memo = _request_memo.get()
    if memo is not None and GENERATION_KEY in memo:
        return memo[GENERATION_KEY]
    value = cache.get_or_set(GENERATION_KEY, lambda: uuid.uuid4().hex, None)
    if memo is not None:
        memo[GENERATION_KEY] = value
    return value


def cached(name, build, timeout=TIMEOUT, if_true=False):
    """``build()`` for this content generation: from this request's memory, the cache, or built
    (and cached). ``name`` says what it is and for which site or page; long names (from request
    paths) are hashed. With ``if_true`` an empty result is not kept (a 404 path from a scanner
    costs no cache entry)."""
    memo = _request_memo.get()
    if memo is not None and name in memo:
        return memo[name]
    short = name if len(name) <= MAX_NAME else md5(name.encode(), usedforsecurity=False).hexdigest()
    try:
        key = KEY.format(generation=generation(), name=short)
        value = cache.get(key)
        reachable = True
    except Exception:  # the cache is unreachable: build from the database
        logger.warning("fragment cache unavailable; building %s from the database", name)
        value, reachable = None, False
    if value is None:
        value = build()
        if reachable and (value or not if_true):
            try:
                cache.set(key, value, timeout)
            except Exception:
                logger.warning("fragment cache unavailable; %s not kept", name)
    if memo is not None:
        memo[name] = value
    return value


def _new_generation():
    try:
        cache.set(GENERATION_KEY, uuid.uuid4().hex, None)
    except Exception:
        logger.exception("could not start a new fragment generation")
    memo = _request_memo.get()
    if memo is not None:
        memo.clear()


def content_changed():
    """Start a new generation now, and again once the change is committed, so a request that read
    the content just before the commit cannot keep the old version cached."""
    _new_generation()
    transaction.on_commit(_new_generation)
