"""Find date expressions in a message and resolve them against the day it was sent.

The reader is a small grammar over a vocabulary. Every expression is one of a few shapes —

    [year] month [의] day        2026년 3월 5일, 작년 12월 말일, 삼월 오일, 4월달 14일, 다음 달의 말일
    modifier month day           지난 5월 3일, 오는 12월 31일
    modifier day                 지난 15일, 다가오는 31일
    week [의] weekday            지난주 화요일, 다다음주 월요일, 저번주 금, 이번 주 주말
    modifier weekday             지난 금요일, 오는 토요일, 다음 주말
    count unit direction         3일 전, 일주일 전, 한 달 뒤, 2주 3일 후, 이틀 전
    relative day word            오늘, 어제, 그그제, 내일모레, 글피
    numbers                      2026-03-05, 26.3.5, 3/5, 3.5, 20260305
    weekday / day / 말일 alone   금요일, 15일, 12일날, 말일

— whose parts come from the tables below, with any amount of spacing between them (none too:
지난주금요일). A Korean word ends where a particle or another word begins, so an expression
must start where a word starts and end where a word ends (a particle such as 에, 은, 부터 may
follow, or a time of day: 어제저녁): 내일신문, 오늘의집 and 아모레 hold no date. A number
followed by 일 that counts days (3일치, 7일 이내, 2박 3일, 1일 1식) is no day of the month, and
a date after a word of recurrence (매주 월요일, 매월 25일) names no single day.

Conventions (the product contract): weeks start on Monday; a date without a year is the
latest such date at most AHEAD in the future; a bare weekday is the most recent one, today
included; calendar words mean calendar months. Two-digit years are 19YY or 20YY, whichever is
closer to today; which dates may be saved is for the caller to decide.
"""

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

from . import lazyre as re

# A date typed without a year is the latest such date no more than this far ahead: people
# record the past, but sometimes a bill due next week.
AHEAD = timedelta(days=7)

_WEEKDAYS = "월화수목금토일"  # Monday first, as date.weekday() counts
_SATURDAY = 5  # a weekend (주말) is dated by its Saturday


@dataclass(frozen=True, slots=True)
class DateSpan:
    start: int
    end: int
    value: date | None  # None: looks like a date (2/30, 13/1) but is not one; still never money


# ---------------------------------------------------------------------------------------------
# Vocabulary. Each table maps a word to its offset; spaces inside a key match any spacing.

# Days from today. The 그/끄 run before 제/저께 counts days back (그제 -2, 그그제 -3, 그그그제 -4),
# the 그 run before 글피 days ahead (글피 +3, 그글피 +4).
_DAY_WORDS: dict[str, int] = {
    "오늘": 0,
    "금일": 0,
    "어제": -1,
    "어저께": -1,
    "작일": -1,
    "어젯밤": -1,
    "어젯저녁": -1,
    "엊저녁": -1,
    "간밤": -1,
    "지난밤": -1,
    "엊그제": -2,
    "엊그저께": -2,
    "엇그제": -2,  # as often typed as 엊그제
    "엇그저께": -2,
    "내일": 1,
    "명일": 1,
    "모레": 2,
    "내일 모레": 2,
    "낼 모레": 2,
    "명후일": 2,
}
for _run in ("그", "그그", "그끄", "그그그", "그끄끄", "그그끄"):
    for _stem in ("제", "저께"):
        _DAY_WORDS[_run + _stem] = -(1 + len(_run))
for _run in ("", "그", "그그"):
    _DAY_WORDS[_run + "글피"] = 3 + len(_run)
# 낼 is also the verb 내다 (회비 낼 돈): a date only where it leads its item.
_WEAK_DAY_WORDS = {"낼": 1}

