"""Cut a message into items: which words go with which amount, and which speak for all of them."""

from bisect import bisect_right
from dataclasses import dataclass, field

from . import lazyre as re
from .amounts import FOLLOW_RE as _FOLLOW_RE
from .amounts import Amount

# Item separators. They only end an item once it has its amount, so that 치킨+맥주 3만원 and
# 점심, 8000 stay one item while 점심 8천, 커피 4500 becomes two.
_SEPARATOR_RE = re.compile(r"\n|[,;|/+&、·ㆍ]|[.!?](?=\s|$)|(?<![가-힣])(?:그리고|그리구)(?![가-힣])")

# A verb right after an amount closes that amount's item (…350 들어오고 / 5만 받고 / 3만 내고).
_PREDICATE_RE = re.compile(
    r"\s*(?:들어\S*|나가\S*|나갔\S*|나감\S*|받\S*|냈\S*|내고\S*|냄|썼\S*|쓰고\S*|씀|샀\S*|줬\S*|주고\S*|줌|드림"
    r"|드렸\S*|팔았\S*|팔아\S*|팔고\S*|팜|팔림|먹고\S*|먹었\S*|먹음|결제\S*|계산\S*|이체\S*|입금\S*|송금\S*|충전\S*"
    r"|환불\S*|지출\S*|나옴|나왔\S*|빠짐|빠져\S*|빠졌\S*|했\S*|하고|함|됨|됐\S*|완료)(?=\s|$)"
)
# What is left of a word glued to an amount once the amount is cut out: particles and such.
_FILLER = frozenset(
    (
        *("에", "에서", "이랑", "랑", "하고", "이고", "고", "이요", "요", "임", "입니다", "이에요", "예요"),
        *("이었음", "였음", "이야", "이다", "인데", "씩", "정도", "쯤", "가량", "여", "짜리", "어치"),
        *("은", "는", "을", "를", "이", "가", "도", "으로", "로", "나", "및", "그리고", "그리구", "또"),
        *("이며", "며", "과", "와", "이나", "원"),
    )
)
# A rough-size word before an amount (약 5만원, 총 3만): dropped when the memo has other words.
_ROUGH = frozenset(("대략", "대충", "총", "합계", "도합", "총액", "얼추"))
# 약 is "about" only right before an amount (약 5만원); elsewhere it is medicine (약 타옴, 감기 약).
_ABOUT_RE = re.compile(r"(?<![가-힣])약\s*$")
_EDGE_PUNCT = " \t\n-:=~,./()[]{}<>!?·ㆍ|+&*\"'`^_;…"
_WORDLIKE_RE = re.compile(r"[0-9A-Za-z가-힣ㄱ-ㅎㅏ-ㅣ]")
# Pictographs say what was bought as well as words do (☕ 4500, 🍗 2만): the memo keeps them.
_PICTOGRAPH_RE = re.compile(r"[\u2600-\u27bf\U0001f300-\U0001faff]")
_EMPTY_BRACKETS_RE = re.compile(r"\(\s*\)|\[\s*\]|\{\s*\}|<\s*>")
_SPACES_RE = re.compile(r"\s+")


@dataclass
class Draft:
    amount: Amount
    pieces: list[tuple[int, int]] = field(default_factory=list)


@dataclass
class Layout:
    drafts: list[Draft]
    shared: list[tuple[int, int]]  # words that speak for every item (before the first amount …)


def has_words(text: str) -> bool:
    return _WORDLIKE_RE.search(text) is not None


def layout(text: str, masked: str, krw: list[Amount], foreign: list[Amount]) -> Layout:
    """Group `text` into items; `masked` has dates, codes and amounts blanked out."""
    every = sorted([*krw, *foreign], key=lambda a: a.start)
    chunks = _chunks(masked, every)
    krw_sorted = sorted(krw, key=lambda a: a.start)
    drafts: list[Draft] = []
    shared: list[tuple[int, int]] = []
    idx = 0
    for c_start, c_end in chunks:
        inside = []
        while idx < len(krw_sorted) and krw_sorted[idx].start < c_end:
            if krw_sorted[idx].start >= c_start:
                inside.append(krw_sorted[idx])
            idx += 1
        if not inside:
            if not any(c_start <= f.start < c_end for f in foreign):
                # A line without an amount: memo for an item that had none (8000, 점심),
                # otherwise words that may speak for all items (…, 팔았음).
                if drafts and not _draft_has_words(text, masked, drafts[-1]):
                    drafts[-1].pieces.append((c_start, c_end))
                else:
                    shared.append((c_start, c_end))
            continue
        drafts.extend(_pair(text, masked, inside, c_start, c_end))
    if krw_sorted:
        first, last = krw_sorted[0], krw_sorted[-1]
        shared.append((0, first.start))
        last_chunk_end = next((e for s, e in chunks if s <= last.start < e), len(text))
        shared.append((last.end, last_chunk_end))
    return Layout(drafts, shared)


