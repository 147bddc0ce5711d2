"""What HomeNRich says back after a message, in the same words on every channel."""

from django.utils import timezone

from ..models import MessageOutcome, PaymentKind
from ..money import won
from ..parser.model import SKIP_AD, SKIP_BILL, SKIP_CODE, SKIP_DECLINED, SKIP_FOREIGN, SKIP_LIMIT, SKIP_NOTICE
from ..payments.installments import installments_text
from . import services
from .questions import question_answer
from .rules import date_window_text, korean_date
from .services import MAX_MESSAGE_CHARS, RecordResult, RevisionResult

NO_AMOUNT = "금액을 찾지 못했어요. '점심 김밥 5000원'처럼 무엇에 얼마를 썼는지 적어 주세요."
FOREIGN = "지금은 원화(KRW)만 기록할 수 있어요. {refused}은(는) 원화로 바꿔 적어 주세요."
READ_ONLY = "보기 전용 구성원은 기록할 수 없어요. 가구 관리자에게 역할 변경을 부탁해 주세요."
TOO_LONG = f"메시지가 너무 길어요. {MAX_MESSAGE_CHARS:,}자 이내로 나눠 보내 주세요."
ERROR = "기록하는 중에 문제가 생겼어요. 메시지는 저장해 두었으니 잠시 뒤 확인해 주세요."
PARSE_ERROR = "이 메시지를 읽다가 문제가 생겼어요. 메시지는 저장해 두었어요. 조금 다르게 적어 다시 보내 주세요."
OUT_OF_RANGE = "{understood}(으)로 읽었어요. {window} 날짜를 고쳐 다시 보내 주세요. 아무것도 기록하지 않았어요."
ALREADY_RECORDED = "이미 받은 알림이에요. 한 번만 기록해 두었어요."
SKIPPED = {
    SKIP_FOREIGN: (
        "해외 결제 알림이라 기록하지 않았어요. 지금은 원화(KRW)만 기록할 수 있어요. "
        "원화로 청구되면 그 금액을 적어 주세요."
    ),
    SKIP_BILL: "결제 예정 안내라서 기록하지 않았어요. 쓴 돈은 결제할 때마다 받은 승인 알림으로 기록해요.",
    SKIP_LIMIT: "카드 한도 안내라서 기록하지 않았어요.",
    SKIP_DECLINED: "승인 거절 알림이라 기록하지 않았어요. 결제되지 않은 거래예요.",
    SKIP_CODE: "인증번호 문자라서 기록하지 않았어요. 번호는 가려서 보관했어요.",
    SKIP_AD: "광고 문자라서 기록하지 않았어요.",
    SKIP_NOTICE: "결제나 입출금이 아닌 안내 문자라서 기록하지 않았어요.",
}
SKIPPED_OTHER = "기록할 결제가 없는 알림이라 기록하지 않았어요."


def entry_line(entry) -> str:
    sign = "+" if entry.kind == "income" else ""
    memo = f" {entry.memo}" if entry.memo else ""
    day = entry.spent_on
    # Another year says so: "(2025/12/31)", not a "(12/31)" read as this year's.
    when = f"{day.month}/{day.day}" if day.year == timezone.localdate().year else f"{day.year}/{day.month}/{day.day}"
    line = f"{entry.category.name}{memo} {sign}{won(entry.amount_krw)} ({when})"
    details = []
    if entry.payment_method_id is not None:
        details.append(entry.payment_method.name)
    if entry.installments > 1:
        details.append(installments_text(entry))
    if entry.cancelled_at is not None:
        details.append("취소됨")
    return f"{line} · {' · '.join(details)}" if details else line


def _joined(entry) -> str:
    method = entry.payment_method
    return (
        "입출금 알림과 합쳤어요" if method is not None and method.kind == PaymentKind.BANK else "카드 문자와 합쳤어요"
    )


