"""A circuit breaker for Redis, which is both our cache and our broker, seen from inside a request.

A refused connection fails at once, but a Redis that hangs (overloaded, paused, a partition) costs
every call its socket timeout, and a request makes several. Chat platforms do not wait: Kakao gives
a skill 5 seconds. After one failure this process stops calling for a few seconds and takes the
fallback at once (a cache miss, a task left to the periodic sweep); the first call after the rest
tries again.
"""

import logging
import threading
import time

from django_redis.cache import RedisCache
from django_redis.exceptions import ConnectionInterrupted

logger = logging.getLogger(__name__)


class Breaker:
    def __init__(self, name: str, rest_seconds: float):
        self.name, self.rest_seconds = name, rest_seconds
        self._until = 0.0
        self._lock = threading.Lock()

    def resting(self) -> bool:
        return time.monotonic() < self._until

    def trip(self) -> None:
        with self._lock:
            first = not self.resting()
            self._until = time.monotonic() + self.rest_seconds
        if first:
            logger.warning("%s unavailable; not calling it for %.0f s", self.name, self.rest_seconds)

    def reset(self) -> None:
        with self._lock:
            self._until = 0.0


broker = Breaker("broker", rest_seconds=20)
cache = Breaker("cache", rest_seconds=10)


class _GuardedClient:
    """django-redis's client, each call refused at once while the cache breaker rests."""

    def __init__(self, client):
        self._client = client

    def __getattr__(self, name: str):
        attribute = getattr(self._client, name)
        if not callable(attribute):
            return attribute

        def call(*args, **kwargs):
            if cache.resting():
                raise ConnectionInterrupted(connection=None)
            try:
                return attribute(*args, **kwargs)
            except ConnectionInterrupted:
                cache.trip()
                raise

        return call


class BreakerRedisCache(RedisCache):
    """django-redis with IGNORE_EXCEPTIONS semantics (a miss, a dropped write) that also stops
    waiting on a Redis that hangs: see the module docstring."""

    @property
    def client(self):
        return _GuardedClient(super().client)
