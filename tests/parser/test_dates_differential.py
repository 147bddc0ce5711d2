"""The ledger's date reader against korean-datetime 1.0.0, a maintained peer parser (test-only dependency).

Three sets of cases, each a phrase and the day it was written:

- gold: the peer's own gold set (tests/parser/data/korean_datetime), phrases with their expected value as
  an expression, evaluated on REFERENCE_DAYS with the peer's `evaluate_expectation`;
- anchor: the same phrases with the peer's hand-computed answers for 2026-09-28 and a few other moments;
- sweep: phrases generated from the ledger's vocabulary and grammar, run through both readers on
  REFERENCE_DAYS.

The ledger reads a phrase as a family writes it: "<phrase> 5000원" through `parse_message`, and
reports the item's date when the phrase held a date, else no date. Every case where the ledger's day
differs from the peer's must be explained by a rule of ACCEPTED — a convention of the product contract
(a date without a year is read back, at most 7 days ahead; a bare weekday is the latest, today
included) or something the ledger does not read (times of day, holidays, weeks, months, the Nth
weekday of a month …) — and the rule checks that the difference is exactly that. Any other difference
fails the test.

`python -m tests.parser.test_dates_differential` prints the tally by set and category.
"""

import calendar
import json
import re
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cache
from pathlib import Path

from korean_datetime import Kind, TemporalParser
from korean_datetime.temporal.expectation import evaluate_expectation

from expenses.parser import dates, parse_message
from expenses.parser.text import clean

DATA = Path(__file__).with_name("data") / "korean_datetime"
AHEAD = timedelta(days=7)
# Every weekday, month and year ends, leap days, and the peer's own anchor (2026-09-28, a Monday).
REFERENCE_DAYS = (
    date(2026, 9, 28),
    date(2026, 1, 1),
    date(2026, 2, 28),
    date(2026, 5, 15),
    date(2026, 12, 31),
    date(2027, 3, 1),
    date(2027, 6, 13),
    date(2027, 8, 31),
    date(2027, 11, 17),
    date(2028, 2, 29),
)


@dataclass(frozen=True)
class Case:
    source: str  # gold | anchor | sweep
    category: str
    text: str
    today: date
    expected: date | None  # the peer's day: the start of what it reads, None for "not a date"
    kind: str  # date | time | datetime | "" (none)
    grain: str  # day | instant | range | span (more than a day: a week, a month …) | ""
    expect: str  # the gold expression, or the sweep's description of the form


# -------------------------------------------------------------------------------------------------
# The two readers.


def ledger_day(text: str, today: date, find_dates=dates.find_dates) -> date | None:
    """The day the ledger records for `text` written as an item, or None when the phrase held no date."""
    message = f"{text} 5000원"
    if not any(span.value for span in find_dates(clean(message), today)):
        return None
    items = parse_message(message, today).items
    return items[0].spent_on if items else None


_PEER = TemporalParser()


def peer_reading(text: str, today: date) -> tuple[date | None, str, str]:
    result = _PEER.parse(text, datetime.combine(today, datetime.min.time()).replace(hour=14, minute=30))
    if result is None:
        return None, "", ""
    if result.is_range:
        grain = "range"
    elif result.kind is Kind.TIME or result.grain.value in ("hour", "minute", "second"):
        grain = "instant"
    elif result.end - result.start > timedelta(days=1):
        grain = "span"
    else:
        grain = "day"
    return result.start.date(), result.kind.value, grain


# -------------------------------------------------------------------------------------------------
# The cases.


def _rows(name: str) -> list[dict]:
    lines = (DATA / name).read_text(encoding="utf-8").splitlines()
    return [row for line in lines if line.strip() and "_meta" not in (row := json.loads(line))]


def _grain(expected) -> str:
    if expected.grain == "range":
        return "range"
    if expected.end is None or expected.kind == "time":
        return "instant"
    return "day" if expected.end - expected.start <= timedelta(days=1) else "span"


def gold_cases(days=REFERENCE_DAYS) -> Iterator[Case]:
    for row in _rows("temporal_gold.jsonl"):
        for today in days:
            moment = datetime.combine(today, datetime.min.time()).replace(hour=14, minute=30)
            expected = evaluate_expectation(row["expect"], moment)
            if expected is None:
                yield Case("gold", row["category"], row["text"], today, None, "", "", row["expect"])
            else:
                start, kind = expected.start.date(), expected.kind
                yield Case("gold", row["category"], row["text"], today, start, kind, _grain(expected), row["expect"])


