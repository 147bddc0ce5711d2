"""What the parser hands back: items, refused foreign amounts, and whether it was a question."""

from dataclasses import dataclass, field
from datetime import date

MAX_AMOUNT_KRW = 10**12 - 1  # amounts above are not read as money

# How a notification's payment was made.
CREDIT = "credit"
CHECK = "check"
BANK = "bank"

# Why a card or bank notification records nothing (ParseResult.skipped).
SKIP_FOREIGN = "foreign_currency_approval"  # 해외승인, USD 15.49: only KRW is recorded
SKIP_BILL = "bill_notice"  # 결제예정금액, 청구금액, 출금예정: a bill announced, not a payment
SKIP_LIMIT = "limit_notice"  # 한도 상향, 잔여한도, 한도초과
SKIP_DECLINED = "declined"  # 승인거절: nothing was paid
SKIP_CODE = "verification_code"  # 인증번호
SKIP_AD = "advertisement"  # (광고), 수신거부
SKIP_NOTICE = "notice"  # a card company's or bank's text that pays nothing: points, a card issued, no amount read
SKIP_REASONS = (SKIP_FOREIGN, SKIP_BILL, SKIP_LIMIT, SKIP_DECLINED, SKIP_CODE, SKIP_AD, SKIP_NOTICE)


@dataclass(frozen=True)
class Payment:
    """How a notified payment was made: the card or account that the text speaks for."""

    method: str  # "credit", "check" or "bank"
    issuer: str  # normalised: 신한카드, KB국민카드, 카카오뱅크, KB국민은행 …
    last4: str | None  # the card's or account's last digits as printed ("3821"), None when masked or absent
    installments: int  # 1 for 일시불, check cards and bank notices; N for 할부 N개월
    # "08:42" when the text prints it: tells two like payments of one day apart. Not part of what the
    # payment is (equality), only of which delivery it came in.
    time: str | None = field(default=None, compare=False)


@dataclass(frozen=True)
class ParsedItem:
    kind: str  # "expense" or "income"
    amount_krw: int  # > 0, integer won
    spent_on: date
    memo: str  # the item's words that are not amount or date (may be ""); a notification's merchant
    cancel: bool = False  # the text cancels this payment (승인취소, 취소); the rest describes the payment
    payment: Payment | None = None  # None for a typed message; set for a card or bank notification


@dataclass(frozen=True)
class RefusedAmount:
    text: str  # as typed, e.g. "1200엔"
    currency: str  # ISO code, e.g. "JPY"


@dataclass(frozen=True)
class ParseResult:
    items: tuple[ParsedItem, ...]
    refused: tuple[RefusedAmount, ...]  # foreign-currency amounts, never recorded as won
    is_question: bool  # no amount and looks like a question (얼마, ?, 알려줘 …)
    skipped: str | None = None  # a notification that records nothing, and why: one of SKIP_REASONS
    # Amounts read as money that are never recorded, as typed: `-5000원` (negative) and 1조 원 or more
    # (too_large). Either refuses the whole message: recording the rest would leave the person unsure.
    negative: tuple[str, ...] = ()
    too_large: tuple[str, ...] = ()
