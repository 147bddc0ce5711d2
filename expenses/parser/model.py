"""What the parser hands back: items, refused foreign amounts, and whether it was a question."""

from dataclasses import dataclass
from datetime import date

MAX_AMOUNT_KRW = 10**12 - 1  # amounts above are not read as money


@dataclass(frozen=True)
class ParsedItem:
    kind: str  # "expense" or "income"
    amount_krw: int  # > 0, integer won
    spent_on: date
    memo: str  # the item's words that are not amount or date (may be "")


@dataclass(frozen=True)
class RefusedAmount:
    text: str  # as typed, e.g. "1200엔"
    currency: str  # ISO code, e.g. "JPY"


@dataclass(frozen=True)
class ParseResult:
    items: tuple[ParsedItem, ...]
    refused: tuple[RefusedAmount, ...]  # foreign-currency amounts, never recorded as won
    is_question: bool  # no amount and looks like a question (얼마, ?, 알려줘 …)