def anchor_cases() -> Iterator[Case]:
    expressions = {row["text"]: row["expect"] for row in _rows("temporal_gold.jsonl")}
    default_now = json.loads((DATA / "temporal_anchor.jsonl").open(encoding="utf-8").readline())["_meta"]["now"]
    for row in _rows("temporal_anchor.jsonl"):
        now = datetime.fromisoformat(row.get("now", default_now))
        expression = expressions.get(row["text"], "")
        if row["expected"] is None:
            yield Case("anchor", row["category"], row["text"], now.date(), None, "", "", expression)
            continue
        start = datetime.fromisoformat(row["expected"]["start"]).date()
        computed = evaluate_expectation(expression, now) if expression else None
        grain = _grain(computed) if computed else "day"
        kind = row["expected"].get("kind") or (computed.kind if computed else "date")
        yield Case("anchor", row["category"], row["text"], now.date(), start, kind, grain, expression)


# The sweep: the ledger's vocabulary put together by its grammar, with the spacings families type.
_WEEKDAYS = ("월요일", "화요일", "수요일", "목요일", "금요일", "토요일", "일요일")
_WEEK_WORDS = (
    "지난주",
    "저번주",
    "지지난주",
    "저저번주",
    "전전주",
    "이번주",
    "이번 주",
    "다음주",
    "다음 주",
    "다다음주",
)
_WEEK_WORDS += ("담주", "차주", "금주", "다음다음 주", "지난 주")
_MONTH_WORDS = ("지난달", "저번달", "지지난달", "저저번달", "전전달", "이번달", "이번 달", "다음달", "다음 달")
_MONTH_WORDS += ("다다음달", "담달", "이달", "다다음 달", "지난 달", "전달")
_MONTH_DAYS = ("1일", "5일", "15일", "28일", "29일", "30일", "31일", "말일", "첫날", "마지막 날")
_MONTH_AND_DAY = ((1, 1), (2, 28), (2, 29), (3, 5), (4, 14), (6, 30), (7, 15), (9, 28), (10, 3), (12, 25), (12, 31))
_SINO = ("", "일", "이", "삼", "사", "오", "육", "칠", "팔", "구")
_HANGUL_MONTHS = (
    "",
    "일월",
    "이월",
    "삼월",
    "사월",
    "오월",
    "유월",
    "칠월",
    "팔월",
    "구월",
    "시월",
    "십일월",
    "십이월",
)


def _sino(n: int) -> str:
    tens, ones = divmod(n, 10)
    return ("" if tens == 0 else ("십" if tens == 1 else _SINO[tens] + "십")) + _SINO[ones]


