"""Read a question about the ledger: which period it asks about, and the words left to resolve.

`이번 달 식비 얼마?`, `지난달 카페 얼마?`, `준호 이번 주 얼마 썼어?`, `예산 얼마 남았어?`, `어제 뭐 샀지?`.
The periods come from the date reader's own vocabulary (weeks start on Monday; 지난주, 이번 달,
11월, 작년 3월, 올해; any single day it reads: 어제, 11/20, 지난주 화요일), plus spans (최근 7일,
지난 3일 동안) and weekends. What is left — category, member and shop words — is returned as it was
typed: only the household knows its categories and members, so the caller resolves them.

Pure Python, like the rest of the parser: months are returned by step or by number, and the caller
turns them into the household's own month (which may start on payday).
"""

from dataclasses import dataclass
from datetime import date, timedelta

from . import lazyre as re
from .core import _looks_like_question as looks_like_question
from .dates import (
    _COUNT,
    _MODIFIER,
    _MODIFIERS,
    _MONTH_NUM,
    _MONTH_WORD,
    _S,
    _SATURDAY,
    _STRICT_END,
    _WEEK_WORD,
    _WORD_START,
    _YEAR,
    _YEAR_STEPS,
    _count,
    _modified_weekday,
    _monday,
    _number,
    _squeeze,
    _step,
    _two_digit_year,
    find_dates,
)
from .text import clean

DAY, SPAN, WEEK, MONTH, YEAR = "day", "span", "week", "month", "year"
MAX_SPAN_DAYS = 366


@dataclass(frozen=True)
class AskedPeriod:
    unit: str  # day | span | week | month | year
    start: date | None = None  # day, span, week: the days asked about (inclusive)
    end: date | None = None
    step: int | None = None  # month, year: from the current one (이번 달 0, 지난달 -1, 작년 -1)
    year: int | None = None  # month, year named by number (2025년 3월); month without year: the latest
    month: int | None = None
    said: str = ""  # the words as typed, squeezed ("지난주", "11월")


@dataclass(frozen=True)
class Question:
    period: AskedPeriod | None
    words: tuple[str, ...]  # what is left to resolve (category, member, shop …), particles attached
    verbs: tuple[str, ...]  # words that look like verbs (먹었어, 샀지): ignored unless they name something
    asks: bool  # a question word or mark: ?, 얼마, 내역, 알려줘 …
    kind: str | None = None  # "income" when money coming in is asked about, "expense" when spending is said
    budget: bool = False  # 예산, 남았어
    listing: bool = False  # 내역, 뭐, 어디: the entries themselves
    me: bool = False  # 나, 내가: the person asking


_END = _STRICT_END
_WEEKEND = rf"(?P<we>{_WORD_START}(?:(?P<we_w>{_WEEK_WORD})|(?P<we_m>{_MODIFIER}))?{_S}주말){_END}"
_SPAN = (
    rf"(?P<span>{_WORD_START}(?:(?P<span_p>최근|지난)[ \t]*)?(?P<span_n>{_COUNT}){_S}(?P<span_u>주일|주|일|달|개월)"
    rf"(?P<span_s>{_S}(?:간|동안|새))?){_END}"
)
_PERIOD_RE = re.compile(
    "|".join(
        (
            rf"(?P<ym>{_WORD_START}(?P<ym_y>{_YEAR})(?:{_S}(?P<ym_m>{_MONTH_NUM}))?){_END}",
            rf"(?P<mw>{_WORD_START}(?P<mw_w>{_MONTH_WORD})){_END}",
            rf"(?P<mn>(?P<mn_m>{_MONTH_NUM})){_END}",
            rf"(?P<ww>{_WORD_START}(?P<ww_w>{_WEEK_WORD})){_END}",
        )
    )
)
_WEEKEND_RE = re.compile(_WEEKEND)
_SPAN_RE = re.compile(_SPAN)

_SPLIT_RE = re.compile(r"[\s?？!！.,~…]+")
# A question word glued to the word before it: 식비얼마, 카페얼마야.
_GLUED_ASK_RE = re.compile(r"^(?P<word>.+?)(?:얼마(?:야|지|나|임|에요|예요)?|총액|합계|내역)$")

_PARTICLES = (
    "에서는", "에서", "에는", "이랑", "하고", "까지", "부터", "한테", "께서", "님이", "님은", "님의", "님",
    "씨", "은", "는", "이", "가", "을", "를", "에", "의", "도", "만", "랑", "와", "과", "로", "으로",
)  # fmt: skip

