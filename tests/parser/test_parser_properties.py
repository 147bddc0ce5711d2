"""Properties: no input makes the parser or the keyword rules raise or invent impossible amounts."""

import os
from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from categorization.keywords import match_keywords, normalize_memo
from expenses.parser import MAX_AMOUNT_KRW, ParseResult, core, parse_message

# HYPOTHESIS_EXAMPLES=5000 for a long hunt; the default keeps the suite quick.
EXAMPLES = int(os.environ.get("HYPOTHESIS_EXAMPLES", "150"))
SETTINGS = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Text made mostly of the pieces the parser cares about, so that examples hit its branches.
PIECES = st.sampled_from(
    [
        *"0123456789,.:/-+%$€¥₩~()?!\n ",
        *"일이삼사오육칠팔구십백천만억조원엔불동",
        *("어제", "오늘", "그저께", "지난주", "이번달", "말일", "월요일", "금욜", "전", "일", "월", "년", "주", "달"),
        *("점심", "커피", "택시", "월급", "받음", "팔았음", "이자", "대출", "용돈", "줌", "들어옴", "입금", "그리고"),
        *("달러", "유로", "USD", "KRW", "kg", "개", "명", "인분", "시", "분", "박", "호선", "1+1", "010-1234-5678"),
        *("\x00", "\u200b", "\ud7a3", "ㅋ", "\u1100\u1161", "１", "￦", "😀", "\U0010ffff", "\ud800"),
    ]
)
KOREANISH = st.lists(PIECES, max_size=60).map("".join)
# Runs of number parts, units and spaces: the joining of 18만 7천 and friends.
NUMBER_PARTS = st.sampled_from(
    ["1", "12", "500", "1,000", "1.5", "만", "천", "백", "십", "억", "이", "삼", "오", " ", "원"]
)
AMOUNTISH = st.lists(NUMBER_PARTS, max_size=20).map("".join)
DATES = st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31))


def check(result: ParseResult) -> None:
    assert isinstance(result, ParseResult)
    for item in result.items:
        assert type(item.amount_krw) is int
        assert 0 < item.amount_krw <= MAX_AMOUNT_KRW
        assert item.kind in ("expense", "income")
        assert isinstance(item.memo, str)
        match_keywords(item.memo, item.kind)
    if result.items:
        assert result.is_question is False


@SETTINGS
@given(st.text(max_size=10_000), DATES)
def test_any_text_parses_without_raising(text, today):
    # Call the inner function: the outer one's safety net must not be what keeps this green.
    check(core._parse(text, today))


@SETTINGS
@given(st.lists(st.one_of(AMOUNTISH, st.sampled_from(["커피 ", "택시", "\n", ", "])), max_size=6).map("".join))
def test_runs_of_number_parts_parse_without_raising(text):
    check(core._parse(text, date(2026, 11, 26)))


@SETTINGS
@given(KOREANISH, DATES)
def test_ledger_like_text_parses_without_raising(text, today):
    check(core._parse(text, today))
    check(parse_message(text, today))


MEMO_PIECES = st.sampled_from(
    [
        *("커피", "세제", "마트", "사과", "휴지", "고양이", "유니클로", "디즈니", "LG", "U", "cu", "s", "oil", "ＣＵ"),
        *("을", "를", "은", "는", "에", "에서", "으로", "랑", "이랑", "하고", "로", "이", "가"),
        *(" ", "  ", "+", "-", "_", "!", "(", ")", ".", "\u0301", "İ", "ß", "１"),
    ]
)


@SETTINGS
@given(st.one_of(st.text(max_size=2_000), st.lists(MEMO_PIECES, max_size=30).map("".join)))
def test_normalize_memo_is_a_stable_cache_key(memo):
    key = normalize_memo(memo)
    assert normalize_memo(key) == key


@SETTINGS
@given(st.text(max_size=2_000), st.sampled_from(["expense", "income", "other"]))
def test_keyword_rules_never_raise(memo, kind):
    match = match_keywords(memo, kind)
    assert match is None or 0 <= match.confidence <= 1


def test_very_long_inputs():
    today = date(2026, 11, 26)
    for text in ["1" * 10_000, "만" * 10_000, "1," * 5_000, "점심 5000 " * 1_000, "가" * 10_000, "a@" * 5_000]:
        check(core._parse(text, today))