def sweep_phrases() -> list[tuple[str, str, str]]:
    """(phrase, category, form); form names the cycle a year-less phrase repeats on (year, month, week)."""
    out: list[tuple[str, str, str]] = []
    add = out.append
    for word in ("오늘", "어제", "그제", "그저께", "그그제", "그끄저께", "내일", "모레", "내일모레", "글피", "그글피"):
        add((word, "relative_day", ""))
    for word in ("금일", "작일", "명일", "낼", "내일 모레", "낼모레", "명후일"):
        add((word, "relative_day", ""))
    for i, week in enumerate(_WEEK_WORDS):
        for j, weekday in enumerate(_WEEKDAYS):
            if (i + j) % 2 == 0:
                add((f"{week} {weekday}", "week_weekday", ""))
        add((f"{week.replace(' ', '')}{_WEEKDAYS[i % 7]}", "week_weekday", ""))  # no space: 지난주금요일
        add((f"{week}  {_WEEKDAYS[(i + 3) % 7]}", "week_weekday", ""))  # two spaces
    for modifier in ("지난", "저번", "이번", "다음", "오는", "다가오는", "돌아오는"):
        for weekday in _WEEKDAYS:
            add((f"{modifier} {weekday}", "modifier_weekday", ""))
    for weekday in (*_WEEKDAYS, "월욜", "금욜", "토욜"):
        add((weekday, "weekday", "week"))
    for i, month in enumerate(_MONTH_WORDS):
        for j, day in enumerate(_MONTH_DAYS):
            if (i + j) % 3 == 0:
                add((f"{month} {day}", "month_word_day", ""))
        add((f"{month}{_MONTH_DAYS[i % 10]}", "month_word_day", ""))
    add(("다음 달의 말일", "month_word_day", ""))
    add(("지난달의 15일", "month_word_day", ""))
    for m, d in _MONTH_AND_DAY:
        add((f"{m}월 {d}일", "month_day", "year"))
        add((f"{m}월{d}일", "month_day", "year"))
        add((f"{m}/{d}", "month_day", "year"))
        add((f"{_HANGUL_MONTHS[m]} {_sino(d)}일", "month_day", "year"))
        add((f"{m}월달 {d}일", "month_day", "year"))
        for year in ("작년", "올해", "내년", "2025년", "27년", "2026"):
            add((f"{year} {m}월 {d}일", "year_month_day", ""))
        for modifier in ("지난", "오는", "다가오는"):
            add((f"{modifier} {m}월 {d}일", "modifier_month_day", ""))
    for m in (2, 4, 9, 12):
        add((f"{m}월 말일", "month_day", "year"))
        add((f"{m}월 첫날", "month_day", "year"))
    for d in (1, 3, 5, 15, 28, 29, 30, 31):
        add((f"{d}일", "day", "month"))
        for modifier in ("지난", "오는", "다가오는"):
            add((f"{modifier} {d}일", "modifier_day", ""))
    add(("말일", "day", "month"))
    add(("이십구일", "day", "month"))
    add(("십오일", "day", "month"))
    for text in ("2026-03-05", "2026.3.5", "2026/03/05", "2026. 3. 5.", "26.03.05", "99.03.01", "25-12-31", "20260305"):
        add((text, "formatted", ""))
    for text in ("2026년 3월 5일", "26년 3월 5일", "99년 3월 1일", "2027년 2월 29일", "2028년 2월 29일"):
        add((text, "formatted", ""))
    for n in (1, 3, 10, 30):
        for direction in ("전", "후", "뒤"):
            add((f"{n}일 {direction}", "offset", ""))
    for text in (
        "2주 전",
        "3주 후",
        "1주일 전",
        "일주일 전",
        "일주일 뒤",
        "한 달 전",
        "한 달 뒤",
        "두 달 전",
        "3개월 전",
    ):
        add((text, "offset", ""))
    for text in ("하루 전", "이틀 전", "이틀 후", "사흘 전", "나흘 뒤", "열흘 뒤", "보름 전", "2주 3일 뒤", "삼일 후"):
        add((text, "offset", ""))
    for text in ("작년 이맘때", "지난달 이맘때", "다음 주 이맘때", "오늘로부터 한 달 후", "다음 달 첫날 다음 날"):
        add((text, "anchored", ""))
    for text in ("3일간", "7일 이내", "30일 내로", "1일 1식", "2박 3일", "3일치", "5일분", "3일 동안", "지난 3일간"):
        add((text, "duration", ""))
    for text in ("매주 월요일", "매달 15일", "매월 25일", "매년 3월 1일", "격주 토요일", "금요일마다"):
        add((text, "recurrence", ""))
    for text in (
        "내일신문 구독",
        "오늘의집 가구",
        "내일배움카드",
        "아모레퍼시픽",
        "월요병",
        "새벽 2시",
        "3시",
        "주말농장",
    ):
        add((text, "not_a_date", ""))
    for text in (
        "크리스마스",
        "작년 크리스마스",
        "추석",
        "다음달 첫째주 금요일",
        "마지막 금요일",
        "이번 달 둘째 토요일",
    ):
        add((text, "out_of_scope", ""))
    for text in ("이번주", "다음 달", "올해", "월말", "이번 달 초", "주말", "다음주 초", "1년 후", "익일", "전일"):
        add((text, "out_of_scope", ""))
    return out


def sweep_cases(days=REFERENCE_DAYS) -> Iterator[Case]:
    for text, category, form in sweep_phrases():
        for today in days:
            expected, kind, grain = peer_reading(text, today)
            yield Case("sweep", category, text, today, expected, kind, grain, form)


# -------------------------------------------------------------------------------------------------
# Accepted differences.


