"""What HomeNRich says back after a message, in the same words on every channel."""

from ..models import MessageOutcome
from ..money import won
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


def entry_line(entry) -> str:
    sign = "+" if entry.kind == "income" else ""
    memo = f" {entry.memo}" if entry.memo else ""
    return f"{entry.category.name}{memo} {sign}{won(entry.amount_krw)} ({entry.spent_on.month}/{entry.spent_on.day})"


def _understood(result: RecordResult) -> str:
    items = result.out_of_range or list(result.parsed.items if result.parsed else ())
    parts = [" ".join(filter(None, [korean_date(i.spent_on), i.memo, won(i.amount_krw)])) for i in items[:3]]
    return ", ".join(f"'{part}'" for part in parts)


def record_reply(result: RecordResult) -> str:
    outcome = result.outcome
    if outcome == MessageOutcome.RECORDED:
        lines = [f"✅ {entry_line(e)}" for e in result.entries]
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
    return record_reply(result)
