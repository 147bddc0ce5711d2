"""What the bots say, in Korean, the same on Telegram and Kakao."""

import datetime as dt

from expenses.entries.replies import entry_line
from expenses.models import CategoryState, Entry
from expenses.money import won
from households.models import CategoryKind, Household
from households.periods import Period, period_containing

from . import selectors

HELP = (
    "홈앤리치 가계부예요. 이렇게 보내 주세요.\n"
    "• 기록: '점심 김밥 5000원', '점심 8천, 커피 4500', '월급 350만원 들어옴'\n"
    "• 묻기: '오늘', '이번 달 식비 얼마?', '지난달 카페 얼마?', '예산 얼마 남았어?'\n"
    "• 취소: 방금 기록 지우기\n"
    "• '방금 거 카페로': 방금 기록의 분류 바꾸기\n"
    "• 텔레그램에서는 기록에 답장으로 '취소', '교통으로 바꿔줘'라고 하면 그 기록을 바꿔요\n"
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
NOT_TEXT = "지금은 글자만 읽을 수 있어요. '점심 김밥 5000원'처럼 보내 주세요. 사진은 설명(캡션)에 적어 주시면 읽어요."
NO_TARGET = "답장한 메시지로 기록한 항목이 없어요. 이미 취소했을 수 있어요."
NOTHING_TO_UNDO = "이 채팅에서 취소할 기록이 없어요."
NOT_FOUND = "이 가계부의 항목을 찾지 못했어요. 이미 취소했을 수 있어요."
UNKNOWN_BUTTON = "이 버튼은 더 이상 쓸 수 없어요. 메시지를 다시 보내 주세요."
ERROR = "잠시 문제가 생겼어요. 메시지는 저장해 두었으니 조금 뒤에 다시 확인해 주세요."
ONLY_ONE_HOUSEHOLD = (
    "이 채팅에 연결된 가구가 하나예요. 다른 가구도 쓰려면 그 가구의 '채팅 연결'에서 새 링크나 코드를 받아 주세요."
)


def clean(text: str) -> str:
    """Text safe to store: no NUL (PostgreSQL refuses it), no lone surrogates (not UTF-8)."""
    return text.replace("\x00", "").encode("utf-8", "replace").decode("utf-8")


def linked(household: Household, name: str) -> str:
    return f"🔗 '{household.name}' 가계부에 {name}님으로 연결됐어요.\n\n{HELP}"


def switched(household: Household) -> str:
    return f"🏠 이제 '{household.name}' 가계부에 기록해요. 다시 바꾸려면 '가구 바꾸기'를 보내 주세요."


def period_label(period: Period, today: dt.date) -> str:
    return "이번 달" if period.contains(today) else f"{period.month}월"


def entries_text(*, entries: list[Entry], today: dt.date, start_day: int, max_chars: int = 4096) -> str:
    """The reply to a recorded message: each entry, then this period's total for each category touched.

    A long message (hundreds of items) lists as many entries as fit in `max_chars` and says how many
    more there were, with their sum; the totals are never dropped.
    """
    totals = _period_totals(entries, today, start_day)
    lines = []
    for entry in entries:
        pending = " · 분류 확인 중" if entry.category_state == CategoryState.PENDING else ""
        lines.append(f"✅ {entry_line(entry)}{pending}")
    room = max_chars - len("\n".join(totals)) - 60
    shown: list[str] = []
    for line in lines:
        if len("\n".join([*shown, line])) > room:
            break
        shown.append(line)
    if len(shown) < len(lines):
        rest = entries[len(shown) :]
        expense = sum(e.amount_krw for e in rest if e.kind == CategoryKind.EXPENSE)
        income = sum(e.amount_krw for e in rest if e.kind == CategoryKind.INCOME)
        sums = " · ".join(
            part for part in (expense and f"지출 {won(expense)}", income and f"수입 {won(income)}") if part
        )
        shown.append(f"… 외 {len(rest)}건도 기록했어요 ({sums})")
    return "\n".join([*shown, *totals])


def _period_totals(entries: list[Entry], today: dt.date, start_day: int) -> list[str]:
    """Each touched category's total in each touched period, read from one aggregate query."""
    lines = []
    if not entries:
        return lines
    by_period: dict[str, tuple[Period, list[Entry]]] = {}
    for entry in entries:
        period = period_containing(entry.spent_on, start_day)
        by_period.setdefault(period.key, (period, []))[1].append(entry)
    groups = list(by_period.values())
    categories = [{e.category_id: e.category for e in period_entries} for _, period_entries in groups]
    totals = selectors.category_totals_for(
        household_id=entries[0].household_id,
        periods=[(period.start, period.end, list(cats)) for (period, _), cats in zip(groups, categories, strict=True)],
    )
    for index, ((period, _), cats) in enumerate(zip(groups, categories, strict=True)):
        for category_id, category in cats.items():
            total = totals.get((index, category_id), 0)
            lines.append(f"📊 {period_label(period, today)} {category.name} 합계 {won(total)}")
    return lines


def short_memo(entry: Entry, limit: int = 6) -> str:
    memo = entry.memo or entry.category.name
    return memo if len(memo) <= limit else memo[: limit - 1] + "…"