def _same_day(d: date, like: date, last: bool) -> bool:
    return d.day == calendar.monthrange(d.year, d.month)[1] if last else d.day == like.day


def _read_back(case: Case, ours: date | None, cycle: str) -> bool:
    """`ours` is the contract's reading of the peer's year-less date: the latest one at most 7 days ahead."""
    if ours is None or case.expected is None:
        return False
    peer, today = case.expected, case.today
    if cycle == "week":  # a bare weekday: the latest one, today included
        return ours.weekday() == peer.weekday() and today - timedelta(days=6) <= ours <= today
    limit = today + AHEAD
    last = ".last()" in case.expect or "말일" in case.text or "마지막 날" in case.text
    if ours > limit or not _same_day(ours, peer, last):
        return False
    if cycle == "month":
        later = (d for d in (ours + timedelta(days=n) for n in range(1, 70)) if _same_day(d, peer, last))
    else:
        if ours.month != peer.month:
            return False
        later = (
            d for y in range(ours.year + 1, ours.year + 9) if (d := _on(y, peer.month, peer.day, last)) is not None
        )
    return next(later, date.max) > limit


def _on(y: int, m: int, d: int, last: bool) -> date | None:
    days = calendar.monthrange(y, m)[1]
    if last:
        return date(y, m, days)
    return date(y, m, d) if d <= days else None


def _cycle(case: Case) -> str:
    """The cycle a year-less phrase repeats on, from the gold expression or the sweep's form."""
    if case.expect in ("year", "month", "week"):
        return case.expect
    if case.text.strip() == "말일":
        return "month"
    if re.search(r"future\((?:md|mon)\(", case.expect):
        return "year"
    if "future(day(" in case.expect:
        return "month"
    if case.expect.startswith("next(") and case.text.strip()[0] in "월화수목금토일":
        return "week"
    return ""


_HOLIDAYS = re.compile(r"크리스마스|성탄절|신정|설날|추석|한글날|개천절|현충일|발렌타인|부처님|어린이날|광복절|삼일절")
_NTH = re.compile(r"첫째|둘째|셋째|넷째|다섯째|번째|마지막\s*(?:주\s*)?[월화수목금토일]|첫\s*[월화수목금토일]")
_MIDNIGHT = re.compile(r"밤\s*12시|자정|24시")


# Words the peer does not read, each with the words it reads for the same day: the ledger must agree with
# the peer's reading of those.
PEER_SYNONYMS: tuple[tuple[str, str], ...] = (
    ("전달", "지난달"),  # the peer leaves 전달 out for 전달하다 (to deliver); before a day it is last month
    ("주(?=[월화수목금토일]요일)", "주 "),  # 이번주일요일: the peer reads 주일 (a week) and stops
)


@cache
def _peer_day(text: str, today: date) -> date | None:
    return peer_reading(text, today)[0]


def _as_the_peer_words_it(case: Case, ours: date | None) -> bool:
    text = case.text
    for pattern, words in PEER_SYNONYMS:
        text = re.sub(pattern, words, text)
    return text != case.text and ours == _peer_day(text, case.today)


_COUNTED_DAYS = re.compile(
    r"[0-9]\s*박\s*[0-9]+\s*일|[0-9]\s*일\s*(?:치|분|이내|내로|째|연속)|1일\s*[0-9]|(?:일|주|달|개월)\s*(?:간|동안)"
)
_CLOCK = re.compile(r"[0-9한두세네섯곱덟홉열]\s*시(?!간)|시간|[0-9]\s*분|지금|정오|자정")


@dataclass(frozen=True)
class Rule:
    name: str
    group: str  # convention | out of scope | peer gap
    why: str
    holds: Callable[[Case, date | None], bool]