# Steps before 주/달: 지난·저번·전 back, 다음·담 ahead; doubling a first syllable adds a step
# (지지난, 저저번, 전전, 다다음, 다담). Single-syllable forms never take a space (금주, 전달).
_STEP_BACK = {"지난": 1, "저번": 1}
_STEP_AHEAD = {"다음": 1, "담": 1}
_STEP_THIS = ("이번", "요번")
_WEEK_SINGLE = {"금": 0, "차": 1, "내": 1, "익": 1, "전": -1, "전전": -2, "전전전": -3}
_MONTH_SINGLE = {"이": 0, "내": 1, "전": -1, "전전": -2, "전전전": -3}
_MONTH_WORDS = {"금월": 0, "당월": 0, "익월": 1, "전월": -1, "전전월": -2}
_YEAR_WORDS: dict[str, int] = {
    "올해": 0,
    "올": 0,
    "금년": 0,
    "이번 해": 0,
    "작년": -1,
    "지난해": -1,
    "지난 해": -1,
    "다음 해": 1,
    "재작년": -2,
    "재재작년": -3,
    "지지난해": -2,
    "내년": 1,
    "명년": 1,
    "익년": 1,
    "이듬해": 1,
    "내후년": 2,
    "후년": 2,
    "후후년": 3,
}
# Before a weekday, a day of the month or a month and day.
_MODIFIERS = {
    "지난": "past",
    "저번": "past",
    "이번": "this",
    "요번": "this",
    "다음": "next",
    "오는": "next",
    "다가오는": "next",
    "돌아오는": "next",
}
_DAY_COUNTS = {
    "하루": 1,
    "이틀": 2,
    "사흘": 3,
    "나흘": 4,
    "닷새": 5,
    "엿새": 6,
    "이레": 7,
    "여드레": 8,
    "아흐레": 9,
    "열흘": 10,
    "보름": 15,
}
_NATIVE = {
    "한": 1,
    "두": 2,
    "세": 3,
    "석": 3,
    "네": 4,
    "넉": 4,
    "다섯": 5,
    "여섯": 6,
    "일곱": 7,
    "여덟": 8,
    "아홉": 9,
    "열": 10,
    "열한": 11,
    "열두": 12,
}
_SINO = {"일": 1, "이": 2, "삼": 3, "사": 4, "오": 5, "육": 6, "칠": 7, "팔": 8, "구": 9}
_HANGUL_MONTHS = {"유": 6, "시": 10}  # 유월, 시월; the rest are Sino-Korean numbers

# What may follow an expression glued to it: particles (오늘은, 15일에, 어제부터 …) and a time
# of day (어제저녁, 오늘밤). Anything else glued on makes it part of a longer word.
_PARTICLES = "|".join(
    (
        *("에는", "에도", "에서", "에선", "에", "엔", "은", "는", "도", "로부터", "부터", "부턴", "까지", "까진"),
        *("쯤", "께", "경", "즈음", "인", "거", "꺼", "것", "만큼", "이나", "이랑", "랑", "하고", "처럼"),
    )
)
_TIMES_OF_DAY = "아침|점심|저녁|밤|새벽|오전|오후|낮|야간"
# After these a number of days is a duration, a count or a recurrence (3일간, 7일 이내, 3일치).
_COUNTING = "간|동안|째|치|분|씩|마다|내내|연속|이내|이상|이하|내로|내에|안에|만에|짜리"


def _words(words) -> str:
    """An alternation of `words`, longest first; a space inside a word matches any spacing."""
    ordered = sorted(set(words), key=len, reverse=True)
    return "|".join(re.escape(w).replace(r"\ ", _S) for w in ordered)


def _squeeze(word: str) -> str:
    return "".join(word.split())


_S = r"[ \t]*"  # any spacing, none included; never a line break
_HAN = "가-힣"
_WORD_START = rf"(?<![{_HAN}])"
# A date may be restated in brackets: 오늘(28일), 어제(일), 지난주 금요일(9/25). The brackets must
# hold a date letter or a slash, so that 어제(12000) keeps its amount.
_RESTATED = r"(?:[ \t]*\((?=[^)\n]*[/월화수목금토일욜])[0-9 ./\-월화수목금토일요욜]{1,12}\))?"
# The end of a word: a particle may follow, or a time of day; any other letter means the
# expression was the start of a longer word (내일신문, 오늘의집, 월요병).
_STRICT_END = rf"{_RESTATED}(?:{_PARTICLES})?(?:(?![{_HAN}])|(?={_TIMES_OF_DAY}))"
# After 요일 or a month and a day in digits a glued noun is another word (4월14일회의,
# 금요일회식) unless it makes the date a duration or a count.
_LOOSE_END = rf"{_RESTATED}(?!{_S}(?:{_COUNTING})(?![{_HAN}])|(?:{_COUNTING}))(?:{_PARTICLES})?"
# A weekday may trail a full date: 10월 5일(월), 11/20 금요일.
_TRAILING_WEEKDAY = r"(?:[ \t]*\([월화수목금토일](?:요일)?\)|[ \t]+[월화수목금토일](?:요일|욜)(?![가-힣]))?"

_D12 = r"[0-9]{1,2}"
# Sino-Korean numbers: 일 … 구, 십, 십일 … 삼십구 (checked against the calendar when resolved).
_SINO_NUM = r"(?:[이삼]?십[일이삼사오육칠팔구]?|[일이삼사오육칠팔구])"
_SINO_TENS = r"(?:[이삼]?십[일이삼사오육칠팔구]?)"  # alone before 일 a day needs its 십 (오일 is oil)
_HANGUL_MONTH = r"(?:십[일이]|[일이삼사오유육칠팔구시십])"

