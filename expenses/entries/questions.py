"""Questions about the household's own ledger, answered the same way on the web, in Telegram and in Kakao.

`question_read` decides whether a message without an amount is a question and resolves its words
against the household (categories by name or by the keyword rules, members by name, the rest as words
of a memo); `question_answer` answers it from the household's entries and budgets. Reads only: a
question never records anything.

What answers with what:
- a budget word (예산, 남았어): each budget of the household's month, spent / budget / what is left;
- a day (오늘, 어제, 11/20) or a list word (내역, 뭐, 어디): the entries, newest first, and their total;
- a category, member or memo word: the total for them over the period, with its count (and the budget
  of a category when the period is a household month);
- one of the household's cards (by the name it was given, its issuer, or the issuer's short name: 신한),
  or a kind of card (체크카드, 신용카드): what it paid, and the 할부 purchases still running with the months
  that remain;
- a period alone (이번 달, 지난주, 올해): totals by category;
- nothing understood: what can be asked, with this household's own names.

A cancelled card payment counts in no answer.
"""

import datetime as dt
import re
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet, Sum

from categorization.keywords import CONFIDENT, match_keywords
from households.models import Category, CategoryKind, Membership
from households.periods import Period, month_period, period_containing
from households.selectors import members_for

from ..budgets.selectors import budget_usage_for
from ..models import Entry, PaymentKind, PaymentMethod
from ..money import won
from ..parser.questions import DAY, MONTH, SPAN, WEEK, YEAR, AskedPeriod, read_question, strip_particle
from ..payments.installments import installments_left
from ..payments.selectors import payment_methods_for

MAX_LIST = 10
MAX_INSTALLMENTS_LISTED = 5
MAX_CATEGORY_LINES = 10
WEEKDAYS = "월화수목금토일"
# A category is often named with one of these after it: 교통비, 통신료, 커피값.
_NAME_TAILS = ("비", "값", "료", "대")


@dataclass
class Asked:
    """A question resolved against one household: the days, and who and what it is about."""

    asker: Membership
    text: str
    start: dt.date
    end: dt.date
    label: str  # "이번 달(11/1–11/30)"
    month: Period | None  # the household's month asked about (budgets are monthly)
    unit: str
    categories: list[Category] = field(default_factory=list)
    members: list[Membership] = field(default_factory=list)
    cards: list[PaymentMethod] = field(default_factory=list)
    memo_words: list[str] = field(default_factory=list)
    kind: str | None = None
    budget: bool = False
    listing: bool = False
    asks: bool = True  # False: read as a question from a period and names alone ("어제 택시")
    understood: bool = True  # something beyond a question mark was understood
    today: dt.date = dt.date.min


def question_read(*, membership: Membership, text: str, today: dt.date, asks: bool | None = None) -> Asked | None:
    """The question `text` asks, or None when it is no question (chatter, a word without an amount).

    A question has a question word or mark (the parser's `asks`), or names a period and nothing but
    the household's categories and members (`어제 택시`, `이번 달 식비`).
    """
    question = read_question(text, today)
    asks = question.asks if asks is None else asks or question.asks
    if not asks and question.period is None:
        return None
    household = membership.household
    categories = list(Category.objects.filter(household_id=household.pk))
    members = list(members_for(household_id=household.pk))
    asked = _asked_period(question.period, today, household.month_start_day, budget=question.budget)
    start, end, label, month, unit = asked
    result = Asked(
        asker=membership,
        text=text,
        start=start,
        end=end,
        label=label,
        month=month,
        unit=unit,
        kind=question.kind,
        budget=question.budget,
        listing=question.listing,
        asks=asks,
        today=today,
    )
    if question.me:
        result.members.append(membership)
    words = question.words
    result.cards = _cards_named(text, list(payment_methods_for(household_id=household.pk)))
    if result.cards:
        # The words that named the card (민지 카드, 신한카드) are the card's, not a member's or a memo's.
        keys = [_squash(key) for m in result.cards for key in (m.name, m.issuer, _SHORT.sub("", m.issuer)) if key]
        words = [w for w in words if not any(_squash(strip_particle(w)) in key for key in keys)]
    for word in words:
        if not _resolve(word, result, categories, members, question.kind):
            result.memo_words.append(strip_particle(word))
    for word in question.verbs:  # a verb-like word may still be a name (민지, 수지)
        _resolve(word, result, categories, members, question.kind, names_only=True)
    if not asks and result.memo_words:
        return None  # 오늘 날씨 좋다: a period and chatter, no question
    result.understood = bool(
        question.period or result.categories or result.members or result.memo_words or result.budget
    ) or bool(result.kind or result.listing or result.cards)
    return result


