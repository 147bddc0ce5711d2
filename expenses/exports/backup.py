"""The lossless JSON household backup: exporting it, and importing it as a new household.

The export carries only what the household needs to restore itself: a former member is a name, with
no e-mail address. The importer keeps the rules every other door keeps (expenses.entries.rules, households.services):
dates inside the entry window, the fallback categories visible, Claude off until a manager consents
again on the household page, and the importer — nobody else — the owner.
"""

import datetime as dt
import io
import logging
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any, BinaryIO

from django.db import DataError, IntegrityError, connections, router, transaction
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

from categorization.models import LearnedRule
from homenrich.errors import Refused
from homenrich.guard import text_is_clean
from households.defaults import FALLBACK_SLUG, default_categories
from households.models import Category, CategoryKind, Household, Membership, Role, User

from ..entries.rules import date_allowed, date_window_text
from ..models import (
    MAX_AMOUNT_KRW,
    Budget,
    BudgetAlert,
    CategorySource,
    CategoryState,
    Channel,
    Entry,
    Message,
    MessageOutcome,
    PaymentKind,
    PaymentMethod,
    RecurringRule,
)
from .jsonstream import ObjectStream, Unreadable

logger = logging.getLogger(__name__)

CSV_BATCH = 2000

FORMAT = "homenrich-household"
FORMAT_VERSION = 1


def _iso(value) -> str | None:
    return value.isoformat() if value is not None else None