def item_line(item: services.ItemOutcome) -> str:
    """One item's answer: what became of it."""
    entry = item.entry
    if item.action == services.NEW:
        return f"✅ {entry_line(entry)}"
    if item.action == services.MERGED:
        return f"🔗 {_joined(entry)}: {entry_line(entry)}"
    if item.action == services.DUPLICATE:
        return f"☑️ 이미 기록한 결제예요: {entry_line(entry)}" if entry is not None else ALREADY_RECORDED
    if item.action == services.CANCELLED:
        if entry is None:
            return "↩️ 승인 취소 알림이에요. 그 결제의 기록은 이미 지워져 있어요."
        return f"↩️ 승인이 취소되어 기록을 취소로 표시했어요(합계에서 빠져요): {entry_line(entry)}"
    if item.action == services.REFUND:
        return f"↩️ 취소된 승인 기록을 찾지 못해 환불로 기록했어요: {entry_line(entry)}"
    return f"✅ 먼저 받은 취소 알림과 짝을 맞춰 취소된 결제로 기록했어요(합계에서 빠져요): {entry_line(entry)}"


def _understood(result: RecordResult) -> str:
    items = result.out_of_range or list(result.parsed.items if result.parsed else ())
    parts = [" ".join(filter(None, [korean_date(i.spent_on), i.memo, won(i.amount_krw)])) for i in items[:3]]
    return ", ".join(f"'{part}'" for part in parts)


def record_reply(result: RecordResult) -> str:
    outcome = result.outcome
    if outcome == MessageOutcome.RECORDED:
        lines = [item_line(item) for item in result.items]
        if result.parsed and result.parsed.refused:
            refused = ", ".join(r.text for r in result.parsed.refused)
            lines.append(FOREIGN.format(refused=refused))
        return "\n".join(lines)
    if outcome == MessageOutcome.QUESTION and result.asked is not None:
        return question_answer(asked=result.asked)
    if outcome == MessageOutcome.FOREIGN_CURRENCY:
        return FOREIGN.format(refused=", ".join(r.text for r in result.parsed.refused))
    if outcome == MessageOutcome.DATE_OUT_OF_RANGE:
        return OUT_OF_RANGE.format(understood=_understood(result), window=date_window_text())
    if outcome == MessageOutcome.READ_ONLY:
        return READ_ONLY
    if outcome == MessageOutcome.TOO_LONG:
        return TOO_LONG
    if outcome == MessageOutcome.PARSE_ERROR:
        return PARSE_ERROR
    if outcome == MessageOutcome.ERROR:
        return ERROR
    if outcome == MessageOutcome.ALREADY_RECORDED:
        lines = [item_line(item) for item in result.items]
        return "\n".join(lines) if any(item.entry for item in result.items) else ALREADY_RECORDED
    if outcome == MessageOutcome.NOTICE_SKIPPED:
        return SKIPPED.get(result.parsed.skipped if result.parsed else "", SKIPPED_OTHER)
    return NO_AMOUNT


def revision_reply(result: RevisionResult) -> str:
    """Why an edit changed nothing: the same words as for a new message, or that the entries stand."""
    outcome = result.outcome
    if outcome in (MessageOutcome.NO_AMOUNT, MessageOutcome.FOREIGN_CURRENCY):
        return "고친 메시지에서 원화 금액을 찾지 못해서 기록은 그대로 두었어요. 지우려면 '취소'를 보내 주세요."
    if outcome == MessageOutcome.DATE_OUT_OF_RANGE:
        understood = ", ".join(
            f"'{korean_date(i.spent_on)} {i.memo} {won(i.amount_krw)}'".replace("  ", " ")
            for i in result.out_of_range[:3]
        )
        return f"{understood}(으)로 읽었어요. {date_window_text()} 기록은 그대로 두었어요."
    if outcome == MessageOutcome.ERROR:
        return f"{result.refusal or '고친 내용을 반영하지 못했어요.'} 기록은 그대로 두었어요."
    return record_reply(result)


def web_notice(result: RecordResult) -> str:
    """The same answer for the web page, where the list itself shows each new row."""
    if result.outcome == MessageOutcome.RECORDED:
        return record_reply(result).replace("✅ ", "기록했어요 · ")
    return record_reply(result).replace("☑️ ", "")
