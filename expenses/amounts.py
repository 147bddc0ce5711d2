"""What an amount of won may be, and the words every door uses when one is refused (forms, messages, chats)."""

from .models import MAX_AMOUNT_KRW
from .parser.amounts import NEGATIVE, TOO_LARGE, read_amount

NEGATIVE_TEXT = "금액은 양수로 적어 주세요. 환불이라면 '환불'이라고 적어 주세요. 예: 점심 환불 5000원"
TOO_LARGE_TEXT = "금액이 너무 커요. 1조 원 미만으로 적어 주세요."
INVALID_TEXT = "금액을 5000, 1만2천, 100만원처럼 적어 주세요."
ZERO_TEXT = "금액은 1원 이상이어야 해요."


def amount_from_text(text: str) -> tuple[int | None, str]:
    """A typed amount (`100만`, `1,000,000`, `50만원`) read as the messages read it: (won, "") or (None, the
    Korean reason)."""
    value, problem = read_amount(text)
    if value == 0:
        return None, ZERO_TEXT
    if value is not None and value <= MAX_AMOUNT_KRW:
        return value, ""
    if problem == NEGATIVE:
        return None, NEGATIVE_TEXT
    if problem == TOO_LARGE:
        return None, TOO_LARGE_TEXT
    return None, INVALID_TEXT