_STEP_BACK_RE = r"(?:지{1,3}난|저{1,3}번)"
_STEP_AHEAD_RE = r"(?:다음다음|다{1,4}음|다{0,3}담)"


def _step_word(unit: str, singles: dict[str, int]) -> str:
    return rf"(?:{_STEP_BACK_RE}|{_STEP_AHEAD_RE}|{'|'.join(_STEP_THIS)}){_S}{unit}|(?:{_words(singles)}){unit}"


_WEEK_WORD = _step_word("주", _WEEK_SINGLE)
_MONTH_WORD = _step_word("달", _MONTH_SINGLE) + "|" + _words(_MONTH_WORDS)
_YEAR_WORD = _words(_YEAR_WORDS)
_MODIFIER = _words(_MODIFIERS)
_WEEKDAY_FULL = r"[월화수목금토일](?:요일|욜)(?:날)?"
_YEAR = (
    rf"(?:(?<![0-9.,])(?:[0-9]{{4}}|[0-9]{{2}}){_S}년(?:도)?|{_WORD_START}(?:{_YEAR_WORD})"
    r"|(?<![0-9.,])(?:19|20)[0-9]{2}(?=[ \t]))"
)
_MONTH_NUM = rf"(?:(?<![0-9.,]){_D12}|{_WORD_START}{_HANGUL_MONTH}){_S}월(?:{_S}달)?"
_OF = rf"{_S}(?:의{_S})?"


def _day(p: str) -> str:
    """The day of a month: a number (loose end after digits), its last day or its first."""
    return (
        rf"(?:(?P<{p}_n>[0-9]{{1,2}}){_S}일(?:날)?{_LOOSE_END}"
        rf"|(?P<{p}_k>{_SINO_NUM}){_S}일(?:날)?{_STRICT_END}"
        rf"|(?P<{p}_last>말일|말|마지막[ \t]*날|끝날|그믐(?:날)?){_STRICT_END}"
        rf"|(?P<{p}_first>첫[ \t]*날|초하루){_STRICT_END})"
    )


_COUNT = rf"(?:[0-9]{{1,3}}|{_words(_NATIVE)}|{_SINO_NUM})"
_UNIT = r"(?:주일|주|일|달|개월|년|해)"
_OFFSET = rf"(?:(?:{_COUNT}{_S}{_UNIT}{_S}){{1,3}}|(?:{_words(_DAY_COUNTS)}){_S})"


def _firsts(*groups) -> str:
    """The letters the words of `groups` start with, as the inside of a character class."""
    return "".join(sorted({w[0] for group in groups for w in group}))


_DIGIT = "0123456789"
_WEEK_FIRSTS = _firsts(_STEP_BACK, _STEP_AHEAD, _STEP_THIS, _WEEK_SINGLE)
_MONTH_FIRSTS = _firsts(_STEP_BACK, _STEP_AHEAD, _STEP_THIS, _MONTH_SINGLE, _MONTH_WORDS)
_YEAR_FIRSTS = _firsts(_YEAR_WORDS)
_MODIFIER_FIRSTS = _firsts(_MODIFIERS)
_COUNT_FIRSTS = _DIGIT + _firsts(_NATIVE, _SINO, _DAY_COUNTS, ["십"])
_MONTH_DAY_FIRSTS = _YEAR_FIRSTS + _MODIFIER_FIRSTS + _firsts(_SINO, _HANGUL_MONTHS, ["십"])

