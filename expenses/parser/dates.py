"""Find date expressions in a message and resolve them against the day it was sent."""

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

from .text import is_hangul

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


def _closest_month_day(today: date, month: int, day: int) -> date | None:
    limit = today + AHEAD
    # Feb 29 may need to look back several years for a leap year.
    for y in range(today.year + 1, today.year - 9, -1):
        d = _safe(y, month, day)
        if d is not None and d <= limit:
            return d
    return None


def _closest_day(today: date, day: int | None) -> date | None:
    """Closest date with this day of month (None: month end) at most AHEAD in the future."""
    limit = today + AHEAD
    for k in range(1, -13, -1):
        y, m = _month_shift(today.year, today.month, k)
        if not 1 <= y <= 9999:
            continue
        d = _month_end(y, m) if day is None else _safe(y, m, day)
        if d is not None and d <= limit:
            return d
    return None


def _year_of(text: str) -> int:
    year = int(text)
    return year + 2000 if year < 100 else year


_REL_WORDS = {
    "오늘": 0,
    "금일": 0,
    "어제": -1,
    "어저께": -1,
    "작일": -1,
    "어젯밤": -1,
    "엊저녁": -1,
    "간밤": -1,
    "지난밤": -1,
    "그제": -2,
    "그저께": -2,
    "엊그제": -2,
    "엊그저께": -2,
    "그끄제": -3,
    "그끄저께": -3,
    "내일": 1,
    "모레": 2,
}
_KOR_DAYS = {"하루": 1, "이틀": 2, "사흘": 3, "나흘": 4, "닷새": 5, "엿새": 6, "이레": 7, "열흘": 10, "보름": 15}
_KOR_COUNT = {"한": 1, "일": 1, "두": 2, "이": 2, "세": 3, "삼": 3, "네": 4}
_YEAR_WORDS = {"재작년": -2, "작년": -1, "지난해": -1, "올해": 0, "금년": 0, "내년": 1}
_MONTH_WORDS = {
    "지지난달": -2,
    "지난달": -1,
    "저번달": -1,
    "전달": -1,
    "전월": -1,
    "이번달": 0,
    "이달": 0,
    "금월": 0,
    "당월": 0,
    "다음달": 1,
    "담달": 1,
    "익월": 1,
}
_WEEK_WORDS = {
    "지지난주": -2,
    "지난주": -1,
    "저번주": -1,
    "전주": -1,
    "이번주": 0,
    "금주": 0,
    "다음주": 1,
    "담주": 1,
}