def question_answer(*, asked: Asked) -> str:
    """The answer, in Korean, short enough for a Kakao bubble (1,000 characters)."""
    if not asked.understood:
        return unknown_answer(asker=asked.asker)
    if asked.budget:
        return _budget_answer(asked)
    entries = _entries(asked)
    if asked.memo_words and not entries.exists() and not (asked.categories or asked.members):
        words = ", ".join(f"'{w}'" for w in asked.memo_words[:3])
        return f"{asked.label} 메모에 {words}이(가) 들어간 기록이 없어요.\n\n{unknown_answer(asker=asked.asker)}"
    if asked.listing or asked.unit == DAY:
        text = _list_answer(asked, entries)
    elif asked.categories or asked.members or asked.memo_words or asked.cards:
        text = _total_answer(asked, entries)
    else:
        text = _overview_answer(asked, entries)
    if asked.cards:
        text += _installments(asked)
    if not asked.asks and (asked.categories or asked.members):
        text += "\n기록하려면 금액도 함께 적어 주세요. 예: '어제 택시 12,300'"
    return text


def question_answer_text(*, membership: Membership, text: str, today: dt.date) -> str:
    """Reads and answers `text` as a question whatever it looks like (the /today and /month commands)."""
    asked = question_read(membership=membership, text=text, today=today, asks=True)
    return question_answer(asked=asked) if asked else unknown_answer(asker=membership)


def unknown_answer(*, asker: Membership) -> str:
    names = [m.display_name for m in members_for(household_id=asker.household_id)]
    someone = next((n for n in names if n != asker.display_name), asker.display_name)
    return (
        "무엇을 물으시는지 잘 모르겠어요. 이렇게 물어봐 주세요.\n"
        "• 이번 달 식비 얼마?\n"
        "• 지난달 카페 얼마?\n"
        f"• {someone} 이번 주 얼마 썼어?\n"
        "• 예산 얼마 남았어?\n"
        "• 어제 뭐 샀어?"
    )


# --- the period ---------------------------------------------------------------------------------


def _day(day: dt.date) -> str:
    return f"{day.month}/{day.day}"


def _range(start: dt.date, end: dt.date) -> str:
    return f"{_day(start)}–{_day(end)}"


def _day_label(day: dt.date, today: dt.date) -> str:
    named = {0: "오늘", -1: "어제", -2: "그제", 1: "내일"}.get((day - today).days)
    return f"{named}({_day(day)})" if named else f"{_day(day)}({WEEKDAYS[day.weekday()]})"


def month_label(period: Period, today: dt.date, start_day: int) -> str:
    current = period_containing(today, start_day)
    if period == current:
        name = "이번 달"
    elif period == current.previous(start_day):
        name = "지난달"
    elif period.year == current.year:
        name = f"{period.month}월"
    else:
        name = f"{period.year}년 {period.month}월"
    return f"{name}({_range(period.start, period.end)})"


def _month_of(asked: AskedPeriod, today: dt.date, start_day: int) -> Period:
    if asked.step is not None:
        period = period_containing(today, start_day)
        for _ in range(abs(asked.step)):
            period = period.next(start_day) if asked.step > 0 else period.previous(start_day)
        return period
    if asked.year is not None:
        return month_period(asked.year, asked.month, start_day)
    period = month_period(today.year, asked.month, start_day)  # 11월: the latest one begun
    return period if period.start <= today else month_period(today.year - 1, asked.month, start_day)