# (a lookahead on how a form starts, the form). Most words and numbers of a message start no date:
# the lookahead turns them away before the form is tried, which keeps the scan fast.
_FORMS: tuple[tuple[str, str], ...] = (
    # 2026-10-05, 2026.10.05, 2026. 10. 5., 2026/10/05
    (
        r"(?:19|20)[0-9]{2}\s?[-./]",
        rf"(?P<ymd>(?<![0-9])(?P<ymd_y>(?:19|20)[0-9]{{2}})(?:\s?[-./]\s?)(?P<ymd_m>{_D12})"
        rf"(?:\s?[-./]\s?)(?P<ymd_d>{_D12})(?:\.(?![0-9]))?(?![0-9]){_TRAILING_WEEKDAY})",
    ),
    # 26.10.5, 26-10-05, 99/3/1
    (
        r"[0-9]{2}[-./]",
        rf"(?P<yymd>(?<![0-9.,])(?P<yymd_y>[0-9]{{2}})[-./](?P<yymd_m>{_D12})[-./](?P<yymd_d>{_D12})"
        rf"(?![0-9]|[.,][0-9]){_TRAILING_WEEKDAY})",
    ),
    # 20261005
    (
        r"(?:19|20)[0-9]{6}",
        r"(?P<compact>(?<![0-9.,\-])(?P<compact_y>(?:19|20)[0-9]{2})(?P<compact_m>0[1-9]|1[0-2])"
        r"(?P<compact_d>0[1-9]|[12][0-9]|3[01])(?![0-9]|[ \t]*[원₩천만억]))",
    ),
    # [작년|2026년|26년|2026|지난|오는] 3월 5일, 삼월 오일, 4월달 14일, 10월 말, 3월 첫날
    (
        rf"[0-9]{{1,4}}[ \t]*[년월]|(?:19|20)[0-9]{{2}}[ \t]|[{_MONTH_DAY_FIRSTS}]",
        rf"(?P<md>(?:(?P<md_y>{_YEAR}){_S}|{_WORD_START}(?P<md_mod>{_MODIFIER}){_S})?(?P<md_m>{_MONTH_NUM})"
        rf"{_OF}{_day('md')}{_TRAILING_WEEKDAY})",
    ),
    # 지난달 10일, 저저번달 말일, 다음 달의 말일, 이번달 첫날
    (
        f"[{_MONTH_FIRSTS}]",
        rf"(?P<mw>{_WORD_START}(?P<mw_w>{_MONTH_WORD}){_OF}{_day('mw')})",
    ),
    # 올해 마지막 날, 내년 첫날
    (
        f"[{_YEAR_FIRSTS}]",
        rf"(?P<yd>{_WORD_START}(?P<yd_w>{_YEAR_WORD}){_OF}(?:(?P<yd_last>마지막[ \t]*날)|첫[ \t]*날){_STRICT_END})",
    ),
    # 지난주 화요일, 저번주 금, 다다음주 월요일, 이번 주 주말, 다음주말, 지난주 이맘때
    (
        f"[{_WEEK_FIRSTS}]",
        rf"(?P<ww>{_WORD_START}(?P<ww_w>{_WEEK_WORD}){_OF}(?:(?P<ww_d>[월화수목금토일])(?:요일날|요일|욜|(?={_STRICT_END}))"
        rf"|주말|(?<=주)말|(?P<ww_same>이맘[ \t]*때)){_LOOSE_END})",
    ),
    # 지난 금요일, 오는 토요일, 돌아오는 주말
    (
        f"[{_MODIFIER_FIRSTS}]",
        rf"(?P<lw>{_WORD_START}(?P<lw_w>{_MODIFIER}){_S}(?:(?P<lw_d>{_WEEKDAY_FULL})|주말){_LOOSE_END})",
    ),
    # 지난 15일, 다가오는 31일
    (
        f"[{_MODIFIER_FIRSTS}]",
        rf"(?P<ld>{_WORD_START}(?P<ld_w>{_MODIFIER}){_S}(?P<ld_d>[0-9]{{1,2}}|{_SINO_NUM}){_S}일(?:날)?{_STRICT_END})",
    ),
    # 작년 이맘때, 지난달 이맘때
    (
        f"[{_YEAR_FIRSTS}{_MONTH_FIRSTS}]",
        rf"(?P<same>{_WORD_START}(?:(?P<same_y>{_YEAR_WORD})|(?P<same_m>{_MONTH_WORD})){_S}이맘[ \t]*때{_STRICT_END})",
    ),
    # 3일 전, 2주 후, 한 달 뒤, 일주일 전, 2주 3일 뒤, 이틀 전
    (
        rf"[0-9]{{1,3}}[ \t]*[일주달개년해]|[{_COUNT_FIRSTS}]",
        rf"(?P<rn>(?<![0-9.,{_HAN}])(?P<rn_n>{_OFFSET})(?P<rn_dir>전|후|뒤){_STRICT_END})",
    ),
    # 오늘, 어제, 그그제, 내일모레, 낼 (오늘의집 is a shop, 내일신문 a paper)
    (
        f"[{_firsts(_DAY_WORDS, _WEAK_DAY_WORDS)}]",
        rf"(?P<rel>{_WORD_START}(?P<rel_w>{_words([*_DAY_WORDS, *_WEAK_DAY_WORDS])}){_STRICT_END})",
    ),
    # 월요일, 금욜
    (
        r"[월화수목금토일][요욜]",
        rf"(?P<dow>{_WORD_START}(?P<dow_d>[월화수목금토일])(?:요일|욜)(?:날)?{_LOOSE_END})",
    ),
    # 11/20, 11.8, 11-8 — but not 1.5만, 2.5kg, 3-4개
    (
        r"[0-9]{1,2}[/.\-]",
        rf"(?P<num>(?<![0-9a-zA-Z.,/\-])(?P<num_m>{_D12})(?P<num_sep>[/.\-])(?P<num_d>{_D12})"
        rf"(?![0-9]|[.,/\-][0-9]|\s?[십백천만억원]|[a-zA-Z%])(?:일)?{_TRAILING_WEEKDAY}{_STRICT_END})",
    ),
    # 30일, 12일날, 이십구일 — a day of the month only where it leads its item (see find_dates)
    (
        r"[0-9]{1,2}일|[이삼십]",
        rf"(?P<dd>(?<![0-9{_HAN}.\-/])(?:(?P<dd_d>[0-9]{{1,2}})|(?P<dd_k>{_SINO_TENS}))일"
        rf"(?P<dd_said>날|자|에)?{_STRICT_END})",
    ),
    # 말일 alone: the closest month end
    (
        r"말일",
        rf"(?P<eom>{_WORD_START}말일{_STRICT_END})",
    ),
)
_HANGUL_FIRSTS = "".join(
    sorted(
        set(_YEAR_FIRSTS + _MODIFIER_FIRSTS + _MONTH_FIRSTS + _WEEK_FIRSTS + _COUNT_FIRSTS + _WEEKDAYS + "말")
        | set(_firsts(_DAY_WORDS, _WEAK_DAY_WORDS, _SINO, _HANGUL_MONTHS, ["십"]))
    )
).lstrip(_DIGIT)
_DATE_RE = re.compile(
    # A date starts a number or a word: most digits are inside numbers, most letters inside words.
    rf"(?:(?<![0-9])(?=[0-9])|(?<![{_HAN}])(?=[{_HANGUL_FIRSTS}]))"
    + "(?:"
    + "|".join(f"(?={guard}){form}" for guard, form in _FORMS)
    + ")"
)