_BUDGET = ("예산", "남았", "남은", "남음", "남아", "잔액")
_LIST = {
    "내역",
    "목록",
    "리스트",
    "뭐",
    "뭘",
    "뭐뭐",
    "무엇",
    "무얼",
    "어디",
    "어디서",
    "어디에",
    "기록",
    "항목",
    "건별",
}
_INCOME = {"수입", "들어온", "들어왔어", "들어왔지", "들어온돈", "번돈", "벌었어", "벌었지", "입금", "받은", "받았어"}
_EXPENSE = {
    "지출",
    "쓴",
    "썼어",
    "썼지",
    "썼나",
    "쓴돈",
    "씀",
    "나간",
    "나갔어",
    "나갔지",
    "나간돈",
    "소비",
    "사용",
    "쓴거",
}
_ME = {"나", "내가", "제가", "내", "저", "난", "나는", "저는", "내꺼", "내거", "제"}
_FILLER = {
    "우리", "우리집", "우리가", "가족", "다", "모두", "전체", "전부", "총", "총액", "합계", "합", "돈", "금액", "얼마",
    "얼마야", "얼마지", "얼마나", "얼마임", "얼만큼", "얼마에요", "얼마예요", "몇", "몇번", "번", "건", "몇건", "좀",
    "알려줘", "알려", "알려주세요", "보여줘", "보여", "보여주세요", "줘", "확인", "정리", "요약", "통계", "지금",
    "지금까지", "현재", "이번에", "그동안", "요즘", "까지", "부터", "동안", "얼마쯤", "대략", "써", "쓰", "했어",
    "했지", "됐어", "됐지", "돼", "되", "있어", "있나", "어때", "어땠어", "혹시", "그럼", "그래서", "그리고", "또",
}  # fmt: skip
_VERB_RE = re.compile(
    r"(?:[었았했였겠썼샀갔왔셨됐]).{0,3}$|(?:어|어요|지|니|냐|나|나요|야|요|죠|까|음|임|줘|봐|때|래|게|자|다)$"
)


def read_question(text: str, today: date) -> Question:
    """The period asked about (None when none is named) and the words left, classified."""
    text = clean(text)[:300]
    period, rest = _period(text, today)
    words: list[str] = []
    verbs: list[str] = []
    kind = None
    flags: set[str] = set()
    for token in _SPLIT_RE.split(rest):
        if not token:
            continue
        glued = _GLUED_ASK_RE.match(token)
        if glued and token not in _FILLER:
            token = glued["word"]
        bare = strip_particle(token)
        forms = {token, bare}
        if any(token.startswith(b) or b in token for b in _BUDGET):
            flags.add("budget")
        elif forms & _LIST:
            flags.add("listing")
        elif forms & _INCOME:
            kind = "income"
        elif forms & _EXPENSE:
            kind = kind or "expense"
        elif forms & _ME:
            flags.add("me")
        elif forms & _FILLER:
            continue
        elif _VERB_RE.search(token):
            verbs.append(token)
        else:
            words.append(token)
    return Question(
        period=period,
        words=tuple(words),
        verbs=tuple(verbs),
        asks=looks_like_question(text),
        kind=kind,
        budget="budget" in flags,
        listing="listing" in flags,
        me="me" in flags,
    )


def strip_particle(word: str) -> str:
    """`식비는` → `식비`, `준호가` → `준호`: the longest particle that leaves a word of two letters or more."""
    for particle in _PARTICLES:
        if word.endswith(particle) and len(word) - len(particle) >= 2:
            return word[: -len(particle)]
    return word