def _chunks(masked: str, amounts: list[Amount]) -> list[tuple[int, int]]:
    chunks = []
    start = 0
    ai = 0
    seen = False
    for m in _SEPARATOR_RE.finditer(masked):
        while ai < len(amounts) and amounts[ai].start < m.start():
            if amounts[ai].start >= start:
                seen = True
            ai += 1
        if seen:
            chunks.append((start, m.start()))
            start = m.end()
            seen = False
    chunks.append((start, len(masked)))
    return chunks


def _words_between(masked: str, start: int, end: int) -> bool:
    return start < end and has_words(masked[start:end])


def _draft_has_words(text: str, masked: str, draft: Draft) -> bool:
    return any(_words_between(masked, s, e) for s, e in draft.pieces)


def _pair(text: str, masked: str, amounts: list[Amount], c_start: int, c_end: int) -> list[Draft]:
    if len(amounts) > 1:
        amount_first = not _words_between(masked, c_start, amounts[0].start) and _words_between(
            masked, amounts[-1].end, c_end
        )
        if not amount_first:
            amounts = _drop_stray_bare(masked, amounts, c_start)
    bounds = [c_start, *[p for a in amounts for p in (a.start, a.end)], c_end]
    segments = [(bounds[2 * i], bounds[2 * i + 1]) for i in range(len(amounts) + 1)]
    drafts = [Draft(a) for a in amounts]
    if len(amounts) == 1:
        drafts[0].pieces.extend(segments)
        return drafts
    if not _words_between(masked, *segments[0]) and _words_between(masked, *segments[-1]):
        # 5000원 점심 3000원 커피: each amount names its item after it.
        drafts[0].pieces.append(segments[0])
        for i, draft in enumerate(drafts):
            draft.pieces.append(segments[i + 1])
        return drafts
    # 점심 8천 커피 4500: each amount closes the words before it; a particle or verb glued to
    # an amount (8천하고, 5000이랑, 3만원에) stays with that amount.
    drafts[0].pieces.append(segments[0])
    for i in range(1, len(amounts)):
        s, e = segments[i]
        cut = s
        if _FOLLOW_RE.match(masked, s):
            while cut < e and not masked[cut].isspace():
                cut += 1
        # Korean puts the verb after the amount: 월급 350 들어오고 카드값 120 나감.
        verb = _PREDICATE_RE.match(masked, cut)
        if verb is not None:
            cut = verb.end()
        drafts[i - 1].pieces.append((s, cut))
        drafts[i].pieces.append((cut, e))
    drafts[-1].pieces.append(segments[-1])
    return drafts


def _drop_stray_bare(masked: str, amounts: list[Amount], c_start: int) -> list[Amount]:
    """Bare numbers that would name no item are words (버스 273 1500원, 2024 달력 5000원)."""
    if all(a.bare for a in amounts):
        return amounts  # 아침 4000 점심 8500
    kept = list(amounts)
    i = 0
    while i < len(kept) and len(kept) > 1:
        before = kept[i - 1].end if i else c_start
        if _words_between(masked, before, kept[i].start):
            i += 1
        elif i and kept[i - 1].bare:
            del kept[i - 1]
            i -= 1
        elif kept[i].bare:
            del kept[i]
        else:
            i += 1
    return kept


def memo_of(text: str, pieces: list[tuple[int, int]], cut: list[tuple[int, int]]) -> str:
    """The words of `pieces` with the `cut` spans (sorted, not overlapping) taken out."""
    about = [m.span() for cs, _ in cut if (m := _ABOUT_RE.search(text, max(0, cs - 4), cs))] if "약" in text else ()
    if about:
        # A lone 약 before an amount (약 5000) is the medicine: nothing else names the item.
        return _memo_of(text, pieces, sorted({*cut, *about})) or _memo_of(text, pieces, cut)
    return _memo_of(text, pieces, cut)


def _memo_of(text: str, pieces: list[tuple[int, int]], cut: list[tuple[int, int]]) -> str:
    parts = []
    for s, e in sorted(pieces):
        if s >= e:
            continue
        buf = []
        pos = s
        first = max(0, bisect_right(cut, (s, s)) - 1)
        for cs, ce in cut[first:]:
            if cs >= e:
                break
            if ce <= s:
                continue
            if cs > pos:
                buf.append(text[pos:cs])
            buf.append(" ")
            pos = max(pos, ce)
        if pos < e:
            buf.append(text[pos:e])
        parts.append("".join(buf))
    return tidy(" ".join(parts))


def tidy(words: str) -> str:
    words = _EMPTY_BRACKETS_RE.sub(" ", words)
    tokens = [t.strip(_EDGE_PUNCT) for t in _SPACES_RE.split(words)]
    tokens = [t for t in tokens if t and t not in _FILLER and (has_words(t) or _PICTOGRAPH_RE.search(t))]
    if len(tokens) > 1:
        tokens = [t for t in tokens if t not in _ROUGH] or tokens
    while tokens and tokens[0] in ("그리고", "그리구", "및", "또", "그담", "그다음"):
        tokens.pop(0)
    return " ".join(tokens)