# Context checks, run only on the few matches.
_RECURRING_BEFORE_RE = re.compile(r"(?<![가-힣])(?:매|격)[ \t]*(?:주|월|달|일|년|해|번)[ \t]*(?:의[ \t]*)?$")
# A weekday of another week than the ones the reader knows is not this week's: the Nth weekday
# of a month (다음달 첫째주 금요일, 마지막 금요일, 10월 수요일) or the week of an earlier sentence
# (그다음 주 토요일).
_OTHER_WEEK_BEFORE_RE = re.compile(
    r"(?<![가-힣])(?:(?:첫|둘|셋|넷|다섯|마지막|막|끝)째?|(?:첫|두|세|네|다섯|[0-9])[ \t]*번째)[ \t]*(?:주[ \t]*)?"
    r"(?:의[ \t]*)?$|(?:달|월)(?:[ \t]*의)?[ \t]+$|(?<![가-힣])그[ \t]*(?:다음[ \t]*)?주[ \t]*(?:의[ \t]*)?$"
)
# An offset from a day the reader could not read (다음 달 마지막 금요일에서 이틀 뒤) is no offset from today.
_UNREAD_ANCHOR_BEFORE_RE = re.compile(r"(?:에서|부터|부턴)[ \t]*$")
_NIGHTS_BEFORE_RE = re.compile(r"[0-9][ \t]*박[ \t]*$")  # 2박 3일
_COUNTING_AFTER_RE = re.compile(rf"{_S}(?:{_COUNTING})(?![{_HAN}])")  # 7일 이내, 3일 동안
_RATE_AFTER_RE = re.compile(rf"[ \t]+[0-9]{{1,2}}[ \t]*(?![원천만억백십일])[{_HAN}]")  # 1일 1식, 1일 2회
_OFFSET_AFTER_RE = re.compile(rf"{_S}(?P<n>{_OFFSET})(?P<dir>전|후|뒤)(?!{_S}까지){_STRICT_END}")
# The day before or after a date: 크리스마스 전날 is out of reach, 다음 달 첫날 다음 날 is not.
_NEXT_DAY_AFTER_RE = re.compile(rf"{_OF}(?:(?P<before>전날)|다음{_S}날|이튿{_S}날){_STRICT_END}")
_PAIR_RE = re.compile(rf"(?P<count>{_COUNT}){_S}(?P<unit>{_UNIT})")
_WORD_RE = re.compile(r"[0-9A-Za-z가-힣]")