ACCEPTED: tuple[Rule, ...] = (
    Rule(
        "year-less date read back",
        "convention",
        "a date without a year is the latest such date at most 7 days ahead (the ledger records the past); "
        "the peer reads it forward",
        lambda c, ours: _cycle(c) in ("year", "month") and _read_back(c, ours, _cycle(c)),
    ),
    Rule(
        "bare weekday read back",
        "convention",
        "a bare weekday (금요일) is the most recent one, today included; the peer takes the next one",
        lambda c, ours: _cycle(c) == "week" and _read_back(c, ours, "week"),
    ),
    Rule(
        "range read from its first day",
        "convention",
        "a range (25일부터 3일까지) is recorded on its first day, read like any other date",
        lambda c, ours: c.grain == "range" and ours is not None and _cycle(c) != "" and _read_back(c, ours, _cycle(c)),
    ),
    Rule(
        "coming weekend on a Sunday",
        "convention",
        "a weekend is dated by its Saturday; on a Sunday 오는 주말 is the next one, while the peer's began yesterday",
        lambda c, ours: (
            c.today.weekday() == 6
            and "주말" in c.text
            and c.expected == c.today - timedelta(days=1)
            and ours == c.today + timedelta(days=6)
        ),
    ),
    Rule(
        "midnight stays on its day",
        "convention",
        "밤 12시, 자정 and 24시 belong to the day written (오늘 밤 12시 is today); the peer moves them to the next day",
        lambda c, ours: bool(_MIDNIGHT.search(c.text)) and ours == c.expected - timedelta(days=1),
    ),
    Rule(
        "days counted, not named",
        "convention",
        "a number of days that counts (3일치, 5일분, 2박 3일, 지난 3일간, 1일 1식) is no day of the month",
        lambda c, ours: ours is None and bool(_COUNTED_DAYS.search(c.text)),
    ),
    Rule(
        "word the peer does not read",
        "peer gap",
        "the ledger reads a word the peer leaves out (전달 10일, 이번주일요일) as the peer reads its usual form",
        _as_the_peer_words_it,
    ),
    Rule(
        "time of day",
        "out of scope",
        "the ledger records days: a clock time or a part of the day (3시, 저녁, 30분 후) names no day",
        lambda c, ours: (
            ours is None
            and (c.kind == "time" or c.category in ("clock", "period", "relative_time") or bool(_CLOCK.search(c.text)))
        ),
    ),
    Rule(
        "holiday",
        "out of scope",
        "holidays (크리스마스, 추석, 작년 크리스마스) are not in the ledger's vocabulary: the message's day stands",
        lambda c, ours: ours is None and (c.category == "holiday" or bool(_HOLIDAYS.search(c.text))),
    ),
    Rule(
        "Nth weekday of a month",
        "out of scope",
        "the Nth weekday of a month (다음달 첫째주 금요일, 마지막 금요일) is not read, and its weekday is not "
        "taken for this week's",
        lambda c, ours: (
            ours is None
            and (".nth(" in c.expect or ".row(" in c.expect or "nthweekend" in c.expect or bool(_NTH.search(c.text)))
        ),
    ),
    Rule(
        "period longer than a day",
        "out of scope",
        "a week, a month, a year or a part of one (다음주, 이번달, 월말, 다음달 초, 주말 alone) is not one day",
        lambda c, ours: (
            ours is None
            and (
                c.grain == "span" or re.fullmatch(r"(?:week|month|year)\(-?[0-9]+\)(?:\.at\(.*)?", c.expect) is not None
            )
        ),
    ),
    Rule(
        "recurrence",
        "out of scope",
        "a recurring day (매주 월요일, 매달 15일) names no single day",
        lambda c, ours: ours is None and bool(re.search(r"매주|매달|매월|매년|격주|마다", c.text)),
    ),
    Rule(
        "years from today",
        "out of scope",
        "years from today (1년 후, 오늘부터 일 년 전) describe an age (10년 전 산 가방), not the day paid",
        lambda c, ours: ours is None and bool(re.search(r"[0-9일한]\s*년\s*(?:[0-9]+\s*개월\s*)?(?:전|후|뒤)", c.text)),
    ),
    Rule(
        "relative to another date",
        "out of scope",
        "익일, 익익일 and 전일 count from another date in a ledger (익일 출금, 전일 대비), not from today",
        lambda c, ours: ours is None and c.text in ("익일", "익익일", "전일"),
    ),
    Rule(
        "falls back to today",
        "convention",
        "no date is read (a date word glued inside a longer word: 앞두고오늘, 오늘부터다), so the item is dated "
        "today — which is the peer's answer",
        lambda c, ours: ours is None and c.expected == c.today,
    ),
)


def explain(case: Case, ours: date | None) -> str | None:
    """'agree', the name of the accepted difference, or None for an unexplained difference."""
    if ours == case.expected:
        return "agree"
    for rule in ACCEPTED:
        if rule.holds(case, ours):
            return rule.name
    return None


