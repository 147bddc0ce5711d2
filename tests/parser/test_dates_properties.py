"""Properties of the date reader over generated phrases and days.

- A date without a year (금요일, 3/5, 4월 14일, 15일, 말일) is never more than 7 days ahead of today, and
  words that point back (어제, 지난주 화요일, 저저번달 말일, 지난 15일, 3일 전) never give today or later;
  words that point ahead (내일, 다다음주 월요일, 오는 금요일, 3일 후) never give today or earlier.
- A date word that is not used as a date (inside a longer word, or followed by a letter that is no
  particle) leaves the memo whole: not a syllable is lost.
"""

import os
from datetime import date, timedelta

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from expenses.parser import parse_message
from expenses.parser.dates import _DAY_WORDS

EXAMPLES = int(os.environ.get("HYPOTHESIS_EXAMPLES", "300"))
SETTINGS = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])

DAYS = st.dates(min_value=date(2001, 1, 1), max_value=date(2098, 12, 31))
AHEAD = timedelta(days=7)

WEEKDAYS = st.sampled_from([*(f"{d}요일" for d in "월화수목금토일"), *(f"{d}욜" for d in "월화수목금토일")])
MONTHS = st.integers(1, 12)
MONTH_DAYS = st.integers(1, 31)
SINO = ["", "일", "이", "삼", "사", "오", "육", "칠", "팔", "구"]
HANGUL_MONTHS = ["", "일월", "이월", "삼월", "사월", "오월", "유월", "칠월", "팔월", "구월", "시월", "십일월", "십이월"]
GAP = st.sampled_from(["", " ", "  "])


def sino(n: int) -> str:
    tens, ones = divmod(n, 10)
    return ("" if tens == 0 else ("십" if tens == 1 else SINO[tens] + "십")) + SINO[ones]


def day_of(phrase: str, today: date) -> date:
    (item,) = parse_message(f"{phrase} 택시 5000원", today).items
    return item.spent_on


YEAR_LESS = st.one_of(
    WEEKDAYS,
    st.builds(lambda m, d: f"{m}/{d}", MONTHS, MONTH_DAYS),
    st.builds(lambda m, d: f"{m}.{d}", MONTHS, MONTH_DAYS),
    st.builds(lambda m, g, d: f"{m}월{g}{d}일", MONTHS, GAP, MONTH_DAYS),
    st.builds(lambda m, d: f"{m}월달 {d}일", MONTHS, MONTH_DAYS),
    st.builds(lambda m, d: f"{HANGUL_MONTHS[m]} {sino(d)}일", MONTHS, MONTH_DAYS),
    st.builds(lambda m, w: f"{m}월 {w}", MONTHS, st.sampled_from(["말일", "말", "첫날", "마지막 날"])),
    st.builds(lambda d, w: f"{d}일{w}", MONTH_DAYS, st.sampled_from(["", "날", "에"])),
    st.just("말일"),
)
BACK = st.one_of(
    st.sampled_from(["어제", "어저께", "그제", "그저께", "엊그제", "그그제", "그끄저께", "작일", "어젯밤", "간밤"]),
    st.builds(
        lambda w, g, d: f"{w}{g}{d}",
        st.sampled_from(["지난주", "저번주", "지지난주", "저저번주", "전전주", "지난 주", "저번 주"]),
        GAP,
        WEEKDAYS,
    ),
    st.builds(
        lambda w, g, d: f"{w}{g}{d}",
        st.sampled_from(["지난달", "저번달", "지지난달", "저저번달", "전전달", "지난 달", "전달"]),
        GAP,
        st.one_of(st.builds(lambda d: f"{d}일", st.integers(1, 28)), st.sampled_from(["말일", "첫날"])),
    ),
    st.builds(lambda w, d: f"{w} {d}", st.sampled_from(["지난", "저번"]), WEEKDAYS),
    st.builds(lambda d: f"지난 {d}일", MONTH_DAYS),
    st.builds(lambda m, d: f"지난 {m}월 {d}일", MONTHS, st.integers(1, 28)),
    st.builds(
        lambda n, u, d: f"{n}{u}{d}",
        st.integers(1, 60),
        st.sampled_from(["일", "주", "달", "개월", "주일"]),
        st.sampled_from([" 전", "전", " 전에"]),
    ),
    st.sampled_from(
        ["하루 전", "이틀 전", "사흘 전", "열흘 전", "보름 전", "일주일 전", "한 달 전", "두 달 전", "석 달 전"]
    ),
)
AHEAD_WORDS = st.one_of(
    st.sampled_from(["내일", "낼", "모레", "내일모레", "낼모레", "글피", "그글피", "명일", "명후일"]),
    st.builds(
        lambda w, g, d: f"{w}{g}{d}",
        st.sampled_from(["다음주", "담주", "다다음주", "다담주", "차주", "다음 주", "다음다음 주"]),
        GAP,
        WEEKDAYS,
    ),
    st.builds(
        lambda w, g, d: f"{w}{g}{d}",
        st.sampled_from(["다음달", "담달", "다다음달", "내달", "다음 달", "다음 달의"]),
        GAP,
        st.one_of(st.builds(lambda d: f"{d}일", st.integers(1, 28)), st.sampled_from(["말일", "첫날"])),
    ),
    st.builds(lambda w, d: f"{w} {d}", st.sampled_from(["오는", "다가오는", "돌아오는", "다음"]), WEEKDAYS),
    st.builds(
        lambda n, u, d: f"{n}{u}{d}",
        st.integers(1, 60),
        st.sampled_from(["일", "주", "달", "개월"]),
        st.sampled_from([" 후", " 뒤", "후"]),
    ),
)


