"""The lossless JSON household backup: exporting it, and importing it as a new household.

The importer keeps the rules every other door keeps (expenses.entries.rules, households.services):
dates inside the entry window, the fallback categories visible, Claude off until a manager consents
again on the household page, and the importer — nobody else — the owner.
"""

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

from categorization.models import LearnedRule
from homenrich.errors import Refused
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
                "email": m.user.email if m.user else None,
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
        "payment_methods": [
            {"ref": pk, "kind": kind, "issuer": issuer, "last4": last4, "name": name}
            for pk, kind, issuer, last4, name in PaymentMethod.objects.filter(household_id=household_id)
            .order_by("pk")
            .values_list("pk", "kind", "issuer", "last4", "name")
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


# ---- import: strict readers that turn any malformed value into a Refused


class _Reader:
    """Reads one section of the document, naming where a bad value was found."""

    def __init__(self, section: str, index: int, row: Any):
        if not isinstance(row, dict):
            raise Refused(f"{section} {index + 1}번째 항목을 읽을 수 없어요.")
        self.section, self.index, self.row = section, index, row

    def fail(self, key: str) -> Refused:
        return Refused(f"{self.section} {self.index + 1}번째 항목의 '{key}' 값이 올바르지 않아요.")

    def text(self, key: str, max_length: int, *, blank: bool = True) -> str:
        value = self.row.get(key, "" if blank else None)
        if not isinstance(value, str) or len(value) > max_length or (not blank and not value.strip()):
            raise self.fail(key)
        return value

    def choice(self, key: str, choices) -> str:
        value = self.row.get(key)
        if value not in choices:
            raise self.fail(key)
        return value

    def integer(self, key: str, low: int, high: int, *, optional: bool = False) -> int | None:
        value = self.row.get(key)
        if value is None and optional:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise self.fail(key)
        return value

    def number(self, key: str) -> float:
        value = self.row.get(key, 1.0)
        if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 1:
            raise self.fail(key)
        return float(value)

    def boolean(self, key: str) -> bool:
        value = self.row.get(key, False)
        if not isinstance(value, bool):
            raise self.fail(key)
        return value

    def date(self, key: str, *, optional: bool = False, in_window: bool = False) -> dt.date | None:
        value = self.row.get(key)
        if value is None and optional:
            return None
        try:
            parsed = parse_date(value) if isinstance(value, str) else None
        except ValueError:
            parsed = None
        if parsed is None:
            raise self.fail(key)
        if in_window and not date_allowed(parsed):
            raise Refused(f"{self.section} {self.index + 1}번째 항목의 날짜({value}): {date_window_text()}")
        return parsed

    def moment(self, key: str, *, optional: bool = True) -> dt.datetime | None:
        value = self.row.get(key)
        if value is None and optional:
            return None
        try:
            parsed = parse_datetime(value) if isinstance(value, str) else None
        except ValueError:
            parsed = None
        if parsed is None:
            raise self.fail(key)
        return parsed if timezone.is_aware(parsed) else timezone.make_aware(parsed)

    def ref(self, key: str, known: dict, *, optional: bool = False):
        value = self.row.get(key)
        if value is None and optional:
            return None
        try:
            return known[value]
        except (KeyError, TypeError):
            raise self.fail(key) from None


def _rows(document: dict, section: str) -> list:
    rows = document.get(section, [])
    if not isinstance(rows, list):
        raise Refused(f"'{section}' 부분을 읽을 수 없어요.")
    return rows


def _restore_times(model, saved: list[tuple[Any, dict[str, Any]]]) -> None:
    """auto_now(_add) fields ignore what we pass on create; put the exported moments back (by pk)."""
    by_fields: dict[tuple[str, ...], list] = {}
    for obj, fields in saved:
        present = {k: v for k, v in fields.items() if v is not None}
        if present:
            by_fields.setdefault(tuple(sorted(present)), []).append(model(pk=obj.pk, **present))
    for fields, objs in by_fields.items():
        model.objects.bulk_update(objs, list(fields), batch_size=500)


@dataclass
class Imported:
    household: Household
    notes: list[str] = field(default_factory=list)  # what was not taken over, in words for the importer


CLAUDE_LEFT_OFF = "Claude 자동 분류는 꺼 둔 채로 가져왔어요. 가구 화면에서 안내를 읽고 다시 켤 수 있어요."


@transaction.atomic
def household_import(*, user: User, document: Any) -> Imported:
    """Creates a new household from an export, owned by `user`.

    The member whose e-mail is the importer's becomes the importer's seat (as owner); every other
    member comes back as a former-member placeholder (no account linked) so that entries keep who
    paid and who wrote them. Nobody else's account is ever attached by an import. Claude's consent
    and budget are never carried: a manager turns Claude on again through the consent step.
    """
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise Refused("홈앤리치에서 내보낸 가구 파일이 아니에요.")
    if document.get("version") != FORMAT_VERSION:
        raise Refused("이 버전의 가구 파일은 가져올 수 없어요.")
    try:
        return _import(user, document)
    except IntegrityError as error:
        raise Refused("파일 안의 기록이 서로 맞지 않아 가져오지 못했어요.") from error


def _import(user: User, document: dict) -> Imported:
    info = _Reader("가구", 0, document.get("household"))
    household = Household.objects.create(
        name=info.text("name", 50, blank=False),
        month_start_day=info.integer("month_start_day", 1, 28),
    )
    imported = Imported(household)
    if info.row.get("llm_enabled") is True:
        imported.notes.append(CLAUDE_LEFT_OFF)

    categories: dict[str, Category] = {}
    for i, row in enumerate(_rows(document, "categories")):
        r = _Reader("분류", i, row)
        slug = r.text("slug", 40, blank=False)
        if slug in categories:
            raise r.fail("slug")
        categories[slug] = Category(
            household=household,
            slug=slug,
            name=r.text("name", 20, blank=False),
            kind=r.choice("kind", CategoryKind.values),
            is_default=r.boolean("is_default"),
            is_hidden=r.boolean("is_hidden"),
            position=r.integer("position", 0, 32767),
        )
    for slug, category in categories.items():
        if slug in FALLBACK_SLUG.values() and category.is_hidden:
            raise Refused(f"'{category.name}' 분류는 숨길 수 없어요. 분류되지 않은 항목이 여기에 모여요.")
    # Every household keeps the two fallback categories an undecided item lands in.
    for default in default_categories():
        if default["slug"] in FALLBACK_SLUG.values() and default["slug"] not in categories:
            categories[default["slug"]] = Category(
                household=household,
                slug=default["slug"],
                name=default["name"],
                kind=default["kind"],
                is_default=True,
                position=len(categories),
            )
    Category.objects.bulk_create(categories.values())

    members: dict[Any, Membership] = {}
    member_times: list[tuple[Membership, dict]] = []
    importer_seat = None
    for i, row in enumerate(_rows(document, "members")):
        r = _Reader("구성원", i, row)
        email = row.get("email")
        is_importer = isinstance(email, str) and importer_seat is None and email.lower() == user.email.lower()
        membership = Membership(
            household=household,
            user=user if is_importer else None,
            role=Role.OWNER if is_importer else r.choice("role", Role.values),
            display_name=r.text("display_name", 30, blank=False),
            left_at=None if is_importer else r.moment("left_at"),
        )
        if row.get("ref") in members or row.get("ref") is None:
            raise r.fail("ref")
        members[row["ref"]] = membership
        member_times.append((membership, {"joined_at": r.moment("joined_at")}))
        importer_seat = membership if is_importer else importer_seat
    if importer_seat is None:
        importer_seat = Membership(household=household, user=user, role=Role.OWNER, display_name=user.display_name)
    Membership.objects.bulk_create([*members.values(), *([] if importer_seat in members.values() else [importer_seat])])
    _restore_times(Membership, member_times)

    messages: dict[Any, Message] = {}
    message_times = []
    for i, row in enumerate(_rows(document, "messages")):
        r = _Reader("메시지", i, row)
        message = Message(
            household=household,
            author=r.ref("author", members, optional=True),
            channel=r.choice("channel", Channel.values),
            raw_text=r.text("raw_text", 100_000),
            outcome=r.choice("outcome", ["", *MessageOutcome.values]),
        )
        if row.get("ref") in messages or row.get("ref") is None:
            raise r.fail("ref")
        messages[row["ref"]] = message
        message_times.append((message, {"received_at": r.moment("received_at")}))
    Message.objects.bulk_create(messages.values(), batch_size=1000)
    _restore_times(Message, message_times)

    rules: dict[Any, RecurringRule] = {}
    rule_times = []
    for i, row in enumerate(_rows(document, "recurring_rules")):
        r = _Reader("반복 기록", i, row)
        rule = RecurringRule(
            household=household,
            kind=r.choice("kind", CategoryKind.values),
            amount_krw=r.integer("amount_krw", 1, MAX_AMOUNT_KRW),
            category=r.ref("category", categories),
            memo=r.text("memo", 200),
            day_of_month=r.integer("day_of_month", 1, 31),
            starts_on=r.date("starts_on", in_window=True),
            ends_on=r.date("ends_on", optional=True),
            paid_by=r.ref("paid_by", members),
            created_by=r.ref("created_by", members),
            next_occurrence_on=r.date("next_occurrence_on", optional=True),
        )
        if row.get("ref") in rules or row.get("ref") is None:
            raise r.fail("ref")
        rules[row["ref"]] = rule
        rule_times.append((rule, {"created_at": r.moment("created_at")}))
    RecurringRule.objects.bulk_create(rules.values())
    _restore_times(RecurringRule, rule_times)

    methods: dict[Any, PaymentMethod] = {}
    for i, row in enumerate(_rows(document, "payment_methods")):
        r = _Reader("결제수단", i, row)
        method = PaymentMethod(
            household=household,
            kind=r.choice("kind", PaymentKind.values),
            issuer=r.text("issuer", 20),
            last4=r.text("last4", 4),
            name=r.text("name", 30, blank=False),
        )
        if row.get("ref") in methods or row.get("ref") is None:
            raise r.fail("ref")
        methods[row["ref"]] = method
    if len({(m.kind, m.issuer, m.last4) for m in methods.values()}) < len(methods):
        raise Refused("결제수단에 같은 카드가 두 번 있어요.")
    PaymentMethod.objects.bulk_create(methods.values())

    entries = []
    entry_times = []
    for i, row in enumerate(_rows(document, "entries")):
        r = _Reader("항목", i, row)
        entries.append(
            Entry(
                household=household,
                kind=r.choice("kind", CategoryKind.values),
                amount_krw=r.integer("amount_krw", 1, MAX_AMOUNT_KRW),
                spent_on=r.date("spent_on", in_window=True),
                category=r.ref("category", categories),
                memo=r.text("memo", 200),
                paid_by=r.ref("paid_by", members),
                entered_by=r.ref("entered_by", members),
                channel=r.choice("channel", Channel.values),
                category_source=r.choice("category_source", CategorySource.values),
                category_confidence=r.number("category_confidence"),
                category_state=r.choice("category_state", CategoryState.values),
                message=r.ref("message", messages, optional=True),
                recurring_rule=r.ref("recurring_rule", rules, optional=True),
                occurrence_on=r.date("occurrence_on", optional=True),
                payment_method=r.ref("payment_method", methods, optional=True),
                installments=r.integer("installments", 1, 60, optional=True) or 1,
                cancelled_at=r.moment("cancelled_at"),
                merged_at=r.moment("merged_at"),
            )
        )
        entry_times.append({"created_at": r.moment("created_at"), "updated_at": r.moment("updated_at")})
    Entry.objects.bulk_create(entries, batch_size=1000)
    _restore_times(Entry, list(zip(entries, entry_times, strict=True)))

    budgets = []
    for i, row in enumerate(_rows(document, "budgets")):
        r = _Reader("예산", i, row)
        budgets.append(
            Budget(
                household=household,
                category=r.ref("category", categories, optional=True),
                amount_krw=r.integer("amount_krw", 1, MAX_AMOUNT_KRW),
            )
        )
    Budget.objects.bulk_create(budgets)

    alerts, alert_times = [], []
    for i, row in enumerate(_rows(document, "budget_alerts")):
        r = _Reader("예산 알림", i, row)
        alerts.append(
            BudgetAlert(
                household=household,
                category=r.ref("category", categories, optional=True),
                period_key=r.text("period_key", 7, blank=False),
                period_start=r.date("period_start"),
                period_end=r.date("period_end"),
                threshold=r.integer("threshold", 1, 1000),
                spent_krw=r.integer("spent_krw", 0, 10**15),
                budget_krw=r.integer("budget_krw", 1, MAX_AMOUNT_KRW),
            )
        )
        alert_times.append({"created_at": r.moment("created_at")})
    BudgetAlert.objects.bulk_create(alerts)
    _restore_times(BudgetAlert, list(zip(alerts, alert_times, strict=True)))

    learned, learned_times = [], []
    for i, row in enumerate(_rows(document, "learned_rules")):
        r = _Reader("학습한 규칙", i, row)
        learned.append(
            LearnedRule(
                household=household,
                phrase=r.text("phrase", 200, blank=False),
                category=r.ref("category", categories),
                times_confirmed=r.integer("times_confirmed", 0, 2**31 - 1),
            )
        )
        learned_times.append({"updated_at": r.moment("updated_at")})
    LearnedRule.objects.bulk_create(learned)
    _restore_times(LearnedRule, list(zip(learned, learned_times, strict=True)))
    return imported
