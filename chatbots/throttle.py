"""Per-chat rate limits, double-send detection and say-it-once flags, kept in the database.

Each is one upsert statement on `ChatCounter`, so two web workers (or ten) count the same chat
together: the local-memory cache of the embedded defaults is per process, and Redis may be down
while the database is not. Without the database nothing is recorded anyway.
"""

import hashlib
import time

from django.db import connection

from .models import ChatCounter

MESSAGES_PER_MINUTE = 30
DUPLICATE_WINDOW_SECONDS = 10

_TABLE = connection.ops.quote_name(ChatCounter._meta.db_table)
_KEY, _COUNT, _EXPIRES = (connection.ops.quote_name(column) for column in ("key", "count", "expires_at"))
# PostgreSQL and SQLite (3.35+) both speak INSERT … ON CONFLICT … RETURNING. Only names of our own
# table and columns are formatted in; every value is a parameter.
_COUNT_SQL = (
    f"INSERT INTO {_TABLE} ({_KEY}, {_COUNT}, {_EXPIRES}) VALUES (%s, 1, %s) "  # noqa: S608
    f"ON CONFLICT ({_KEY}) DO UPDATE SET {_COUNT} = {_TABLE}.{_COUNT} + 1 RETURNING {_COUNT}"
)
# Returns a row when the mark is new or had expired (and is renewed); none while it stands.
_MARK_SQL = (
    f"INSERT INTO {_TABLE} ({_KEY}, {_COUNT}, {_EXPIRES}) VALUES (%s, 1, %s) "  # noqa: S608
    f"ON CONFLICT ({_KEY}) DO UPDATE SET {_COUNT} = 1, {_EXPIRES} = excluded.{_EXPIRES} "
    f"WHERE {_TABLE}.{_EXPIRES} <= %s RETURNING {_COUNT}"
)


def _now() -> float:
    return time.time()


def _key(prefix: str, *parts: str) -> str:
    # Chat keys come from outside (Kakao user keys): hash them into a short, safe key.
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8", "replace")).hexdigest()[:48]
    return f"{prefix}:{digest}"[:64]


def rate_row(*, chat_key: str, window_seconds: int = 60) -> tuple[str, int]:
    """The key and expiry of this chat's count in the current window (for a statement that counts too)."""
    bucket = int(_now() // window_seconds)
    return _key("rate", chat_key, str(bucket)), (bucket + 2) * window_seconds


def chat_message_count(*, chat_key: str, window_seconds: int = 60) -> int:
    """Counts this chat's messages in the current window (this one included)."""
    key, expires = rate_row(chat_key=chat_key, window_seconds=window_seconds)
    with connection.cursor() as cursor:
        cursor.execute(_COUNT_SQL, [key, expires])
        return int(cursor.fetchone()[0])


# Both of the above in one statement (one round trip, one commit): the count's row always changes,
# the mark's row only when new or expired, so a returned mark row means "not sent twice".
_COUNT_AND_MARK_SQL = (
    f"INSERT INTO {_TABLE} ({_KEY}, {_COUNT}, {_EXPIRES}) VALUES (%s, 1, %s), (%s, 1, %s) "  # noqa: S608
    f"ON CONFLICT ({_KEY}) DO UPDATE SET "
    f"{_COUNT} = CASE WHEN {_TABLE}.{_KEY} = %s THEN {_TABLE}.{_COUNT} + 1 ELSE 1 END, "
    f"{_EXPIRES} = CASE WHEN {_TABLE}.{_KEY} = %s THEN {_TABLE}.{_EXPIRES} ELSE excluded.{_EXPIRES} END "
    f"WHERE {_TABLE}.{_KEY} = %s OR {_TABLE}.{_EXPIRES} <= %s RETURNING {_KEY}, {_COUNT}"
)


def chat_message_count_and_double_send(*, chat_key: str, text: str, window_seconds: int = 60) -> tuple[int, bool]:
    """chat_message_count and is_double_send together, for a typed message: (count, sent twice)."""
    now = _now()
    bucket = int(now // window_seconds)
    rate_key = _key("rate", chat_key, str(bucket))
    mark_key = _key("dup", chat_key, text.strip())
    params = [rate_key, (bucket + 2) * window_seconds, mark_key, int(now) + DUPLICATE_WINDOW_SECONDS]
    with connection.cursor() as cursor:
        cursor.execute(_COUNT_AND_MARK_SQL, [*params, rate_key, rate_key, rate_key, int(now)])
        rows = dict(cursor.fetchall())
    return int(rows[rate_key]), mark_key not in rows


def is_over_limit(count: int, limit: int = MESSAGES_PER_MINUTE) -> bool:
    return count > limit


def first_time(*, name: str, parts: tuple[str, ...], seconds: int) -> bool:
    """True unless the same (name, parts) was marked within `seconds`; marks it."""
    now = int(_now())
    with connection.cursor() as cursor:
        cursor.execute(_MARK_SQL, [_key(name, *parts), now + seconds, now])
        return cursor.fetchone() is not None


def is_double_send(*, chat_key: str, text: str) -> bool:
    """Best-effort: the same words from the same chat within a few seconds are one message sent twice."""
    return not first_time(name="dup", parts=(chat_key, text.strip()), seconds=DUPLICATE_WINDOW_SECONDS)


def counters_prune(*, now: float | None = None) -> int:
    """Forgets counts and marks that have expired."""
    return ChatCounter.objects.filter(expires_at__lt=int(now if now is not None else _now())).delete()[0]