@SETTINGS
@given(YEAR_LESS, DAYS)
def test_a_date_without_a_year_is_at_most_seven_days_ahead(phrase, today):
    assert day_of(phrase, today) <= today + AHEAD


@SETTINGS
@given(BACK, DAYS)
def test_words_that_point_back_give_a_day_before_today(phrase, today):
    assert day_of(phrase, today) < today


@SETTINGS
@given(
    st.builds(lambda w, g, d: f"{w}{g}{d}", st.sampled_from(["이번주", "이번 주", "금주", "요번 주"]), GAP, WEEKDAYS),
    DAYS,
)
def test_this_weeks_weekday_is_within_six_days(phrase, today):
    assert abs(day_of(phrase, today) - today) <= timedelta(days=6)


@SETTINGS
@given(AHEAD_WORDS, DAYS)
def test_words_that_point_ahead_give_a_day_after_today(phrase, today):
    assert day_of(phrase, today) > today


# Words that do not begin with a particle, a time of day, a weekday, a digit or a date word: glued to a
# date word they make one longer word.
NOT_A_PARTICLE = st.text(alphabet="신문배움카드채공집장비기표병국빵떡강산물림판술솜", min_size=1, max_size=3)
PREFIX = st.text(alphabet="가나라마바사아자카타파하청년회앞두", min_size=1, max_size=3)
DATE_WORDS = st.sampled_from(
    sorted(
        {w for w in _DAY_WORDS if " " not in w}
        | {"낼", "말일", "15일", "3일", "십오일", "지난주", "이번달", "다음달", "작년", "올해"}
        | {f"{d}요일" for d in "월화수목금토일"}
    )
)


@SETTINGS
@given(PREFIX, DATE_WORDS, st.one_of(st.just(""), NOT_A_PARTICLE), DAYS)
def test_a_date_word_inside_a_longer_word_leaves_the_memo_whole(before, word, after, today):
    compound = f"{before}{word}{after}"
    (item,) = parse_message(f"{compound} 5000원", today).items
    assert (item.spent_on, item.memo) == (today, compound)


@SETTINGS
@given(DATE_WORDS, NOT_A_PARTICLE, DAYS)
def test_a_date_word_glued_to_a_noun_is_not_a_date_and_keeps_its_syllables(word, after, today):
    assume(not word.endswith("요일"))  # 금요일회식: after 요일 a glued noun is another word
    compound = f"{word}{after}"
    (item,) = parse_message(f"{compound} 5000원", today).items
    assert (item.spent_on, item.memo) == (today, compound)


@SETTINGS
@given(DATE_WORDS, st.sampled_from(["커피", "택시비", "관리비 선납", "편의점"]), DAYS)
def test_a_date_word_used_as_a_date_takes_only_itself_from_the_memo(word, memo, today):
    (item,) = parse_message(f"{word} {memo} 5000원", today).items
    assert item.memo in (memo, f"{word} {memo}")
