"""A price per unit (리터당, 1인당, 개당) is the rate, not what was paid, when the total follows in the same item."""

from datetime import date

import pytest

from expenses.parser import parse_message

TODAY = date(2026, 11, 26)


def amounts(text: str) -> list[int]:
    return [item.amount_krw for item in parse_message(text, TODAY).items]


@pytest.mark.parametrize(
    ("text", "paid"),
    [
        ("셀프 주유소 리터당 1600원 50리터 8만", [80000]),
        ("삼겹살 1인당 2만원 4명 8만", [80000]),
        ("사과 개당 3천원 5개 15000", [15000]),
        ("주차 시간당 2천원 3시간 6천", [6000]),
    ],
)
def test_a_rate_followed_by_its_total_gives_the_total(text, paid):
    assert amounts(text) == paid


@pytest.mark.parametrize(
    ("text", "paid"),
    [
        ("1인당 2만원", [20000]),  # alone, the rate is what this member paid
        ("점심 1인당 1만원, 커피 5천", [10000, 5000]),  # a comma closes the item
        ("커피 4500 빵 3000", [4500, 3000]),  # no rate: two items as before
    ],
)
def test_a_rate_alone_or_closed_by_a_comma_is_what_was_paid(text, paid):
    assert amounts(text) == paid
