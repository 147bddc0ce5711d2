"""Input generators shared by the fuzz targets: arbitrary Unicode, and text that looks like ledger messages."""

import datetime as dt

from hypothesis import strategies as st

AMOUNT_WORDS = [
    "원",
    "만",
    "천",
    "백",
    "십",
    "억",
    "조",
    "₩",
    "$",
    "엔",
    "달러",
    "만원",
    "천원",
    "오천",
    "이만",
    "삼십이만",
]
DATE_WORDS = [
    "오늘",
    "어제",
    "그제",
    "그저께",
    "지난주",
    "이번주",
    "화요일",
    "지난달",
    "10일",
    "2일 전",
    "11/20",
    "2026-10-05",
]
MEMO_WORDS = [
    "점심",
    "김밥",
    "커피",
    "스타벅스",
    "월급",
    "들어옴",
    "환급",
    "카드론 이자",
    "택시",
    "뭉뭉",
    "3인분",
    "6개월",
]
ODD = [
    "\x00",
    "\ud800",
    "\udfff",
    "\uffff",
    "\u200b",
    "\ufeff",
    "\U0001f600",
    "\u202e",
    "\r\n",
    "\t",
    "%",
    "'",
    '"',
    "<script>",
    "{{",
    "=1+1",
    "\\",
]
SEPARATORS = [" ", ", ", ",", "\n", " / ", "·", "", "  "]

numbers = st.one_of(
    st.integers(min_value=-(10**16), max_value=10**16).map(str),
    st.integers(min_value=0, max_value=10**7).map("{:,}".format),
    st.decimals(min_value=0, max_value=10**6, places=2, allow_nan=False, allow_infinity=False).map(str),
)
tokens = st.one_of(
    numbers,
    st.sampled_from(AMOUNT_WORDS + DATE_WORDS + MEMO_WORDS + ODD),
    st.text(min_size=1, max_size=6),
)
ledger_text = st.lists(st.tuples(tokens, st.sampled_from(SEPARATORS)), max_size=30).map(
    lambda parts: "".join(token + sep for token, sep in parts)
)
message_text = st.one_of(ledger_text, st.text(max_size=1200), st.text(alphabet=st.characters(), max_size=40))
any_date = st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2200, 12, 31))

# The characters the edge guard exists for, and their neighbours that must pass: NUL, lone surrogates,
# bytes that are not UTF-8 (sent percent-encoded), and ordinary text around them.
HOSTILE_BYTES = [b"%00", b"%ED%A0%80", b"%ED%BF%BF", b"%FF", b"%C0%AF", b"%F4%90%80%80", b"%E2%80", b"\x00"]
hostile_text = st.one_of(
    st.sampled_from(ODD),
    st.text(max_size=20),
    st.text(alphabet=st.characters(min_codepoint=0, max_codepoint=0x10FFFF, exclude_categories=[]), max_size=12),
    st.lists(
        st.sampled_from(ODD + MEMO_WORDS + ["5000", "2026-11", "1", "-1", "99999999999999999999"]), max_size=4
    ).map("".join),
)


def query_value(text: str) -> bytes:
    """Text percent-encoded as a browser would (surrogates passed through as the bytes they would be)."""
    from urllib.parse import quote_from_bytes

    return quote_from_bytes(text.encode("utf-8", "surrogatepass"), safe="").encode()


hostile_value = st.one_of(hostile_text.map(query_value), st.sampled_from(HOSTILE_BYTES))