def household_export(*, household_id: int) -> dict:
    """Everything that makes up the household, referring to rows by stable keys (slugs, refs), never by pk."""
    household = Household.objects.get(pk=household_id)
    categories = {c.pk: c.slug for c in Category.objects.filter(household_id=household_id)}
    members = list(
        Membership.objects.filter(household_id=household_id).select_related("user").order_by("joined_at", "pk")
    )
    return {
        "format": FORMAT,
        "version": FORMAT_VERSION,
        "exported_at": timezone.now().isoformat(),
        "household": {
            "name": household.name,
            "month_start_day": household.month_start_day,
            "llm_enabled": household.llm_enabled,
            "llm_enabled_at": _iso(household.llm_enabled_at),
            "llm_monthly_budget_usd": None
            if household.llm_monthly_budget_usd is None
            else str(household.llm_monthly_budget_usd),
        },
        "categories": [
            {
                "slug": c.slug,
                "name": c.name,
                "kind": c.kind,
                "is_default": c.is_default,
                "is_hidden": c.is_hidden,
                "position": c.position,
            }
            for c in Category.objects.filter(household_id=household_id).order_by("kind", "position", "pk")
        ],
        "members": [
            {
                "ref": m.pk,
                "display_name": m.display_name,
                "role": m.role,
                # Only a present member's own address (the importer is seated by it); a former member is a name.
                "email": m.user.email if m.user and m.is_active else None,
                "joined_at": _iso(m.joined_at),
                "left_at": _iso(m.left_at),
            }
            for m in members
        ],
        "messages": [
            {
                "ref": pk,
                "author": author,
                "channel": channel,
                "raw_text": raw_text,
                "outcome": outcome,
                "received_at": _iso(received_at),
            }
            for pk, author, channel, raw_text, outcome, received_at in Message.objects.filter(household_id=household_id)
            .order_by("pk")
            .values_list("pk", "author_id", "channel", "raw_text", "outcome", "received_at")
            .iterator(chunk_size=CSV_BATCH)
        ],
        "recurring_rules": [
            {
                "ref": r.pk,
                "kind": r.kind,
                "amount_krw": r.amount_krw,
                "category": categories[r.category_id],
                "memo": r.memo,
                "day_of_month": r.day_of_month,
                "starts_on": _iso(r.starts_on),
                "ends_on": _iso(r.ends_on),
                "paid_by": r.paid_by_id,
                "created_by": r.created_by_id,
                "next_occurrence_on": _iso(r.next_occurrence_on),
                "created_at": _iso(r.created_at),
            }
            for r in RecurringRule.objects.filter(household_id=household_id).order_by("pk")
        ],
        "payment_methods": [
            {"ref": pk, "kind": kind, "issuer": issuer, "last4": last4, "name": name}
            for pk, kind, issuer, last4, name in PaymentMethod.objects.filter(household_id=household_id)
            .order_by("pk")
            .values_list("pk", "kind", "issuer", "last4", "name")
        ],
        "entries": [
            {
                "kind": row["kind"],
                "amount_krw": row["amount_krw"],
                "spent_on": _iso(row["spent_on"]),
                "category": categories[row["category_id"]],
                "memo": row["memo"],
                "paid_by": row["paid_by_id"],
                "entered_by": row["entered_by_id"],
                "channel": row["channel"],
                "category_source": row["category_source"],
                "category_confidence": row["category_confidence"],
                "category_state": row["category_state"],
                "message": row["message_id"],
                "recurring_rule": row["recurring_rule_id"],
                "occurrence_on": _iso(row["occurrence_on"]),
                "payment_method": row["payment_method_id"],
                "installments": row["installments"],
                "cancelled_at": _iso(row["cancelled_at"]),
                "merged_at": _iso(row["merged_at"]),
                "created_at": _iso(row["created_at"]),
                "updated_at": _iso(row["updated_at"]),
            }
            for row in Entry.objects.filter(household_id=household_id)
            .order_by("pk")
            .values(
                "kind",
                "amount_krw",
                "spent_on",
                "category_id",
                "memo",
                "paid_by_id",
                "entered_by_id",
                "channel",
                "category_source",
                "category_confidence",
                "category_state",
                "message_id",
                "recurring_rule_id",
                "occurrence_on",
                "payment_method_id",
                "installments",
                "cancelled_at",
                "merged_at",
                "created_at",
                "updated_at",
            )
            .iterator(chunk_size=CSV_BATCH)
        ],
        "budgets": [
            {"category": categories.get(category_id), "amount_krw": amount}
            for category_id, amount in Budget.objects.filter(household_id=household_id)
            .order_by("pk")
            .values_list("category_id", "amount_krw")
        ],
        "budget_alerts": [
            {
                "category": categories.get(a.category_id),
                "period_key": a.period_key,
                "period_start": _iso(a.period_start),
                "period_end": _iso(a.period_end),
                "threshold": a.threshold,
                "spent_krw": a.spent_krw,
                "budget_krw": a.budget_krw,
                "created_at": _iso(a.created_at),
            }
            for a in BudgetAlert.objects.filter(household_id=household_id).order_by("pk")
        ],
        "learned_rules": [
            {
                "phrase": phrase,
                "category": categories[category_id],
                "times_confirmed": times,
                "updated_at": _iso(updated_at),
            }
            for phrase, category_id, times, updated_at in LearnedRule.objects.filter(household_id=household_id)
            .order_by("pk")
            .values_list("phrase", "category_id", "times_confirmed", "updated_at")
        ],
    }


# ---- import: the file is read twice as a stream. The first pass checks every value against the schema
# (types, sizes, ranges, dates, references between sections) and collects the first problems; nothing
# is written unless it found none. The second pass writes, in batches, inside one transaction.