_D = r"[0-9]{1,2}"
# Every form below starts with one of these; checking it first makes the scan three times faster.
_FIRST = r"(?=[0-9재작지올금내저전이당다담익하사나닷엿열보한두세네일삼그엊어간오모월화수목토말])"
_DATE_RE = re.compile(
    _FIRST
    + "(?:"
    + "|".join(
        (
            # 2026-10-05, 2026.10.05, 2026. 10. 5., 2026/10/05, 2026년 10월 5일
            rf"(?P<ymd>(?<![0-9])(?P<ymd_y>(?:19|20)[0-9]{{2}})(?:\s?[-./]\s?|\s?년\s?)(?P<ymd_m>{_D})"
            rf"(?:\s?[-./]\s?|\s?월\s?)(?P<ymd_d>{_D})(?:\s?일|\.(?![0-9]))?(?![0-9]))",
            # 26.10.5, 26-10-05, 26년 10월 5일
            rf"(?P<yymd>(?<![0-9.,])(?P<yymd_y>[0-9]{{2}})(?:[-./]|\s?년\s?)(?P<yymd_m>{_D})"
            rf"(?:[-./]|\s?월\s?)(?P<yymd_d>{_D})(?:\s?일)?(?![0-9]|[.,][0-9]))",
            # 작년 12월 3일, 올해 1월 말
            rf"(?P<ywmd>(?P<ywmd_w>재작년|작년|지난해|올해|금년|내년)\s?(?P<ywmd_m>{_D})\s?월\s?"
            rf"(?:(?P<ywmd_d>{_D})\s?일|말일?))",
            # 10월 30일, 10월 말(일)
            rf"(?P<md>(?<![0-9])(?P<md_m>{_D})\s?월\s?(?:(?P<md_d>{_D})\s?일|말일?))",
            # 지난달 10일, 저번달 말일, 이번달 1일
            r"(?P<mw>(?P<mw_w>지지난\s?달|지난\s?달|저번\s?달|전\s?달|전월|이번\s?달|이달|금월|당월|다음\s?달|담\s?달|익월)"
            rf"\s?(?:(?P<mw_d>{_D})\s?일|말일?))",
            # 지난주 화요일, 저번주 금, 이번주 수요일, 지난주 주말 (its Saturday)
            r"(?P<ww>(?P<ww_w>지지난\s?주|지난\s?주|저번\s?주|전\s?주|이번\s?주|금주|다음\s?주|담\s?주)"
            r"\s?(?:(?P<ww_d>[월화수목금토일])(?:요일|욜|(?![가-힣]))|주말))",
            # 지난 금요일, 이번 토요일, 지난 주말
            r"(?P<lw>(?P<lw_w>지난|저번|이번|다음)\s?(?:(?P<lw_d>[월화수목금토일])(?:요일|욜)|(?P<lw_we>주말)))",
            # 3일 전, 2주 전, 1달 전, 6개월 전, 2일 후
            r"(?P<rn>(?<![0-9])(?P<rn_n>[0-9]{1,3})\s?(?P<rn_u>일|주일|주|달|개월)\s?(?P<rn_dir>전|뒤|후))",
            # 하루 전, 일주일 전, 한 달 전
            r"(?P<rk>(?P<rk_n>하루|이틀|사흘|나흘|닷새|엿새|이레|열흘|보름|(?:한|두|세|네|일|이|삼)\s?(?:주일|주|달))"
            r"\s?(?P<rk_dir>전|뒤|후))",
            # 오늘, 어제, 그저께 (오늘의집 is a shop, not a date)
            r"(?P<rel>그끄저께|그끄제|엊그저께|엊그제|그저께|그제(?!서야)|어저께|어젯밤|엊저녁|지난밤|간밤|어제"
            r"|오늘(?!의\s?집)|금일|작일|내일|모레)",
            # 월요일, 금욜
            r"(?P<dow>(?P<dow_d>[월화수목금토일])(?:요일|욜))",
            # 11/20, 11.8, 11-8 — but not 1.5만, 2.5kg, 3-4개
            r"(?P<num>(?<![0-9a-zA-Z.,/\-])(?P<num_m>[0-9]{1,2})(?P<num_sep>[/.\-])(?P<num_d>[0-9]{1,2})"
            r"(?![0-9]|[.,/\-][0-9]|\s?[십백천만억조원]|[a-zA-Z%]))",
            # 30일 — alone it is a day of month, but not 3일간, 2박3일, 5일치
            r"(?P<dd>(?<![0-9가-힣.\-/])(?P<dd_d>[0-9]{1,2})일"
            r"(?!간|동안|치|분|째|차|권|주|장|짜|씩|이상|이내|만|용|제|반|정|수|부|회|[0-9]))",
            # 말일 alone: the closest month end
            r"(?P<eom>(?<![가-힣])말일)",
        )
    )
    + ")"
)


