"""Django's Redis cache, failing soft: with Redis unreachable the site renders without a cache
instead of answering 500 (issue 10, "degrade, don't fail").

Reads answer "not cached", writes and deletes are skipped, and one warning per
``WARN_EVERY_SECONDS`` tells the operator (with the error) that the cache is down. redis-py
reconnects by itself on the next command, so a Redis that comes back is used again without a
restart. ``incr`` is the exception: a counter that silently reads as nothing would make a limit
meaningless, so it raises ``CacheUnavailable`` and the caller decides (the sign-up rate limit
lets the sign-up through and logs it; double opt-in still guards the list).

Settings give the connection short timeouts (``OPTIONS`` in ``config.settings.base``), so an
unreachable host costs a fraction of a second per cache call, not the default of minutes."""

import logging
import threading
import time

from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

UNREACHABLE = (RedisConnectionError, RedisTimeoutError, OSError)
WARN_EVERY_SECONDS = 10


class CacheUnavailable(Exception):
    """The cache could not be reached for an operation that cannot fail soft (``incr``)."""


class FailSoftRedisCache(RedisCache):
    """``django.core.cache.backends.redis.RedisCache`` that degrades to no cache when Redis is
    unreachable."""

    _warned_at = 0.0
    _warn_lock = threading.Lock()

    def _unreachable(self, operation, error):
        now = time.monotonic()
        with self._warn_lock:
            if now - FailSoftRedisCache._warned_at < WARN_EVERY_SECONDS:
                return
            FailSoftRedisCache._warned_at = now
        logger.warning(
            "cache unreachable, serving without it",
            extra={"event": "cache_unreachable", "operation": operation, "error": str(error)},
        )

    def get(self, key, default=None, version=None):
        try:
            return super().get(key, default, version)
        except UNREACHABLE as error:
            self._unreachable("get", error)
            return default

    def get_many(self, keys, version=None):
        try:
            return super().get_many(keys, version)
        except UNREACHABLE as error:
            self._unreachable("get_many", error)
            return {}

    def has_key(self, key, version=None):
        try:
            return super().has_key(key, version)
        except UNREACHABLE as error:
            self._unreachable("has_key", error)
            return False

    def add(self, key, value, timeout=None, version=None):
        try:
            return super().add(key, value, timeout, version)
        except UNREACHABLE as error:
            self._unreachable("add", error)
            return False

    def set(self, key, value, timeout=None, version=None):
        try:
            return super().set(key, value, timeout, version)
        except UNREACHABLE as error:
            self._unreachable("set", error)
            return None

    def set_many(self, data, timeout=None, version=None):
        try:
            return super().set_many(data, timeout, version)
        except UNREACHABLE as error:
            self._unreachable("set_many", error)
            return list(data)

    def touch(self, key, timeout=None, version=None):
        try:
            return super().touch(key, timeout, version)
        except UNREACHABLE as error:
            self._unreachable("touch", error)
            return False

    def delete(self, key, version=None):
        try:
            return super().delete(key, version)
        except UNREACHABLE as error:
            self._unreachable("delete", error)
            return False

    def delete_many(self, keys, version=None):
        try:
            return super().delete_many(keys, version)
        except UNREACHABLE as error:
            self._unreachable("delete_many", error)
            return None

    def clear(self):
        try:
            return super().clear()
        except UNREACHABLE as error:
            self._unreachable("clear", error)
            return False

    def incr(self, key, delta=1, version=None):
        try:
            return super().incr(key, delta, version)
        except UNREACHABLE as error:
            self._unreachable("incr", error)
            raise CacheUnavailable(str(error)) from error