def _asked_period(
    asked: AskedPeriod | None, today: dt.date, start_day: int, *, budget: bool
) -> tuple[dt.date, dt.date, str, Period | None, str]:
    """(start, end, label, the household month or None, unit); no period named: this month."""
    if asked is None or (budget and asked.unit != YEAR):
        month = period_containing(asked.start if asked and asked.start else today, start_day)
        if asked is not None and asked.unit == MONTH:
            month = _month_of(asked, today, start_day)
        return month.start, month.end, month_label(month, today, start_day), month, MONTH
    if asked.unit == MONTH:
        month = _month_of(asked, today, start_day)
        return month.start, month.end, month_label(month, today, start_day), month, MONTH
    if asked.unit == YEAR:
        first, last = month_period(asked.year, 1, start_day), month_period(asked.year, 12, start_day)
        name = "올해" if asked.year == today.year else f"{asked.year}년"
        return first.start, last.end, f"{name}({_range(first.start, last.end)})", None, YEAR
    start, end = asked.start, asked.end
    if asked.unit == DAY:
        return start, end, _day_label(start, today), None, DAY
    if asked.unit == WEEK and (end - start).days == 6:
        monday = today - dt.timedelta(days=today.weekday())
        name = {0: "이번 주", -7: "지난주", 7: "다음 주"}.get((start - monday).days)
        return start, end, f"{name}({_range(start, end)})" if name else _range(start, end), None, WEEK
    if asked.unit == WEEK:
        return start, end, f"주말({_range(start, end)})", None, WEEK
    name = asked.said if asked.said.startswith("최근") else ""
    return start, end, f"{name}({_range(start, end)})" if name else _range(start, end), None, SPAN


# --- the words ----------------------------------------------------------------------------------

_KINDS = ((re.compile(r"체크\s*카드"), PaymentKind.CHECK), (re.compile(r"신용\s*카드"), PaymentKind.CREDIT))
_SHORT = re.compile(r"(?:카드|은행|체크)$")


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text).lower()


def _cards_named(text: str, methods: list[PaymentMethod]) -> list[PaymentMethod]:
    """The household's cards the text names: by their own name first, then by issuer, then by kind."""
    said = _squash(text)
    by_name = [m for m in methods if len(_squash(m.name)) >= 2 and _squash(m.name) in said]
    if by_name:
        return by_name
    chosen = []
    for method in methods:
        keys = {method.issuer, _SHORT.sub("", method.issuer)} - {""}
        if any(len(key) >= 2 and _squash(key) in said for key in keys):
            chosen.append(method)
    if chosen:
        # "신한카드" asks about the cards, not the 신한은행 account (and the other way round).
        bank_words = "은행" in said or "통장" in said or "계좌" in said
        narrowed = [m for m in chosen if (m.kind == PaymentKind.BANK) == bank_words]
        return narrowed or chosen
    for pattern, kind in _KINDS:
        if pattern.search(text):
            return [m for m in methods if m.kind == kind]
    return []


def _member_named(word: str, members: list[Membership]) -> Membership | None:
    for candidate in (word, strip_particle(word), word.removesuffix("님"), word.removesuffix("씨")):
        for member in members:
            name = member.display_name.replace(" ", "")
            if candidate == name or (
                len(candidate) >= 2 and len(name) == len(candidate) + 1 and name.endswith(candidate)
            ):
                return member  # 준호 for 김준호: the family name is often left out
    return None


def _category_named(word: str, categories: list[Category], kind: str | None) -> Category | None:
    word = strip_particle(word).lower()
    choices = [c for c in categories if kind is None or c.kind == kind]
    for matches in (
        lambda c, w: c.name.replace(" ", "").lower() == w or c.slug == w,
        lambda c, w: w in [part.strip() for part in c.name.lower().replace("·", "/").split("/")],
        lambda c, w: any(
            len(part.strip()) >= 2 and w == part.strip() + tail
            for part in c.name.lower().replace("·", "/").split("/")
            for tail in _NAME_TAILS
        ),
    ):
        found = [c for c in choices if matches(c, word)]
        if len(found) == 1 or (found and all(not c.is_hidden for c in found[:1])):
            return found[0]
    for rule_kind in (kind,) if kind else (CategoryKind.EXPENSE, CategoryKind.INCOME):
        match = match_keywords(word, rule_kind)
        if match is not None and match.confidence >= CONFIDENT:
            found = [c for c in categories if c.slug == match.slug and c.kind == rule_kind]
            if found:
                return found[0]
    return None