# ---------------------------------------------------------------------------------------------
# Calendar arithmetic.


def _safe(y: int, m: int, d: int) -> date | None:
    if not (1 <= m <= 12 and 1 <= y <= 9999 and 1 <= d <= 31):
        return None
    if d > calendar.monthrange(y, m)[1]:
        return None
    return date(y, m, d)


def _month_shift(y: int, m: int, k: int) -> tuple[int, int]:
    idx = y * 12 + (m - 1) + k
    return idx // 12, idx % 12 + 1


def _month_end(y: int, m: int) -> date:
    return date(y, m, calendar.monthrange(y, m)[1])


def _on(y: int, m: int, day: int | str) -> date | None:
    """Day `day` of month m of year y; "last" is its last day, "first" its first."""
    if not (1 <= y <= 9999 and 1 <= m <= 12):
        return None
    if day == "last":
        return _month_end(y, m)
    if day == "first":
        return date(y, m, 1)
    return _safe(y, m, day)


def _closest_month_day(today: date, month: int, day: int | str) -> date | None:
    """The latest date with this month and day no more than AHEAD in the future."""
    limit = today + AHEAD
    # Feb 29 may need to look back several years for a leap year.
    for y in range(today.year + 1, today.year - 9, -1):
        d = _on(y, month, day)
        if d is not None and d <= limit:
            return d
    return None


def _closest_day(today: date, day: int | str) -> date | None:
    """The latest date with this day of month no more than AHEAD in the future."""
    limit = today + AHEAD
    for k in range(1, -13, -1):
        y, m = _month_shift(today.year, today.month, k)
        d = _on(y, m, day)
        if d is not None and d <= limit:
            return d
    return None


def _last_before(today: date, month: int | None, day: int | str) -> date | None:
    """The latest such date before today (지난 15일, 지난 5월 3일)."""
    steps = range(0, -49, -1) if month is None else range(0, -97, -12)
    y0, m0 = (today.year, today.month) if month is None else (today.year, month)
    for k in steps:
        y, m = _month_shift(y0, m0, k)
        d = _on(y, m, day)
        if d is not None and d < today:
            return d
    return None


def _first_from(today: date, month: int | None, day: int | str) -> date | None:
    """The earliest such date from today on (오는 15일, 다가오는 12월 31일)."""
    steps = range(0, 49) if month is None else range(0, 97, 12)
    y0, m0 = (today.year, today.month) if month is None else (today.year, month)
    for k in steps:
        y, m = _month_shift(y0, m0, k)
        d = _on(y, m, day)
        if d is not None and d >= today:
            return d
    return None


def _add_months(d: date, k: int) -> date | None:
    y, m = _month_shift(d.year, d.month, k)
    if not 1 <= y <= 9999:
        return None
    return date(y, m, min(d.day, calendar.monthrange(y, m)[1]))


def _monday(today: date) -> date:
    return today - timedelta(days=today.weekday())


def _two_digit_year(yy: int, today: date) -> int:
    """19YY or 20YY, whichever is closer to today's year (the earlier on a tie)."""
    return min((1900 + yy, 2000 + yy), key=lambda y: (abs(y - today.year), y))


# ---------------------------------------------------------------------------------------------
# Reading the parts of a match.


def _number(text: str) -> int:
    """Digits or a Sino-Korean number below 100 (삼십일 → 31, 유 → 6, 시 → 10)."""
    if text.isdigit():
        return int(text)
    if text in _HANGUL_MONTHS:
        return _HANGUL_MONTHS[text]
    tens, _, ones = text.rpartition("십")
    if "십" not in text:
        return _SINO[text]
    return (_SINO.get(tens, 1) if tens else 1) * 10 + (_SINO[ones] if ones else 0)


def _count(text: str) -> int:
    return _NATIVE.get(text) or _number(text)


def _step(word: str, unit: str) -> int:
    """지난주 → -1, 다다음달 → 2, 이번 주 → 0, 전전달 → -2, 다담주 → 2, 금월 → 0 …"""
    word = _squeeze(word)
    if word in _MONTH_WORDS:
        return _MONTH_WORDS[word]
    stem = word.removesuffix(unit)
    singles = _WEEK_SINGLE if unit == "주" else _MONTH_SINGLE
    if stem in singles:
        return singles[stem]
    if stem in _STEP_THIS:
        return 0
    if stem == "다음다음":
        return 2
    if stem.endswith(("난", "번")):
        return -(len(stem) - 1)  # 지난 -1, 지지난 -2, 저저번 -2
    if stem.endswith("음"):
        return len(stem) - 1  # 다음 1, 다다음 2
    return len(stem)  # 담 1, 다담 2