def _period(text: str, today: date) -> tuple[AskedPeriod | None, str]:
    """The first period named, and the text without every period span."""
    found: list[tuple[int, AskedPeriod]] = []
    spans: list[tuple[int, int]] = []

    def take(start: int, end: int, period: AskedPeriod | None) -> None:
        spans.append((start, end))
        if period is not None:
            found.append((start, period))

    masked = text
    for pattern, reader in ((_WEEKEND_RE, _weekend), (_SPAN_RE, _span)):
        for m in pattern.finditer(masked):
            period = reader(m, today)
            if period is not None:
                take(*m.span(), period)
        masked = _blank(masked, spans)
    days = [d for d in find_dates(masked, today) if d.value is not None]
    for d in days:
        take(d.start, d.end, AskedPeriod(DAY, d.value, d.value, said=_squeeze(masked[d.start : d.end])))
    masked = _blank(masked, spans)
    for m in _PERIOD_RE.finditer(masked):
        take(*m.span(), _named(m, today))
    rest = _blank(text, spans).replace("\ue000", " ")
    if not found:
        return None, rest
    found.sort(key=lambda pair: pair[0])
    day_values = [p for _, p in found if p.unit == DAY]
    if len(day_values) >= 2:  # 11/1부터 11/15까지: the days between
        first, last = min(p.start for p in day_values), max(p.start for p in day_values)
        if (last - first).days <= MAX_SPAN_DAYS:
            said = "–".join(p.said for p in day_values[:2])
            return AskedPeriod(SPAN, first, last, said=said), rest
    return found[0][1], rest


def _blank(text: str, spans: list[tuple[int, int]]) -> str:
    chars = list(text)
    for start, end in spans:
        chars[start:end] = "\ue000" * (end - start)
    return "".join(chars)


def _weekend(m: re.Match[str], today: date) -> AskedPeriod:
    """Saturday and Sunday: 지난주 주말, 지난 주말, 이번 주말, as the date reader dates them; 주말 alone."""
    if m["we_w"]:
        saturday = _monday(today) + timedelta(days=7 * _step(m["we_w"], "주") + _SATURDAY)
    elif m["we_m"]:
        saturday = _modified_weekday(_MODIFIERS[m["we_m"]], None, today)
    else:  # 주말 alone: this one on a weekend, else the last one (asked about, so already spent)
        saturday = _monday(today) + timedelta(days=_SATURDAY - (7 if today.weekday() < _SATURDAY else 0))
    return AskedPeriod(WEEK, saturday, saturday + timedelta(days=1), said=_squeeze(m["we"]))


def _span(m: re.Match[str], today: date) -> AskedPeriod | None:
    """최근 7일, 지난 3일 동안, 일주일간: the days up to today. A bare 3일 is a day of the month."""
    if not m["span_p"] and not m["span_s"]:
        return None
    if m["span_p"] == "지난" and not m["span_s"] and m["span_u"] == "일":
        return None  # 지난 15일 is the 15th
    try:
        n = _count(_squeeze(m["span_n"]))
    except (KeyError, ValueError):
        return None
    unit = m["span_u"]
    days = n if unit == "일" else 7 * n if unit in ("주", "주일") else 30 * n
    if not 1 <= days <= MAX_SPAN_DAYS:
        return None
    return AskedPeriod(SPAN, today - timedelta(days=days - 1), today, said=_squeeze(m["span"]))


def _named(m: re.Match[str], today: date) -> AskedPeriod | None:
    if m["ym"] is not None:
        kind = "ym"
    elif m["mw"] is not None:
        kind = "mw"
    elif m["mn"] is not None:
        kind = "mn"
    else:
        kind = "ww"
    said = _squeeze(m.group(kind))
    if kind == "ww":
        monday = _monday(today) + timedelta(days=7 * _step(m["ww_w"], "주"))
        return AskedPeriod(WEEK, monday, monday + timedelta(days=6), said=said)
    if kind == "mw":
        return AskedPeriod(MONTH, step=_step(m["mw_w"], "달"), said=said)
    if kind == "mn":
        month = _month_number(m["mn_m"])
        return AskedPeriod(MONTH, month=month, said=said) if month else None
    year = _year(m["ym_y"], today)
    if year is None:
        return None
    if m["ym_m"]:
        month = _month_number(m["ym_m"])
        return AskedPeriod(MONTH, year=year, month=month, said=said) if month else None
    return AskedPeriod(YEAR, year=year, step=year - today.year, said=said)


def _month_number(text: str) -> int | None:
    try:
        month = _number(_squeeze(text).split("월")[0])
    except (KeyError, ValueError):
        return None
    return month if 1 <= month <= 12 else None


def _year(text: str, today: date) -> int | None:
    digits = "".join(ch for ch in text if ch.isdigit())
    if len(digits) == 4:
        return int(digits)
    if digits:
        return _two_digit_year(int(digits), today)
    step = _YEAR_STEPS.get(_squeeze(text))
    return None if step is None else today.year + step