MAX_PROBLEMS = 5
BATCH = 2000
SECTION_ORDER = (
    "format",
    "version",
    "exported_at",
    "household",
    "categories",
    "members",
    "messages",
    "recurring_rules",
    "payment_methods",
    "entries",
    "budgets",
    "budget_alerts",
    "learned_rules",
)
ARRAYS = SECTION_ORDER[4:]
MAX_ROWS = {
    "categories": 500,
    "members": 500,
    "messages": 1_000_000,
    "recurring_rules": 5_000,
    "payment_methods": 500,
    "entries": 1_000_000,
    "budgets": 500,
    "budget_alerts": 50_000,
    "learned_rules": 100_000,
}
SECTION_NAMES = {
    "household": "가구",
    "categories": "분류",
    "members": "구성원",
    "messages": "메시지",
    "recurring_rules": "반복 기록",
    "payment_methods": "결제수단",
    "entries": "항목",
    "budgets": "예산",
    "budget_alerts": "예산 알림",
    "learned_rules": "학습한 규칙",
}
SLUG = re.compile(r"^[a-z0-9_-]{1,40}$")
PERIOD_KEY = re.compile(r"^\d{4}-\d{2}$")
# Dates other than an entry's own (rule ends, budget periods) and every moment stay in this range.
SANE_FIRST_DAY = dt.date(2000, 1, 1)
SANE_LAST_DAY = dt.date(2100, 12, 31)
MAX_BUDGET_USD = Decimal("9999.9999")
NOT_OURS = "홈앤리치에서 내보낸 가구 파일이 아니에요."
CLAUDE_LEFT_OFF = "Claude 자동 분류는 꺼 둔 채로 가져왔어요. 가구 화면에서 안내를 읽고 다시 켤 수 있어요."


class _Problems(Exception):
    """Enough problems found: stop reading."""


@dataclass
class _Refs:
    """What the sections refer to each other by: in the checking pass a ref maps to None, while
    writing to the new row's primary key. Categories also keep their kind."""

    categories: dict[str, tuple[int | None, str]] = field(default_factory=dict)
    members: dict[Any, int | None] = field(default_factory=dict)
    messages: dict[Any, int | None] = field(default_factory=dict)
    rules: dict[Any, int | None] = field(default_factory=dict)
    payment_methods: dict[Any, int | None] = field(default_factory=dict)
    payment_keys: set = field(default_factory=set)
    fallbacks_ready: bool = False
    budget_keys: set = field(default_factory=set)
    alert_keys: set = field(default_factory=set)
    today: dt.date = field(default_factory=timezone.localdate)
    now: dt.datetime = field(default_factory=timezone.now)


