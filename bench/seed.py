"""Benchmark data: households, members and categories through the ORM; millions of entries in one SQL statement.

Full size: 2,000 households with two members each and 2,000,000 entries over the last two years; one
busy household holds 20,000 of them with one month much busier than the others (the stats figure).
Needs Django set up against the benchmark database.
"""

import datetime as dt
import secrets
import string
import time
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.utils import timezone

from households.defaults import default_categories
from households.models import Category, Household, Membership, User

BUSY_ENTRIES = 20_000
BUSY_MONTH_EXTRA = 3_000  # entries pushed into the busy household's last full month
MEMOS = (
    "점심 김밥",
    "스타벅스 라떼",
    "지하철",
    "주유 GS칼텍스",
    "관리비",
    "다이소 생활용품",
    "무신사 티셔츠",
    "미용실 커트",
    "약국",
    "메가박스 영화",
    "제주 숙소",
    "학원비",
    "기저귀",
    "사료",
    "축의금",
    "실비보험",
    "기타 지출",
    "월급",
    "중고거래 판매",
    "예금 이자",
    "환급",
)


@dataclass
class Seeded:
    households: int
    entries: int
    busy_household_id: int
    busy_owner_id: int
    busy_month: dt.date  # the first day of the calendar month with the most entries
    busy_month_entries: int
    typical_owner_ids: list[int]  # owners of ordinary households, for the load clients
    seconds: float


def _entry_indexes() -> list[tuple[str, str]]:
    """Secondary indexes of the entry table that are not constraints: dropped during the load, rebuilt after."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT i.indexname, i.indexdef FROM pg_indexes i
            WHERE i.tablename = 'expenses_entry'
              AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)
            """
        )
        return cursor.fetchall()


