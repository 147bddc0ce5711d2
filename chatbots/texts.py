"""What the bots say, in Korean, the same on Telegram and Kakao."""

import datetime as dt

from expenses.entries.replies import entry_line
from expenses.entries.selectors import entry_list, period_totals
from expenses.models import CategoryState, Entry
from expenses.money import won
from households.models import CategoryKind, Household
from households.periods import Period, period_containing

from . import selectors

MAX_LIST_LINES = 15

HELP = (
    "홈앤리치 가계부예요. 이렇게 보내 주세요.\n"
    "• 기록: '점심 김밥 5000원', '점심 8천, 커피 4500', '월급 350만원 들어옴'\n"
    "• 오늘 / 이번 달: 쓴 돈 보기\n"
    "• 취소: 방금 기록 지우기\n"
    "• '방금 거 카페로': 방금 기록의 분류 바꾸기\n"
    "• 가구 바꾸기: 연결한 다른 가구로 옮기기"
)
HOW_TO_LINK_TELEGRAM = (
    "아직 가계부와 연결되지 않았어요. 홈앤리치 웹에 로그인해 '채팅 연결'을 열고 "
    "텔레그램 연결 링크를 눌러 주세요. (링크는 10분 동안 한 번 쓸 수 있어요.)"
)
HOW_TO_LINK_TELEGRAM_GROUP = (
    "이 그룹은 아직 가계부와 연결되지 않았어요. 홈앤리치 웹의 '채팅 연결'에서 "
    "'그룹에 연결' 링크를 눌러 이 그룹을 골라 주세요."
)
HOW_TO_LINK_GROUP_MEMBER = (
    "{name}님, 이 그룹에서 기록하려면 먼저 연결해 주세요. 홈앤리치 웹의 '채팅 연결'에서 "
    "텔레그램 링크를 누르면 돼요. 연결 전에는 기록하지 않아요."
)
HOW_TO_LINK_KAKAO = (
    "아직 가계부와 연결되지 않았어요. 홈앤리치 웹에 로그인해 '채팅 연결'에 보이는 "
    "8자리 코드를 '연결 ABCD2345'처럼 보내 주세요. (코드는 10분 동안 한 번 쓸 수 있어요.)"
)
RATE_LIMITED = "메시지가 너무 빨리 오고 있어요. 1분쯤 뒤에 다시 보내 주세요. 받은 메시지는 저장해 두었어요."
DUPLICATE = "방금 같은 메시지를 받아서 한 번만 기록했어요. 정말 두 번이면 조금 뒤에 다시 보내 주세요."
NOT_TEXT = "지금은 글자로 보낸 메시지만 읽을 수 있어요. '점심 김밥 5000원'처럼 보내 주세요."
NOTHING_TO_UNDO = "이 채팅에서 취소할 기록이 없어요."
NOT_FOUND = "이 가계부의 항목을 찾지 못했어요. 이미 취소했을 수 있어요."
UNKNOWN_BUTTON = "이 버튼은 더 이상 쓸 수 없어요. 메시지를 다시 보내 주세요."
ERROR = "잠시 문제가 생겼어요. 메시지는 저장해 두었으니 조금 뒤에 다시 확인해 주세요."
ONLY_ONE_HOUSEHOLD = (
    "이 채팅에 연결된 가구가 하나예요. 다른 가구도 쓰려면 그 가구의 '채팅 연결'에서 새 링크나 코드를 받아 주세요."
)
QUESTION_HINT = "지금은 '오늘', '이번 달', '이번 달 신한카드 얼마?'처럼 카드별로 답할 수 있어요."


def clean(text: str) -> str:
    """Text safe to store: no NUL (PostgreSQL refuses it), no lone surrogates (not UTF-8)."""
    return text.replace("\x00", "").encode("utf-8", "replace").decode("utf-8")


def linked(household: Household, name: str) -> str:
    return f"🔗 '{household.name}' 가계부에 {name}님으로 연결됐어요.\n\n{HELP}"


def switched(household: Household) -> str:
    return f"🏠 이제 '{household.name}' 가계부에 기록해요. 다시 바꾸려면 '가구 바꾸기'를 보내 주세요."


def period_label(period: Period, today: dt.date) -> str:
    return "이번 달" if period.contains(today) else f"{period.month}월"


def period_range(period: Period) -> str:
    return f"{period.start.month}/{period.start.day}–{period.end.month}/{period.end.day}"


def entries_text(*, entries: list[Entry], today: dt.date, start_day: int) -> str:
    """The reply to a recorded message: each entry, then this period's total for each category touched."""
    lines = []
    for entry in entries:
        pending = " · 분류 확인 중" if entry.category_state == CategoryState.PENDING else ""
        lines.append(f"✅ {entry_line(entry)}{pending}")
    by_period: dict[str, tuple[Period, list[Entry]]] = {}
    for entry in entries:
        period = period_containing(entry.spent_on, start_day)
        by_period.setdefault(period.key, (period, []))[1].append(entry)
    for period, period_entries in by_period.values():
        categories = {e.category_id: e.category for e in period_entries}
        totals = selectors.category_totals_for(
            household_id=entries[0].household_id, category_ids=list(categories), start=period.start, end=period.end
        )
        for category_id, category in categories.items():
            total = totals.get(category_id, 0)
            lines.append(f"📊 {period_label(period, today)} {category.name} 합계 {won(total)}")
    return "\n".join(lines)


def today_text(*, household: Household, today: dt.date) -> str:
    entries = list(entry_list(household_id=household.pk, start=today, end=today))
    day = f"{today.month}/{today.day}"
    if not entries:
        return f"📅 오늘({day})은 아직 기록이 없어요."
    totals = period_totals(household_id=household.pk, start=today, end=today)
    lines = [f"📅 오늘({day}) 지출 {won(totals['expense'])} · 수입 {won(totals['income'])}"]
    lines += [f"• {entry_line(e)}" for e in entries[:MAX_LIST_LINES]]
    if len(entries) > MAX_LIST_LINES:
        lines.append(f"… 외 {len(entries) - MAX_LIST_LINES}건")
    return "\n".join(lines)


def month_text(*, household: Household, today: dt.date) -> str:
    """Totals by category for the household's own month (which may start on payday)."""
    period = period_containing(today, household.month_start_day)
    totals = period_totals(household_id=household.pk, start=period.start, end=period.end)
    head = f"📊 {period.month}월 ({period_range(period)}) 지출 {won(totals['expense'])} · 수입 {won(totals['income'])}"
    rows = selectors.category_totals(household_id=household.pk, start=period.start, end=period.end)
    if not rows:
        return f"{head}\n이번 달 기록이 아직 없어요."
    lines = [head]
    for kind, title in ((CategoryKind.EXPENSE, "지출"), (CategoryKind.INCOME, "수입")):
        kind_rows = [r for r in rows if r["kind"] == kind]
        if kind_rows:
            lines.append(f"[{title}]")
            lines += [f"• {r['category__name']} {won(r['total'])}" for r in kind_rows[:MAX_LIST_LINES]]
    days_left = (period.end - today).days
    if days_left >= 0:
        lines.append(f"남은 날 {days_left}일")
    return "\n".join(lines)


def short_memo(entry: Entry, limit: int = 6) -> str:
    memo = entry.memo or entry.category.name
    return memo if len(memo) <= limit else memo[: limit - 1] + "…"