class _Row:
    """One item of a section; every reader records a problem (and returns a placeholder) instead of raising."""

    def __init__(self, check: "_Check", section: str, index: int, row: Any):
        self.check, self.section, self.index = check, section, index
        self.ok = isinstance(row, dict)
        self.row = row if self.ok else {}
        if not self.ok:
            check.add(f"{SECTION_NAMES[section]} {index + 1}번째 항목을 읽을 수 없어요.")

    def fail(self, key: str, why: str = "") -> None:
        self.ok = False
        where = f"{SECTION_NAMES[self.section]} {self.index + 1}번째 항목"
        self.check.add(why.format(where=where) if why else f"{where}의 '{key}' 값이 올바르지 않아요.")

    def text(self, key: str, max_length: int, *, blank: bool = True, optional: bool = False) -> str:
        value = self.row.get(key)
        if value is None and (optional or blank):
            return ""
        if not isinstance(value, str) or len(value) > max_length or (not blank and not value.strip()):
            self.fail(key)
            return ""
        if not text_is_clean(value):
            self.fail(key, "{where}의 '" + key + "'에 쓸 수 없는 문자(NUL, 깨진 글자)가 있어요.")
            return ""
        return value

    def choice(self, key: str, choices, default=None) -> str:
        value = self.row.get(key, default)
        if not isinstance(value, str) or value not in choices:
            self.fail(key)
            return next(iter(choices))
        return value

    def integer(self, key: str, low: int, high: int, *, default: int | None = None) -> int:
        value = self.row.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            self.fail(key)
            return low
        return value

    def number(self, key: str) -> float:
        value = self.row.get(key, 1.0)
        if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 1:
            self.fail(key)
            return 1.0
        return float(value)

    def boolean(self, key: str) -> bool:
        value = self.row.get(key, False)
        if not isinstance(value, bool):
            self.fail(key)
            return False
        return value

    def date(self, key: str, *, optional: bool = False, entry_window: bool = False) -> dt.date | None:
        value = self.row.get(key)
        if value is None and optional:
            return None
        try:
            parsed = parse_date(value) if isinstance(value, str) and len(value) <= 10 else None
        except ValueError:
            parsed = None
        if parsed is None:
            self.fail(key)
            return None
        if entry_window and not date_allowed(parsed, self.check.refs.today):
            self.fail(key, "{where}의 날짜(" + value + "): " + date_window_text(self.check.refs.today))
            return None
        if not SANE_FIRST_DAY <= parsed <= SANE_LAST_DAY:
            self.fail(key, "{where}의 '" + key + "' 날짜는 2000년부터 2100년 사이여야 해요.")
            return None
        return parsed

    def moment(self, key: str) -> dt.datetime:
        """A timestamp between 2000 and now (a day of clock slack); missing: now."""
        value = self.row.get(key)
        if value is None:
            return self.check.refs.now
        try:
            parsed = parse_datetime(value) if isinstance(value, str) and len(value) <= 40 else None
            if parsed is not None:
                if timezone.is_naive(parsed):
                    parsed = timezone.make_aware(parsed)
                earliest = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
                if not earliest <= parsed <= self.check.refs.now + dt.timedelta(days=1):
                    raise ValueError
                parsed = parsed.astimezone(dt.UTC)
        except (ValueError, OverflowError):
            parsed = None
        if parsed is None:
            self.fail(key, "{where}의 '" + key + "' 시각이 올바르지 않아요 (2000년부터 지금 사이여야 해요).")
            return self.check.refs.now
        return parsed

    def ref_key(self, key: str = "ref") -> Any:
        """A row's own reference: a whole number or a short text, never a list or an object."""
        value = self.row.get(key)
        if isinstance(value, bool) or not (
            (isinstance(value, int) and -(2**63) <= value < 2**63) or (isinstance(value, str) and 0 < len(value) <= 64)
        ):
            self.fail(key)
            return None
        return value

    def ref(self, key: str, known: dict, *, optional: bool = False) -> Any:
        value = self.row.get(key)
        if value is None and optional:
            return None
        if isinstance(value, bool) or not isinstance(value, int | str) or value not in known:
            self.fail(key)
            return None
        return known[value]

    def category(self, key: str, kind: str | None, *, optional: bool = False) -> int | None:
        value = self.row.get(key)
        if value is None and optional:
            return None
        found = self.check.refs.categories.get(value) if isinstance(value, str) else None
        if found is None:
            self.fail(key)
            return None
        if kind is not None and found[1] != kind:
            self.fail(key, "{where}: 지출에는 지출 분류를, 수입에는 수입 분류를 골라 주세요.")
        return found[0]


class _Check:
    def __init__(self, refs: _Refs):
        self.refs = refs
        self.problems: list[str] = []

    def add(self, problem: str) -> None:
        if problem not in self.problems:
            self.problems.append(problem)
        if len(self.problems) >= MAX_PROBLEMS:
            raise _Problems


@dataclass
class Imported:
    household: Household
    notes: list[str] = field(default_factory=list)  # what was not taken over, in words for the importer


class ImportRefused(Refused):
    """The file's first problems, each a Korean sentence."""

    def __init__(self, problems: list[str]):
        self.problems = problems[:MAX_PROBLEMS]
        super().__init__(" ".join(self.problems))


Progress = Callable[[str, int], None]  # (phase "check" | "write", bytes read so far)