_GROUP = {rule.name: rule.group for rule in ACCEPTED} | {"agree": "agree"}


@cache
def cases_of(source: str) -> tuple[Case, ...]:
    return tuple({"gold": gold_cases, "anchor": anchor_cases, "sweep": sweep_cases}[source]())


def all_cases() -> tuple[Case, ...]:
    return (*cases_of("gold"), *cases_of("anchor"), *cases_of("sweep"))


def unexplained(cases, reader=ledger_day) -> list[tuple[Case, date | None]]:
    out = []
    for case in cases:
        ours = reader(case.text, case.today)
        if explain(case, ours) is None:
            out.append((case, ours))
    return out


def _show(failures) -> str:
    lines = [
        f"{c.source}/{c.category}: {c.text!r} on {c.today}: peer {c.expected} ({c.kind} {c.grain} {c.expect}), "
        f"ledger {ours}"
        for c, ours in failures[:40]
    ]
    return f"{len(failures)} unexplained differences:\n" + "\n".join(lines)


# -------------------------------------------------------------------------------------------------
# The tests.


def test_the_peer_gold_set_has_no_unexplained_difference():
    failures = unexplained((*cases_of("gold"), *cases_of("anchor")))
    assert not failures, _show(failures)


def test_the_generated_sweep_has_no_unexplained_difference():
    failures = unexplained(cases_of("sweep"))
    assert not failures, _show(failures)


def test_the_peer_gold_set_is_read_in_full():
    assert len(cases_of("gold")) == 618 * len(REFERENCE_DAYS)
    assert len(cases_of("anchor")) == 485
    assert len(sweep_phrases()) >= 400


def test_an_unexplained_difference_fails():
    """The table is no catch-all: a wrong date, a date for a non-date or a missed date is caught."""
    monday = date(2026, 9, 28)
    gold = Case("gold", "weekday", "다다음주 월요일", monday, date(2026, 10, 12), "date", "day", "week(2).weekday(MON)")
    assert explain(gold, date(2026, 10, 12)) == "agree"
    assert explain(gold, date(2026, 10, 5)) is None
    assert explain(gold, None) is None
    negative = Case("gold", "negative", "7일 이내", monday, None, "", "", "none")
    assert explain(negative, None) == "agree"
    assert explain(negative, date(2026, 9, 7)) is None
    back = Case("gold", "month_day", "10월 15일", monday, date(2026, 10, 15), "date", "day", "future(md(10, 15))")
    assert explain(back, date(2025, 10, 15)) == "year-less date read back"
    assert explain(back, date(2024, 10, 15)) is None  # back, but not the latest within the window
    weekday = Case("gold", "weekday", "금요일", monday, date(2026, 10, 2), "date", "day", "next(FRI)")
    assert explain(weekday, date(2026, 9, 25)) == "bare weekday read back"
    assert explain(weekday, date(2026, 9, 18)) is None


# -------------------------------------------------------------------------------------------------
# The tally: python -m tests.parser.test_dates_differential


def tally(reader=ledger_day) -> list[tuple[Case, str, str]]:
    """(case, group, outcome) for every case: group agree, convention, out of scope, peer gap or unexplained."""
    out = []
    for case in all_cases():
        ours = reader(case.text, case.today)
        outcome = explain(case, ours)
        if outcome is None:
            out.append((case, "unexplained", _unexplained_kind(case, ours)))
        else:
            out.append((case, _GROUP[outcome], outcome))
    return out


def _unexplained_kind(case: Case, ours: date | None) -> str:
    if case.expected is None:
        return "unexplained: a date for a non-date"
    return "unexplained: no date" if ours is None else "unexplained: wrong date"


def main() -> None:
    import os

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "homenrich.settings")
    django.setup()
    rows = tally()
    for source in ("gold", "anchor", "sweep"):
        mine = [(group, outcome) for case, group, outcome in rows if case.source == source]
        print(f"{source}: {len(mine)} cases")
        groups = Counter(group for group, _ in mine)
        for group, n in groups.most_common():
            print(f"  {group:58} {n:6} {n / len(mine):7.1%}")
            for outcome, m in Counter(o for g, o in mine if g == group).most_common():
                if outcome != group:
                    print(f"    {outcome:56} {m:6}")


if __name__ == "__main__":
    main()
