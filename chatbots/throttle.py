"""Per-chat rate limits, double-send detection and say-it-once flags, kept in the cache.

All of these are conveniences: when the cache is down they let the message through, because
losing a member's message is worse than answering a fast typist twice.
"""

import hashlib
import logging
import time

from django.core.cache import cache

logger = logging.getLogger(__name__)

MESSAGES_PER_MINUTE = 30
DUPLICATE_WINDOW_SECONDS = 10


def _now() -> float:
    return time.time()


def _key(prefix: str, *parts: str) -> str:
    # Chat keys come from outside (Kakao user keys): hash them into a safe, short cache key.
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8", "replace")).hexdigest()[:40]
    return f"chat:{prefix}:{digest}"


def chat_message_count(*, chat_key: str, window_seconds: int = 60) -> int:
    """Counts this chat's messages in the current window; 0 when the cache cannot tell."""
    bucket = str(int(_now() // window_seconds))
    key = _key("rate", chat_key, bucket)
    try:
        cache.add(key, 0, window_seconds * 2)
        count = cache.incr(key)
    except Exception:
        logger.warning("rate limit cache unavailable", exc_info=True)
        return 0
    return count if isinstance(count, int) else 0


def is_over_limit(count: int, limit: int = MESSAGES_PER_MINUTE) -> bool:
    return count > limit


def first_time(*, name: str, parts: tuple[str, ...], seconds: int) -> bool:
    """True unless the same (name, parts) was seen within `seconds`; True when the cache is down."""
    try:
        added = cache.add(_key(name, *parts), 1, seconds)
    except Exception:
        logger.warning("cache unavailable for %s", name, exc_info=True)
        return True
    return added is not False


def is_double_send(*, chat_key: str, text: str) -> bool:
    """Best-effort: the same words from the same chat within a few seconds are one message sent twice."""
    return not first_time(name="dup", parts=(chat_key, text.strip()), seconds=DUPLICATE_WINDOW_SECONDS)