def household_import(*, user: User, source: BinaryIO | bytes, progress: Progress | None = None) -> Imported:
    """Creates a new household from a backup, owned by `user`; refuses with the file's first problems.

    The member whose e-mail is the importer's becomes the importer's seat (as owner); every other
    member comes back as a former-member placeholder (no account linked) so that entries keep who
    paid and who wrote them. Nobody else's account is ever attached by an import. Claude's consent
    and budget are never carried: a manager turns Claude on again through the consent step.
    `source` is read twice (checked, then written), so it must be seekable.
    """
    if isinstance(source, bytes | bytearray):
        source = io.BytesIO(source)
    progress = progress or (lambda phase, done: None)
    refs = _Refs()
    check = _Check(refs)
    try:
        _read(user, source, check, writer=None, progress=progress)
    except _Problems:
        pass
    except Unreadable as error:
        check.problems.append(f"JSON 파일을 읽을 수 없어요: {error}")
    if check.problems:
        raise ImportRefused(check.problems)
    source.seek(0)
    try:
        with transaction.atomic():
            writer = _Writer(user)
            _read(user, source, _Check(_Refs(today=refs.today, now=refs.now)), writer=writer, progress=progress)
            return writer.imported
    except (_Problems, Unreadable) as error:  # the same bytes passed the check: only a changed file gets here
        raise Refused("파일이 읽는 도중에 바뀌었어요. 다시 올려 주세요.") from error
    except (IntegrityError, DataError) as error:
        logger.warning("import refused by the database: %s", error)
        raise Refused("파일 안의 기록이 서로 맞지 않아 가져오지 못했어요.") from error


def _read(user: User, source: BinaryIO, check: _Check, *, writer: "_Writer | None", progress: Progress) -> None:
    stream = ObjectStream(source)
    phase = "check" if writer is None else "write"
    seen: list[str] = []
    head: dict[str, Any] = {}
    for key, value in stream.members():
        if key not in SECTION_ORDER:
            check.add(f"알 수 없는 부분 '{key[:40]}'이(가) 있어요.")
            continue
        if key in seen:
            check.add(f"'{key}' 부분이 두 번 있어요.")
            continue
        if seen and SECTION_ORDER.index(key) < SECTION_ORDER.index(seen[-1]):
            check.add(f"'{key}' 부분은 '{seen[-1]}' 부분보다 앞에 있어야 해요 (내보낸 순서 그대로).")
            continue
        seen.append(key)
        is_array = isinstance(value, Iterator)
        if key in ARRAYS and not is_array:
            check.add(f"'{key}' 부분을 읽을 수 없어요.")
            continue
        if key not in ARRAYS:
            if is_array:
                check.add(NOT_OURS if key in ("format", "version") else f"'{key}' 부분을 읽을 수 없어요.")
                continue
            head[key] = value
            if key == "version":
                if head.get("format") != FORMAT:
                    raise_now(check, NOT_OURS)
                if value != FORMAT_VERSION:
                    raise_now(check, "이 버전의 가구 파일은 가져올 수 없어요.")
            elif key == "household":
                if head.get("format") != FORMAT or head.get("version") != FORMAT_VERSION:
                    raise_now(check, NOT_OURS)
                _household(user, check, value, writer)
            continue
        if "household" not in head:
            raise_now(check, NOT_OURS if head.get("format") != FORMAT else "'household' 부분이 없어요.")
        if key != "categories":
            _categories_done(check.refs, writer)
        _section(key, value, check, writer, stream, progress, phase)
        if key == "categories":
            _categories_done(check.refs, writer)
    if "household" not in head:
        raise_now(check, NOT_OURS if head.get("format") != FORMAT else "'household' 부분이 없어요.")
    _categories_done(check.refs, writer)
    if writer is not None:
        writer.finish(check.refs)
    progress(phase, stream.bytes_read)


def _categories_done(refs: _Refs, writer: "_Writer | None") -> None:
    """After the categories (or where they would have been): the two fallback categories join them."""
    if refs.fallbacks_ready:
        return
    refs.fallbacks_ready = True
    if writer is not None:
        writer.fallbacks(refs)
        return
    for default in default_categories():
        if default["slug"] in FALLBACK_SLUG.values() and default["slug"] not in refs.categories:
            refs.categories[default["slug"]] = (None, default["kind"])


def raise_now(check: _Check, problem: str) -> None:
    check.add(problem)
    raise _Problems