def _check_entry_columns(known: set[str]) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT column_name FROM information_schema.columns
            WHERE table_name = 'expenses_entry' AND is_nullable = 'NO' AND column_default IS NULL
            """
        )
        missing = {row[0] for row in cursor.fetchall()} - known - {"id"}
    if missing:
        raise RuntimeError(f"bench/seed.py does not fill the new required entry columns {sorted(missing)}")


def seed(*, households: int, entries: int, today: dt.date) -> Seeded:
    started = time.monotonic()
    password = make_password("bench-password-1234")
    categories = default_categories()
    with transaction.atomic():
        homes = Household.objects.bulk_create(
            [Household(name=f"벤치가구{i}", llm_enabled=True) for i in range(households)], batch_size=2000
        )
        users = User.objects.bulk_create(
            [
                User(email=f"bench{i}-{who}@example.com", display_name=f"{who}{i}", password=password)
                for i in range(households)
                for who in ("가", "나")
            ],
            batch_size=2000,
        )
        Membership.objects.bulk_create(
            [
                Membership(household=home, user=users[2 * i + j], role=role, display_name=users[2 * i + j].display_name)
                for i, home in enumerate(homes)
                for j, role in enumerate(("owner", "member"))
            ],
            batch_size=2000,
        )
        Category.objects.bulk_create(
            [
                Category(household=home, slug=c["slug"], name=c["name"], kind=c["kind"], is_default=True, position=p)
                for home in homes
                for p, c in enumerate(categories)
            ],
            batch_size=5000,
        )
    busy = homes[0]
    typical = max(1, (entries - BUSY_ENTRIES) // max(1, households - 1))
    remainder = max(0, entries - BUSY_ENTRIES - typical * (households - 1))
    expense_positions = [p for p, c in enumerate(categories) if c["kind"] == "expense"]
    income_positions = [p for p, c in enumerate(categories) if c["kind"] == "income"]
    month_start = today.replace(day=1)
    busy_month = (month_start - dt.timedelta(days=1)).replace(day=1)
    columns = {
        "household_id",
        "kind",
        "amount_krw",
        "spent_on",
        "category_id",
        "memo",
        "entered_by_id",
        "paid_by_id",
        "channel",
        "category_source",
        "category_confidence",
        "category_state",
        "created_at",
        "updated_at",
    }
    _check_entry_columns(columns)
    indexes = _entry_indexes()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL synchronous_commit = off")
        cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
        for name, _ in indexes:
            cursor.execute(f'DROP INDEX "{name}"')
        cursor.execute(
            """
            CREATE TEMP TABLE bench_home ON COMMIT DROP AS
            SELECT h.id AS household_id,
                   CASE WHEN h.id = %(busy)s THEN %(busy_n)s
                        ELSE %(typical)s
                             + CASE WHEN row_number() OVER (ORDER BY h.id) <= %(remainder)s + 1 THEN 1 ELSE 0 END
                   END AS n,
                   (SELECT min(m.id) FROM households_membership m WHERE m.household_id = h.id) AS m1,
                   (SELECT max(m.id) FROM households_membership m WHERE m.household_id = h.id) AS m2
            FROM households_household h WHERE h.id BETWEEN %(first)s AND %(last)s;
            CREATE TEMP TABLE bench_category ON COMMIT DROP AS
            SELECT household_id, position, id FROM households_category
            WHERE household_id BETWEEN %(first)s AND %(last)s;
            CREATE INDEX ON bench_category (household_id, position);
            ANALYZE bench_home; ANALYZE bench_category;
            """,
            {
                "busy": busy.pk,
                "busy_n": BUSY_ENTRIES,
                "typical": typical,
                "remainder": remainder,
                "first": homes[0].pk,
                "last": homes[-1].pk,
            },
        )
        # g numbers each household's entries; every 25th is income. Dates spread over two years; the busy
        # household's first BUSY_MONTH_EXTRA entries all fall in its last full calendar month.
        cursor.execute(
            """
            INSERT INTO expenses_entry (household_id, kind, amount_krw, spent_on, category_id, memo, entered_by_id,
                paid_by_id, channel, category_source, category_confidence, category_state, created_at, updated_at)
            SELECT e.household_id, e.kind,
                   CASE WHEN e.kind = 'income' THEN 2000000 + (e.g %% 10) * 100000
                        ELSE 1000 + ((e.g * 7919) %% 200) * 500 END,
                   e.spent_on, c.id, (%(memos)s::text[])[e.position + 1],
                   CASE WHEN e.g %% 3 = 0 THEN e.m2 ELSE e.m1 END, CASE WHEN e.g %% 2 = 0 THEN e.m2 ELSE e.m1 END,
                   'web', 'rules', 0.9, 'settled', e.spent_on + time '12:00', e.spent_on + time '12:00'
            FROM (
                SELECT h.household_id, h.m1, h.m2, g,
                       CASE WHEN g %% 25 = 0 THEN 'income' ELSE 'expense' END AS kind,
                       CASE WHEN g %% 25 = 0 THEN (%(income)s::int[])[1 + (g / 25) %% %(n_income)s]
                            ELSE (%(expense)s::int[])[1 + (g * 7) %% %(n_expense)s] END AS position,
                       CASE WHEN h.household_id = %(busy)s AND g <= %(busy_extra)s
                            THEN %(busy_month)s::date + (g %% 28)
                            ELSE %(today)s::date - ((g * 37) %% 730) END AS spent_on
                FROM bench_home h CROSS JOIN LATERAL generate_series(1, h.n) AS g
            ) e
            JOIN bench_category c ON c.household_id = e.household_id AND c.position = e.position
            """,
            {
                "memos": list(MEMOS[: len(categories)]) + ["기타"] * max(0, len(categories) - len(MEMOS)),
                "income": income_positions,
                "n_income": len(income_positions),
                "expense": expense_positions,
                "n_expense": len(expense_positions),
                "busy": busy.pk,
                "busy_extra": BUSY_MONTH_EXTRA,
                "busy_month": busy_month,
                "today": today,
            },
        )
        inserted = cursor.rowcount
        # Foreign keys are checked at commit by default; an index cannot be built while checks are pending.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        for _, definition in indexes:
            cursor.execute(definition)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE expenses_entry")
        cursor.execute("ANALYZE")
        cursor.execute(
            """
            SELECT date_trunc('month', spent_on)::date, count(*) FROM expenses_entry
            WHERE household_id = %s GROUP BY 1 ORDER BY 2 DESC LIMIT 1
            """,
            [busy.pk],
        )
        busiest, busiest_count = cursor.fetchone()
    owners = list(
        Membership.objects.filter(household__in=homes[1:65], role="owner")
        .order_by("pk")
        .values_list("user_id", flat=True)
    )
    busy_owner = Membership.objects.get(household=busy, role="owner").user_id
    return Seeded(
        households=households,
        entries=inserted,
        busy_household_id=busy.pk,
        busy_owner_id=busy_owner,
        busy_month=busiest,
        busy_month_entries=busiest_count,
        typical_owner_ids=owners,
        seconds=time.monotonic() - started,
    )


def login_cookies(user_id: int) -> dict[str, str]:
    """A logged-in session stored the way Django's login() stores it, and a CSRF cookie for forms."""
    from importlib import import_module

    user = User.objects.get(pk=user_id)
    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    csrf = "".join(secrets.choice(string.ascii_letters + string.digits) for _ in range(32))
    return {settings.SESSION_COOKIE_NAME: store.session_key, settings.CSRF_COOKIE_NAME: csrf}


def now_in_seoul() -> dt.date:
    return timezone.localdate()


def fill_day(*, owner_user_ids: list[int], day: dt.date, entries: int) -> int:
    """`entries` more settled expenses on `day` in each of these owners' households (a long day to write into)."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO expenses_entry (household_id, kind, amount_krw, spent_on, category_id, memo, entered_by_id,
                paid_by_id, channel, category_source, category_confidence, category_state, created_at, updated_at)
            SELECT m.household_id, 'expense', 1000 + (g %% 50) * 100, %(day)s, c.id, %(memo)s, m.id, m.id, 'web',
                   'rules', 0.9, 'settled', now(), now()
            FROM households_membership m
            CROSS JOIN LATERAL (
                SELECT id FROM households_category
                WHERE household_id = m.household_id AND kind = 'expense' ORDER BY position LIMIT 1
            ) c
            CROSS JOIN generate_series(1, %(n)s) AS g
            WHERE m.user_id = ANY(%(users)s) AND m.role = 'owner'
            """,
            {"day": day, "memo": MEMOS[0], "n": entries, "users": list(owner_user_ids)},
        )
        inserted = cursor.rowcount
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE expenses_entry")
    return inserted