_DAY_STEPS = {_squeeze(k): v for k, v in (*_DAY_WORDS.items(), *_WEAK_DAY_WORDS.items())}
_YEAR_STEPS = {_squeeze(k): v for k, v in _YEAR_WORDS.items()}


def _day_of(m: re.Match[str], prefix: str) -> int | str:
    if m.group(f"{prefix}_last"):
        return "last"
    if m.group(f"{prefix}_first"):
        return "first"
    return _number(m.group(f"{prefix}_n") or m.group(f"{prefix}_k"))


def _shift(base: date, spec: str, direction: str) -> date | None:
    """`spec` counts back (전) or ahead (후, 뒤) from `base`: 3일, 2주 3일, 한 달, 이틀."""
    sign = -1 if direction == "전" else 1
    spec = _squeeze(spec)
    if spec in _DAY_COUNTS:
        return base + timedelta(days=sign * _DAY_COUNTS[spec])
    days = months = 0
    for pair in _PAIR_RE.finditer(spec):
        n, unit = _count(pair["count"]), pair["unit"]
        if unit in ("년", "해"):
            return None  # 10년 전 산 가방: the age of a thing, not the day it was paid
        if unit == "일":
            days += n
        elif unit in ("주", "주일"):
            days += 7 * n
        else:
            months += n
    if days > 3660 or months > 120:
        return None
    shifted = _add_months(base, sign * months) if months else base
    return None if shifted is None else shifted + timedelta(days=sign * days)


def _resolve(m: re.Match[str], today: date) -> date | None:
    kind = m.lastgroup
    g = m.group
    if kind == "rel":
        return today + timedelta(days=_DAY_STEPS[_squeeze(g("rel_w"))])
    if kind == "ymd":
        return _safe(int(g("ymd_y")), int(g("ymd_m")), int(g("ymd_d")))
    if kind == "yymd":
        return _safe(_two_digit_year(int(g("yymd_y")), today), int(g("yymd_m")), int(g("yymd_d")))
    if kind == "compact":
        return _safe(int(g("compact_y")), int(g("compact_m")), int(g("compact_d")))
    if kind == "md":
        return _month_day(m, today)
    if kind == "mw":
        y, month = _month_shift(today.year, today.month, _step(g("mw_w"), "달"))
        return _on(y, month, _day_of(m, "mw"))
    if kind == "yd":
        year = today.year + _YEAR_STEPS[_squeeze(g("yd_w"))]
        return _on(year, 12, "last") if g("yd_last") else _on(year, 1, "first")
    if kind == "ww":
        monday = _monday(today) + timedelta(days=7 * _step(g("ww_w"), "주"))
        if g("ww_same"):
            return monday + timedelta(days=today.weekday())
        return monday + timedelta(days=_WEEKDAYS.index(g("ww_d")) if g("ww_d") else _SATURDAY)
    if kind == "lw":
        return _modified_weekday(_MODIFIERS[g("lw_w")], g("lw_d"), today)
    if kind == "ld":
        day = _number(g("ld_d"))
        sense = _MODIFIERS[g("ld_w")]
        if sense == "past":
            return _last_before(today, None, day)
        if sense == "next":
            return _first_from(today, None, day)
        return _on(today.year, today.month, day)
    if kind == "same":
        if g("same_y"):
            return _add_months(today, 12 * _YEAR_STEPS[_squeeze(g("same_y"))])
        return _add_months(today, _step(g("same_m"), "달"))
    if kind == "dow":
        return today - timedelta(days=(today.weekday() - _WEEKDAYS.index(g("dow_d"))) % 7)
    if kind == "rn":
        return _shift(today, g("rn_n"), g("rn_dir"))
    if kind == "num":
        return _closest_month_day(today, int(g("num_m")), int(g("num_d")))
    if kind == "dd":
        day = _number(g("dd_d") or g("dd_k"))
        return _closest_day(today, day) if 1 <= day <= 31 else None
    if kind == "eom":
        return _closest_day(today, "last")
    return None


def _month_day(m: re.Match[str], today: date) -> date | None:
    g = m.group
    month = _number(g("md_m").split("월")[0].strip())
    day = _day_of(m, "md")
    if not 1 <= month <= 12:
        return None
    year_text, modifier = g("md_y"), g("md_mod")
    if year_text:
        digits = "".join(ch for ch in year_text if ch.isdigit())
        if len(digits) == 4:
            return _on(int(digits), month, day)
        if digits:
            return _on(_two_digit_year(int(digits), today), month, day)
        return _on(today.year + _YEAR_STEPS[_squeeze(year_text)], month, day)
    if modifier:
        sense = _MODIFIERS[modifier]
        if sense == "past":
            return _last_before(today, month, day)
        if sense == "next":
            return _first_from(today, month, day)
        return _on(today.year, month, day)
    return _closest_month_day(today, month, day)