def _household(user: User, check: _Check, value: Any, writer: "_Writer | None") -> None:
    r = _Row(check, "household", 0, value)
    name = r.text("name", 50, blank=False)
    month_start_day = r.integer("month_start_day", 1, 28)
    llm_enabled = r.boolean("llm_enabled")
    if r.row.get("llm_enabled_at") is not None:
        r.moment("llm_enabled_at")
    budget = r.row.get("llm_monthly_budget_usd")
    if budget is not None:
        try:
            amount = Decimal(budget) if isinstance(budget, str) and len(budget) <= 20 else None
        except InvalidOperation:
            amount = None
        if amount is None or not amount.is_finite() or not 0 <= amount <= MAX_BUDGET_USD:
            r.fail("llm_monthly_budget_usd")
    if r.ok and writer is not None:
        writer.household(name=name, month_start_day=month_start_day, llm_was_on=llm_enabled)


def _section(key: str, items: Iterator, check: _Check, writer, stream: ObjectStream, progress, phase) -> None:
    read_row = READERS[key]
    batch: list = []
    for index, item in enumerate(items):
        if index >= MAX_ROWS[key]:
            raise_now(check, f"'{key}' 부분이 너무 커요 ({MAX_ROWS[key]:,}개까지).")
        r = _Row(check, key, index, item)
        row = read_row(r, check.refs) if r.ok else None
        if writer is not None and row is not None:
            batch.append(row)
            if len(batch) >= BATCH:
                writer.write(key, batch, check.refs)
                batch = []
                progress(phase, stream.bytes_read)
        elif index % BATCH == 0:
            progress(phase, stream.bytes_read)
    if writer is not None and batch:
        writer.write(key, batch, check.refs)


# -- one reader per section: checks a row and returns the unsaved model row with its ref


def _category(r: _Row, refs: _Refs):
    slug = r.text("slug", 40, blank=False)
    if r.ok and not SLUG.match(slug):
        r.fail("slug")
    if r.ok and slug in refs.categories:
        r.fail("slug")
    row = Category(
        slug=slug,
        name=r.text("name", 20, blank=False),
        kind=r.choice("kind", CategoryKind.values),
        is_default=r.boolean("is_default"),
        is_hidden=r.boolean("is_hidden"),
        position=r.integer("position", 0, 32767, default=0),
    )
    if r.ok and slug in FALLBACK_SLUG.values() and row.is_hidden:
        r.fail("is_hidden", f"'{row.name}' 분류는 숨길 수 없어요. 분류되지 않은 항목이 여기에 모여요.")
    if not r.ok:
        return None
    refs.categories[slug] = (None, row.kind)
    return row


def _member(r: _Row, refs: _Refs):
    ref = r.ref_key()
    if ref is not None and ref in refs.members:
        r.fail("ref")
    email = r.row.get("email")
    if email is not None and not isinstance(email, str):
        r.fail("email")
    row = Membership(
        role=r.choice("role", Role.values),
        display_name=r.text("display_name", 30, blank=False),
        joined_at=r.moment("joined_at"),
        left_at=r.moment("left_at") if r.row.get("left_at") is not None else None,
    )
    row._import_email = email if isinstance(email, str) else ""
    if not r.ok:
        return None
    refs.members[ref] = None
    row._import_ref = ref
    return row


def _message(r: _Row, refs: _Refs):
    ref = r.ref_key()
    if ref is not None and ref in refs.messages:
        r.fail("ref")
    row = Message(
        author_id=r.ref("author", refs.members, optional=True),
        channel=r.choice("channel", Channel.values),
        raw_text=r.text("raw_text", 100_000),
        outcome=r.choice("outcome", ["", *MessageOutcome.values], default=""),
        received_at=r.moment("received_at"),
    )
    if not r.ok:
        return None
    refs.messages[ref] = None
    row._import_ref = ref
    return row


