"""Korean household-ledger message parser: text in, items (kind, amount, date, memo) out."""

from .core import parse_message
from .model import MAX_AMOUNT_KRW, ParsedItem, ParseResult, Payment, RefusedAmount

__all__ = ["MAX_AMOUNT_KRW", "ParseResult", "ParsedItem", "Payment", "RefusedAmount", "parse_message"]