def _resolve(
    word: str,
    asked: Asked,
    categories: list[Category],
    members: list[Membership],
    kind: str | None,
    *,
    names_only: bool = False,
) -> bool:
    member = _member_named(word, members)
    if member is not None:
        if member not in asked.members:
            asked.members.append(member)
        return True
    if names_only:
        return False
    category = _category_named(word, categories, kind)
    if category is not None:
        if category not in asked.categories:
            asked.categories.append(category)
        return True
    return False


# --- the answers --------------------------------------------------------------------------------


def _entries(asked: Asked) -> QuerySet[Entry]:
    entries = Entry.objects.filter(
        household_id=asked.asker.household_id, spent_on__range=(asked.start, asked.end), cancelled_at__isnull=True
    )
    if asked.cards:
        entries = entries.filter(payment_method__in=asked.cards)
    if asked.categories:
        entries = entries.filter(category__in=asked.categories)
    if asked.members:
        entries = entries.filter(paid_by__in=asked.members)
    for word in asked.memo_words:
        entries = entries.filter(memo__icontains=word)
    kind = asked.kind or (asked.categories[0].kind if len({c.kind for c in asked.categories}) == 1 else None)
    if kind:
        entries = entries.filter(kind=kind)
    return entries


def _sums(entries: QuerySet[Entry]) -> dict:
    return entries.order_by().aggregate(
        expense=Sum("amount_krw", filter=Q(kind=CategoryKind.EXPENSE), default=0),
        income=Sum("amount_krw", filter=Q(kind=CategoryKind.INCOME), default=0),
        count=Count("pk"),
    )


def _who_and_what(asked: Asked) -> str:
    parts = []
    if asked.cards:
        parts.append(" · ".join(m.name for m in asked.cards))
    if asked.members:
        parts.append(", ".join(f"{m.display_name}님" for m in asked.members))
    if asked.categories:
        parts.append(" + ".join(c.name for c in asked.categories))
    if asked.memo_words:
        parts.append("메모 " + ", ".join(f"'{w}'" for w in asked.memo_words))
    return " · ".join(parts)


def _money(sums: dict, kind: str | None) -> str:
    if kind == CategoryKind.INCOME:
        return f"수입 {won(sums['income'])}"
    if kind == CategoryKind.EXPENSE or not sums["income"]:
        return f"지출 {won(sums['expense'])}"
    return f"지출 {won(sums['expense'])} · 수입 {won(sums['income'])}"


def _kind_of(asked: Asked) -> str | None:
    kinds = {c.kind for c in asked.categories}
    return asked.kind or (kinds.pop() if len(kinds) == 1 else None)


def _list_answer(asked: Asked, entries: QuerySet[Entry]) -> str:
    sums = _sums(entries)
    about = _who_and_what(asked)
    head = f"📅 {asked.label}{' ' + about if about else ''} {_money(sums, _kind_of(asked))} · {sums['count']}건"
    if not sums["count"]:
        return f"{head}\n기록이 없어요."
    rows = list(entries.select_related("category", "paid_by").order_by("-spent_on", "-created_at", "-pk")[:MAX_LIST])
    several_payers = len({e.paid_by_id for e in rows}) > 1
    lines = [head]
    for entry in rows:
        sign = "+" if entry.kind == CategoryKind.INCOME else ""
        memo = f" {entry.memo}" if entry.memo else ""
        payer = f" · {entry.paid_by.display_name}" if several_payers else ""
        lines.append(f"• {_day(entry.spent_on)} {entry.category.name}{memo} {sign}{won(entry.amount_krw)}{payer}")
    if sums["count"] > len(rows):
        lines.append(f"… 외 {sums['count'] - len(rows)}건")
    return "\n".join(lines)


def _budget_line(asked: Asked, category: Category) -> str:
    if asked.month is None or category.kind != CategoryKind.EXPENSE:
        return ""
    usage = next((u for u in budget_usage_for(household_id=category.household_id, period=asked.month)
                  if u.category_id == category.pk), None)  # fmt: skip
    if usage is None:
        return ""
    state = f"{won(usage.left)} 남음" if usage.left >= 0 else f"{won(-usage.left)} 넘음"
    return f"\n예산 {won(usage.budget)}의 {usage.percent}% · {state}"