def _rule(r: _Row, refs: _Refs):
    ref = r.ref_key()
    if ref is not None and ref in refs.rules:
        r.fail("ref")
    kind = r.choice("kind", CategoryKind.values)
    row = RecurringRule(
        kind=kind,
        amount_krw=r.integer("amount_krw", 1, MAX_AMOUNT_KRW),
        category_id=r.category("category", kind),
        memo=r.text("memo", 200),
        day_of_month=r.integer("day_of_month", 1, 31),
        starts_on=r.date("starts_on", entry_window=True),
        ends_on=r.date("ends_on", optional=True),
        paid_by_id=r.ref("paid_by", refs.members),
        created_by_id=r.ref("created_by", refs.members),
        next_occurrence_on=r.date("next_occurrence_on", optional=True),
        created_at=r.moment("created_at"),
    )
    if not r.ok:
        return None
    refs.rules[ref] = None
    row._import_ref = ref
    return row


def _payment_method(r: _Row, refs: _Refs):
    ref = r.ref_key()
    if ref is not None and ref in refs.payment_methods:
        r.fail("ref")
    row = PaymentMethod(
        kind=r.choice("kind", PaymentKind.values),
        issuer=r.text("issuer", 20),
        last4=r.text("last4", 4),
        name=r.text("name", 30, blank=False),
        created_at=refs.now,
    )
    key = (row.kind, row.issuer, row.last4)
    if r.ok and key in refs.payment_keys:
        r.fail("last4", "{where}: 같은 결제수단이 두 번 있어요.")
    refs.payment_keys.add(key)
    if not r.ok:
        return None
    refs.payment_methods[ref] = None
    row._import_ref = ref
    return row


def _entry(r: _Row, refs: _Refs):
    kind = r.choice("kind", CategoryKind.values)
    row = Entry(
        kind=kind,
        amount_krw=r.integer("amount_krw", 1, MAX_AMOUNT_KRW),
        spent_on=r.date("spent_on", entry_window=True),
        category_id=r.category("category", kind),
        memo=r.text("memo", 200),
        paid_by_id=r.ref("paid_by", refs.members),
        entered_by_id=r.ref("entered_by", refs.members),
        channel=r.choice("channel", Channel.values),
        category_source=r.choice("category_source", CategorySource.values),
        category_confidence=r.number("category_confidence"),
        category_state=r.choice("category_state", CategoryState.values),
        message_id=r.ref("message", refs.messages, optional=True),
        recurring_rule_id=r.ref("recurring_rule", refs.rules, optional=True),
        occurrence_on=r.date("occurrence_on", optional=True),
        payment_method_id=r.ref("payment_method", refs.payment_methods, optional=True),
        installments=r.integer("installments", 1, 60, default=1),
        cancelled_at=r.moment("cancelled_at") if r.row.get("cancelled_at") is not None else None,
        merged_at=r.moment("merged_at") if r.row.get("merged_at") is not None else None,
        created_at=r.moment("created_at"),
        updated_at=r.moment("updated_at"),
    )
    return row if r.ok else None


def _budget(r: _Row, refs: _Refs):
    row = Budget(
        category_id=r.category("category", CategoryKind.EXPENSE, optional=True),
        amount_krw=r.integer("amount_krw", 1, MAX_AMOUNT_KRW),
        updated_at=refs.now,
    )
    key = r.row.get("category")
    if r.ok and key in refs.budget_keys:
        r.fail("category", "{where}: 같은 분류의 예산이 두 번 있어요.")
    refs.budget_keys.add(key if isinstance(key, str) else None)
    return row if r.ok else None


def _alert(r: _Row, refs: _Refs):
    period_key = r.text("period_key", 7, blank=False)
    if r.ok and not PERIOD_KEY.match(period_key):
        r.fail("period_key")
    row = BudgetAlert(
        category_id=r.category("category", None, optional=True),
        period_key=period_key,
        period_start=r.date("period_start"),
        period_end=r.date("period_end"),
        threshold=r.integer("threshold", 1, 1000),
        spent_krw=r.integer("spent_krw", 0, 10**15),
        budget_krw=r.integer("budget_krw", 1, MAX_AMOUNT_KRW),
        created_at=r.moment("created_at"),
    )
    key = (r.row.get("category") if isinstance(r.row.get("category"), str) else None, period_key, row.threshold)
    if r.ok and key in refs.alert_keys:
        r.fail("threshold", "{where}: 같은 예산 알림이 두 번 있어요.")
    refs.alert_keys.add(key)
    return row if r.ok else None