def _resolve(m: re.Match[str], today: date) -> date | None:
    kind = m.lastgroup
    g = m.group
    if kind == "rel":
        return today + timedelta(days=_REL_WORDS[g("rel")])
    if kind == "ymd":
        return _safe(int(g("ymd_y")), int(g("ymd_m")), int(g("ymd_d")))
    if kind == "yymd":
        return _safe(_year_of(g("yymd_y")), int(g("yymd_m")), int(g("yymd_d")))
    if kind == "md":
        month = int(g("md_m"))
        if g("md_d") is None:
            if not 1 <= month <= 12:
                return None
            return _closest_month_end(today, month)
        return _closest_month_day(today, month, int(g("md_d")))
    if kind == "ywmd":
        y, month = today.year + _YEAR_WORDS[g("ywmd_w")], int(g("ywmd_m"))
        if g("ywmd_d") is None:
            return _month_end(y, month) if 1 <= month <= 12 else None
        return _safe(y, month, int(g("ywmd_d")))
    if kind == "mw":
        y, month = _month_shift(today.year, today.month, _MONTH_WORDS[g("mw_w").replace(" ", "")])
        if g("mw_d") is None:
            return _month_end(y, month)
        return _safe(y, month, int(g("mw_d")))
    if kind == "ww":
        monday = today - timedelta(days=today.weekday())
        week = _WEEK_WORDS[g("ww_w").replace(" ", "")]
        wd = _WEEKDAYS.index(g("ww_d")) if g("ww_d") else _SATURDAY
        return monday + timedelta(days=7 * week + wd)
    if kind == "lw":
        word = g("lw_w")
        if g("lw_we"):
            week = {"지난": -1, "저번": -1, "이번": 0, "다음": 1}[word]
            return today - timedelta(days=today.weekday()) + timedelta(days=7 * week + _SATURDAY)
        wd = _WEEKDAYS.index(g("lw_d"))
        if word == "이번":
            return today - timedelta(days=today.weekday()) + timedelta(days=wd)
        if word == "다음":
            return today + timedelta(days=(wd - today.weekday() - 1) % 7 + 1)
        return today - timedelta(days=(today.weekday() - wd - 1) % 7 + 1)
    if kind == "dow":
        return today - timedelta(days=(today.weekday() - _WEEKDAYS.index(g("dow_d"))) % 7)
    if kind == "rn":
        return _shift(today, int(g("rn_n")), g("rn_u"), g("rn_dir"))
    if kind == "rk":
        word = g("rk_n").replace(" ", "")
        if word in _KOR_DAYS:
            return _shift(today, _KOR_DAYS[word], "일", g("rk_dir"))
        unit = word[1:]
        return _shift(today, _KOR_COUNT[word[0]], unit, g("rk_dir"))
    if kind == "num":
        month, day = int(g("num_m")), int(g("num_d"))
        return _closest_month_day(today, month, day)
    if kind == "dd":
        day = int(g("dd_d"))
        return _closest_day(today, day) if 1 <= day <= 31 else None
    if kind == "eom":
        return _closest_day(today, None)
    return None


def _closest_month_end(today: date, month: int) -> date | None:
    limit = today + AHEAD
    for y in range(today.year + 1, today.year - 2, -1):
        d = _month_end(y, month)
        if d <= limit:
            return d
    return None


def _shift(today: date, n: int, unit: str, direction: str) -> date | None:
    sign = -1 if direction == "전" else 1
    if unit in ("일",):
        days = n
    elif unit in ("주", "주일"):
        days = 7 * n
    else:  # 달, 개월: calendar months, clamped to the month's last day
        y, m = _month_shift(today.year, today.month, sign * n)
        if not 1 <= y <= 9999:
            return None
        return date(y, m, min(today.day, calendar.monthrange(y, m)[1]))
    if days > 3660:
        return None
    return today + timedelta(days=sign * days)


_WORD_RE = re.compile(r"[0-9A-Za-z가-힣]")


def _day_alone_is_date(text: str, start: int, end: int) -> bool:
    """30일 관리비 names a day; 렌터카 3일 15만 counts days. A bare day leads its item or says 에/날."""
    if text.startswith(("에", "날", "자"), end):
        return True
    item_start = max(text.rfind(sep, 0, start) for sep in "\n,;") + 1
    return _WORD_RE.search(text, item_start, start) is None


def find_dates(text: str, today: date) -> list[DateSpan]:
    """Every date-looking span of `text`, in order; value None when it names no real day."""
    spans = []
    for m in _DATE_RE.finditer(text):
        try:
            value = _resolve(m, today)
        except (ValueError, OverflowError):
            # Only reachable near date.min/date.max; such a span is still not money.
            value = None
        start, end = m.span()
        if m.lastgroup == "dd" and not _day_alone_is_date(text, start, end):
            continue
        if m.lastgroup == "num" and m.group("num_sep") in ".-":
            if end < len(text) and is_hangul(text[end]):
                continue  # 2.5배, 3-4개: a measure or a range, not a day
            if value is None and m.group("num_sep") == ".":
                continue  # 12.99 is no day; let the amount reader judge it ($12.99)
        spans.append(DateSpan(start, end, value))
    return spans
