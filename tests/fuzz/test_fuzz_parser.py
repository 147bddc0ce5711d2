"""The parser on generated input: never raises, and every item it returns is a sane KRW entry."""

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from expenses.parser import MAX_AMOUNT_KRW, parse_message
from tests.fuzz.conftest import examples
from tests.fuzz.strategies import message_text

todays = st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2100, 12, 31))


@examples("parser")
@given(text=message_text, today=todays)
def test_the_parser_never_raises_and_only_returns_positive_won_amounts(text, today):
    result = parse_message(text, today)
    for item in result.items:
        assert type(item.amount_krw) is int
        assert 1 <= item.amount_krw <= MAX_AMOUNT_KRW
        assert item.kind in ("expense", "income")
        assert isinstance(item.spent_on, dt.date)
        assert isinstance(item.memo, str)
    assert isinstance(result.is_question, bool)