def _modified_weekday(sense: str, weekday: str | None, today: date) -> date:
    """지난 금요일 (before today), 이번 금요일 (this week), 다음·오는 금요일 (after today); 주말: Saturday."""
    wd = _WEEKDAYS.index(weekday[0]) if weekday else _SATURDAY
    if sense == "this":
        return _monday(today) + timedelta(days=wd)
    if sense == "past":
        if weekday is None:  # 지난 주말: last week's
            return _monday(today) - timedelta(days=7 - _SATURDAY)
        return today - timedelta(days=(today.weekday() - wd - 1) % 7 + 1)
    if weekday is None:  # 오는 주말: the coming one, today on a Saturday
        return today + timedelta(days=(_SATURDAY - today.weekday()) % 7)
    return today + timedelta(days=(wd - today.weekday() - 1) % 7 + 1)


def _leads_item(text: str, start: int) -> bool:
    item_start = max(text.rfind(sep, 0, start) for sep in "\n,;") + 1
    return _WORD_RE.search(text, item_start, start) is None


def _counts_days(text: str, m: re.Match[str]) -> bool:
    """2박 3일, 7일 이내, 3일 동안, 1일 1식: days counted, not a day named."""
    start, end = m.span()
    if _NIGHTS_BEFORE_RE.search(text, max(0, start - 8), start) or _COUNTING_AFTER_RE.match(text, end):
        return True
    return m.group(0) == "1일" and _RATE_AFTER_RE.match(text, end) is not None


def _names_a_day(text: str, m: re.Match[str]) -> bool:
    """What the pattern cannot see: recurrence, counts, the Nth weekday of a month, a lone day."""
    kind, start = m.lastgroup, m.start()
    before = text[max(0, start - 12) : start]
    if _RECURRING_BEFORE_RE.search(before):
        return False  # 매주 월요일, 매월 25일, 격주 토요일
    if kind == "dd":
        # 30일 관리비 names a day; 렌터카 3일 15만 counts days. A bare day leads its item or says 에/날.
        return not _counts_days(text, m) and (m.group("dd_said") is not None or _leads_item(text, start))
    if kind == "ld":
        return not _counts_days(text, m)  # 지난 3일 동안
    if kind == "rel" and _squeeze(m.group("rel_w")) in _WEAK_DAY_WORDS:
        return _leads_item(text, start)
    if kind in ("dow", "lw"):
        return _OTHER_WEEK_BEFORE_RE.search(before) is None
    if kind == "rn":
        return _UNREAD_ANCHOR_BEFORE_RE.search(before) is None
    return True


def find_dates(text: str, today: date) -> list[DateSpan]:
    """Every date-looking span of `text`, in order; value None when it names no real day."""
    spans = []
    for m in _DATE_RE.finditer(text):
        if not _names_a_day(text, m):
            continue
        start, end = m.span()
        if m.lastgroup == "num" and m.group("num_sep") in ".-" and _glued_letter(text, m.end("num_d")):
            continue  # 2.5배, 3-4개, 3-4도: a measure or a range, not a day
        try:
            value = _resolve(m, today)
            if value is not None:
                value, end = _relative_to(value, text, start, end)
        except (ValueError, OverflowError):
            # Only reachable near date.min/date.max; such a span is still not money.
            value = None
        if value is None and m.lastgroup == "num" and m.group("num_sep") == ".":
            continue  # 12.99 is no day; let the amount reader judge it ($12.99)
        spans.append(DateSpan(start, end, value))
    return spans


def _glued_letter(text: str, at: int) -> bool:
    return at < len(text) and "가" <= text[at] <= "힣"


def _relative_to(value: date, text: str, start: int, end: int) -> tuple[date | None, int]:
    """A date can anchor another: 오늘로부터 한 달 후, 1월 31일에서 두 달 뒤, 다음 달 첫날 다음 날."""
    if text.endswith(("부터", "에서"), start, end):
        shift = _OFFSET_AFTER_RE.match(text, end)
        if shift is not None:
            return _shift(value, shift["n"], shift["dir"]), shift.end()
    step = _NEXT_DAY_AFTER_RE.match(text, end)
    if step is not None:
        return value + timedelta(days=-1 if step["before"] else 1), step.end()
    return value, end