def _learned(r: _Row, refs: _Refs):
    row = LearnedRule(
        phrase=r.text("phrase", 200, blank=False),
        category_id=r.category("category", None),
        times_confirmed=r.integer("times_confirmed", 0, 2**31 - 1),
        updated_at=r.moment("updated_at"),
    )
    return row if r.ok else None


READERS = {
    "categories": _category,
    "members": _member,
    "messages": _message,
    "recurring_rules": _rule,
    "payment_methods": _payment_method,
    "entries": _entry,
    "budgets": _budget,
    "budget_alerts": _alert,
    "learned_rules": _learned,
}


class _Writer:
    """Writes checked rows in batches and records each ref's new primary key for the rows after it."""

    def __init__(self, user: User):
        self.user = user
        self.imported: Imported | None = None
        self.household_id: int | None = None
        self.seat_written = False

    def household(self, *, name: str, month_start_day: int, llm_was_on: bool) -> None:
        household = Household.objects.create(name=name, month_start_day=month_start_day)
        self.household_id = household.pk
        self.imported = Imported(household)
        if llm_was_on:
            self.imported.notes.append(CLAUDE_LEFT_OFF)

    def fallbacks(self, refs: _Refs) -> None:
        """Every household keeps the two fallback categories an undecided item lands in."""
        missing = [
            Category(
                household_id=self.household_id,
                slug=default["slug"],
                name=default["name"],
                kind=default["kind"],
                is_default=True,
                position=len(refs.categories) + i,
            )
            for i, default in enumerate(default_categories())
            if default["slug"] in FALLBACK_SLUG.values() and default["slug"] not in refs.categories
        ]
        for category in Category.objects.bulk_create(missing):
            refs.categories[category.slug] = (category.pk, category.kind)

    def write(self, key: str, rows: list, refs: _Refs) -> None:
        for row in rows:
            row.household_id = self.household_id
        if key == "categories":
            for category in Category.objects.bulk_create(rows):
                refs.categories[category.slug] = (category.pk, category.kind)
            return
        if key == "members":
            for member in rows:
                is_importer = not self.seat_written and member._import_email.strip().lower() == self.user.email.lower()
                member.user_id = self.user.pk if is_importer else None
                if is_importer:
                    member.role, member.left_at, self.seat_written = Role.OWNER, None, True
        _insert_as_is(type(rows[0]), rows)
        known = {
            "members": refs.members,
            "messages": refs.messages,
            "recurring_rules": refs.rules,
            "payment_methods": refs.payment_methods,
        }.get(key)
        if known is not None:
            for row in rows:
                known[row._import_ref] = row.pk

    def finish(self, refs: _Refs) -> None:
        if self.household_id is None:
            raise _Problems
        if not self.seat_written:
            seat = Membership(
                household_id=self.household_id,
                user=self.user,
                role=Role.OWNER,
                display_name=self.user.display_name[:30] or "나",
                joined_at=refs.now,
            )
            _insert_as_is(Membership, [seat])


def _insert_as_is(model, rows: list) -> None:
    """bulk_create without pre_save: the exported created_at / received_at / joined_at / updated_at are
    written as they are (auto_now and auto_now_add would stamp this moment). The rows were checked by the
    readers above; the database's own constraints still apply. Primary keys are set on the rows."""
    fields = [f for f in model._meta.local_concrete_fields if not f.primary_key and not f.generated]
    connection = connections[router.db_for_write(model)]
    size = max(1, connection.ops.bulk_batch_size(fields, rows))
    for start in range(0, len(rows), size):
        chunk = rows[start : start + size]
        returned = model._base_manager._insert(
            chunk, fields=fields, returning_fields=model._meta.db_returning_fields, raw=True
        )
        for row, values in zip(chunk, returned, strict=True):
            row.pk = values[0]
            row._state.adding, row._state.db = False, connection.alias