def _total_answer(asked: Asked, entries: QuerySet[Entry]) -> str:
    sums = _sums(entries)
    kind = _kind_of(asked)
    text = f"📊 {asked.label} {_who_and_what(asked)} {_money(sums, kind)} · {sums['count']}건"
    if len(asked.categories) > 1 or ((asked.members or asked.cards) and not asked.categories):
        rows = (
            entries.order_by()
            .values("category__name")
            .annotate(total=Sum("amount_krw"))
            .order_by("-total", "category__name")[:5]
        )
        text += "\n" + " · ".join(f"{row['category__name']} {won(row['total'])}" for row in rows) if rows else ""
    if len(asked.categories) == 1 and not asked.members and not asked.memo_words:
        text += _budget_line(asked, asked.categories[0])
    return text


def _overview_answer(asked: Asked, entries: QuerySet[Entry]) -> str:
    sums = _sums(entries)
    head = f"📊 {asked.label} 지출 {won(sums['expense'])} · 수입 {won(sums['income'])}"
    if asked.kind:
        head = f"📊 {asked.label} {_money(sums, asked.kind)} · {sums['count']}건"
    if not sums["count"]:
        return f"{head}\n기록이 아직 없어요."
    rows = list(
        entries.order_by().values("category__name", "kind").annotate(total=Sum("amount_krw")).order_by("kind", "-total")
    )
    lines = [head]
    for kind, title in ((CategoryKind.EXPENSE, "지출"), (CategoryKind.INCOME, "수입")):
        kind_rows = [r for r in rows if r["kind"] == kind]
        if kind_rows:
            lines.append(f"[{title}]")
            lines += [f"• {r['category__name']} {won(r['total'])}" for r in kind_rows[:MAX_CATEGORY_LINES]]
            if len(kind_rows) > MAX_CATEGORY_LINES:
                lines.append(f"… 외 {len(kind_rows) - MAX_CATEGORY_LINES}개 분류")
    if asked.month is not None and asked.month.contains(asked.today):
        lines.append(f"남은 날 {(asked.month.end - asked.today).days}일")
    return "\n".join(lines)


def _budget_answer(asked: Asked) -> str:
    month = asked.month or period_containing(asked.today, asked.asker.household.month_start_day)
    usages = budget_usage_for(household_id=asked.asker.household_id, period=month)
    if asked.categories:
        wanted = {c.pk for c in asked.categories}
        usages = [u for u in usages if u.category_id in wanted]
    head = f"💰 {asked.label} 예산"
    if month.contains(asked.today):
        head += f" · 남은 날 {(month.end - asked.today).days}일"
    if not usages:
        spent = _sums(_entries(asked))["expense"]
        what = " + ".join(c.name for c in asked.categories) or "전체"
        return (
            f"{what} 예산은 아직 정하지 않았어요. 웹의 '예산'에서 정할 수 있어요.\n"
            f"📊 {asked.label} {_who_and_what(asked) or '전체'} 지출 {won(spent)}"
        )
    lines = [head]
    for usage in usages:
        state = f"{won(usage.left)} 남음" if usage.left >= 0 else f"{won(-usage.left)} 넘음"
        lines.append(f"• {usage.name} {won(usage.spent)} / {won(usage.budget)} ({usage.percent}%) · {state}")
    return "\n".join(lines)


def _installments(asked: Asked) -> str:
    """The cards' 할부 purchases still being paid, newest first, with the months that remain."""
    today = asked.today
    running = [
        entry
        for entry in Entry.objects.filter(
            household_id=asked.asker.household_id,
            payment_method__in=asked.cards,
            installments__gt=1,
            spent_on__range=(today - dt.timedelta(days=31 * 60), today),
            cancelled_at__isnull=True,
        ).order_by("-spent_on", "-pk")
        if installments_left(entry, today) > 0
    ]
    if not running:
        return ""
    lines = ["", "할부 갚는 중:"]
    for entry in running[:MAX_INSTALLMENTS_LISTED]:
        left = installments_left(entry, today)
        memo = entry.memo or "(메모 없음)"
        lines.append(f"• {memo} {won(entry.amount_krw)} — {entry.installments}개월 중 {left}개월 남음")
    if len(running) > MAX_INSTALLMENTS_LISTED:
        lines.append(f"… 외 {len(running) - MAX_INSTALLMENTS_LISTED}건")
    return "\n".join(lines)
