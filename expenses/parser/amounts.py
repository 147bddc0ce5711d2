"""Read money amounts (5천, 1만2천, 1.5만, 오천원, ₩3,000) and foreign-currency amounts from a message."""

from dataclasses import dataclass

from . import lazyre as re
from .model import MAX_AMOUNT_KRW
from .text import clean, is_digit, is_hangul, is_latin

# Bare numbers below this are counts or sizes (커피 2, 아이폰 15), not prices.
_MIN_BARE = 100
# Bare digit runs this long without commas or units are account or order numbers.
_MAX_BARE_DIGITS = 8

_SINO_DIGITS = {"일": 1, "이": 2, "삼": 3, "사": 4, "오": 5, "육": 6, "칠": 7, "팔": 8, "구": 9}
_SMALL_UNITS = {"십": 10, "백": 100, "천": 1000}
# No 조: every amount with it is above MAX_AMOUNT_KRW, and the letter is in 조개, 조카, 부조.
_BIG_UNITS = {"만": 10**4, "억": 10**8}
_UNIT_CHARS = "십백천만억"

_NUM = r"(?:[0-9]{1,3}(?:,[0-9]{3}(?![0-9]))+|[0-9]+)(?:\.[0-9]+)?"
_NUM_RE = re.compile(_NUM)
_DOT_GROUPED_RE = re.compile(r"[0-9]{1,3}(?:\.[0-9]{3})+")
_CHAIN_RE = re.compile(rf"(?:{_NUM}|[일이삼사오육칠팔구십백천만억])+")

# Spans that hold digits but are never money. Links and e-mail addresses go first (their
# slashes would read as dates); the e-mail part is bounded and anchored at a word start so that
# a 10,000-letter word cannot make it quadratic.
_LINKS_RE = re.compile(r"https?://\S+|www\.\S+|(?<![\w.+-])[\w.+-]{1,64}@[\w-]{1,64}\.[\w.]{1,64}", re.IGNORECASE)
# Phone and account numbers, clock times, 1+1 offers, multipliers (x2) and numbering (#3).
_NOT_MONEY_RE = re.compile(
    "|".join(
        (
            r"(?<![0-9])0[0-9]{1,2}[-. ][0-9]{3,4}[-. ][0-9]{4}(?![0-9])",
            r"(?<![0-9])01[016789][0-9]{7,8}(?![0-9])",
            r"(?<![0-9])1[5-9][0-9]{2}-[0-9]{4}(?![0-9])",
            r"(?<![0-9])[0-9]+(?:-[0-9]+){2,}(?![0-9])",
            r"(?<![0-9])[0-9]{1,2}:[0-9]{2}(?::[0-9]{2})?(?![0-9])",
            r"(?<![0-9,])[0-9]{1,2}\s?\+\s?[0-9]{1,2}(?![0-9,.]|\s?[십백천만억원])",
            r"[×*]\s?[0-9]{1,3}(?![0-9,.]|\s?[십백천만억원])",
            r"[#№]\s?[0-9]+",
        )
    ),
    re.IGNORECASE,
)

# What may stick to the end of an amount without a space: particles, copulas and the verbs of
# paying or receiving. Anything else glued on (3인분, 2박, 5천개, 1만보) makes it a count.
FOLLOW_RE = re.compile(
    r"원|에|씩|정도|쯤|가량|여원|여|이상|이하|미만|초과|이랑|랑|하고|이고|이요|요|임|입니다|이에요|예요"
    r"|이었|였|이다|이야|이라|인데|이네|이면|으로|로|을|를|은|는|이|도|나옴|나왔|나감|나갔|나"
    r"|결제|결재|지출|씀|썼|냄|냈|들어|입금|출금|인출|받|줌|줬|드림|드렸|사용|충전|이체|송금|할인"
    r"|짜리|어치|내고|주고|빠짐|빠져|빠졌|환불|환급|적립|팜|팔았|팔아|팔림|남|계산|정산|캐시백|페이"
)

# A count written with a space before its counter: 2 명, 500 ml, 10 %.
# Single-syllable counters are left out: after a space they are as often ordinary words (차, 일).
_SPACED_COUNTER_RE = re.compile(
    r"[ \t]+(?:개월|개|명|인분|시간|주일|호선|마리|켤레|박스|상자|봉지|그릇|접시|조각|평형|인치|퍼센트|프로"
    r"|kg|mg|ml|g|l|cc|km|cm|mm|m|%|p|pcs|ea)(?![가-힣a-zA-Z])",
    re.IGNORECASE,
)

_KRW_SUFFIX_RE = re.compile(r"([ \t]?)(?:원|₩|won(?![a-z])|krw(?![a-z]))", re.IGNORECASE)
_KRW_PREFIX_RE = re.compile(r"(?:₩|\\|(?<![a-z])krw|원화)[ \t]?$", re.IGNORECASE)

_FOREIGN_WORDS = {
    "홍콩달러": "HKD",
    "대만달러": "TWD",
    "싱가포르달러": "SGD",
    "싱가폴달러": "SGD",
    "호주달러": "AUD",
    "캐나다달러": "CAD",
    "뉴질랜드달러": "NZD",
    "미국달러": "USD",
    "달러": "USD",
    "달라": "USD",
    "딸라": "USD",
    "불": "USD",
    "센트": "USD",
    "엔화": "JPY",
    "엔": "JPY",
    "円": "JPY",
    "유로": "EUR",
    "위안화": "CNY",
    "위안": "CNY",
    "元": "CNY",
    "바트": "THB",
    "동": "VND",
    "페소": "PHP",
    "루피아": "IDR",
    "루피": "INR",
    "파운드": "GBP",
    "링깃": "MYR",
    "프랑": "CHF",
    "루블": "RUB",
    "리라": "TRY",
    "$": "USD",
    "€": "EUR",
    "£": "GBP",
    "¥": "JPY",
    "dollar": "USD",
    "dollars": "USD",
    "buck": "USD",
    "bucks": "USD",
    "yen": "JPY",
    "euro": "EUR",
    "euros": "EUR",
    "yuan": "CNY",
    "baht": "THB",
    "rmb": "CNY",
}
_ISO_CODES = ("USD", "EUR", "JPY", "CNY", "GBP", "THB", "VND", "HKD", "TWD", "AUD", "CAD", "SGD")
_ISO_CODES += ("PHP", "MYR", "IDR", "INR", "CHF", "NZD", "RUB", "TRY", "MXN")
_PREFIX_SIGNS = {"us$": "USD", "hk$": "HKD", "nt$": "TWD", "s$": "SGD", "a$": "AUD", "c$": "CAD"}
_PREFIX_SIGNS.update({"$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY", "元": "CNY", "rmb": "CNY"})
_PREFIX_SIGNS.update({code.lower(): code for code in _ISO_CODES})


def _alternation(words) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


_FOREIGN_SUFFIX_RE = re.compile(
    r"[ \t]?(?:(홍콩|대만|싱가포르|싱가폴|호주|캐나다|뉴질랜드|미국)[ \t]?)?"
    rf"({_alternation(list(_FOREIGN_WORDS) + [c.lower() for c in _ISO_CODES])})",
    re.IGNORECASE,
)
_FOREIGN_PREFIX_RE = re.compile(
    rf"(?:(?<![a-z])(?:{_alternation(k for k in _PREFIX_SIGNS if k[0].isalpha())})"
    rf"|{_alternation(k for k in _PREFIX_SIGNS if not k[0].isalpha())})[ \t]?$",
    re.IGNORECASE,
)

# 몇천원, 수만원, 수십만원: a rough size, not an amount.
_VAGUE_BEFORE = ("몇", "수", "여러", "십수", "수십", "수백", "수천")


@dataclass(frozen=True, slots=True)
class Amount:
    start: int
    end: int
    value: int  # won; 0 for a foreign amount
    currency: str  # "KRW" or an ISO code
    bare: bool  # digits alone, no 원/₩ and no 천/만 unit: the weakest kind of amount
    text: str
    # Read as money but never recorded: NEGATIVE (-5000원) or TOO_LARGE (1조 원 and more); "" otherwise.
    problem: str = ""


NEGATIVE = "negative"
TOO_LARGE = "too_large"


@dataclass(frozen=True, slots=True)
class _Chain:
    start: int
    end: int
    value: int | None
    has_digit: bool
    units: int  # how many unit characters (천, 만 …)
    last_unit: int  # value of the final character when it is a unit, else 0
    first_is_unit: bool


def _evaluate(chain: str) -> int | None:
    """Value of a Korean number written with digits and/or 일이삼…십백천만억: 1만2천, 천오백, 1.5만."""
    # Integers only: a decimal (1.5만) is kept as mantissa and scale until a unit makes it whole.
    total = 0
    group = 0
    num = -1  # pending number's mantissa, -1 when none
    scale = 1  # pending number = num / scale
    num_short = False  # a single digit: 3만5 reads as 3만5천 in speech
    last_small = 10**4
    last_big = 10**13
    last_unit = 0
    i, n = 0, len(chain)
    while i < n:
        ch = chain[i]
        if "0" <= ch <= "9":
            m = _NUM_RE.match(chain, i)
            text = m.group().replace(",", "")
            if num >= 0 or len(text) > 16:
                return None
            whole, _, frac = text.partition(".")
            num, scale = int(whole + frac), 10 ** len(frac)
            num_short = len(text) == 1
            i = m.end()
            continue
        i += 1
        if ch in _SINO_DIGITS:
            if num >= 0:
                return None
            num, scale, num_short = _SINO_DIGITS[ch], 1, True
        elif ch in _SMALL_UNITS:
            unit = _SMALL_UNITS[ch]
            if num < 0:
                num, scale = 1, 1
            if num == 0 or num >= 10 * scale or unit >= last_small or (num * unit) % scale:
                return None
            group += num * unit // scale
            last_small = last_unit = unit
            num = -1
        elif ch in _BIG_UNITS:
            unit = _BIG_UNITS[ch]
            if num < 0:
                num, scale = (0, 1) if group else (1, 1)
            g = group * scale + num  # the group in units of 1/scale
            if g <= 0 or g >= 10**4 * scale or unit >= last_big or (g * unit) % scale:
                return None
            total += g * unit // scale
            group, last_big, last_small, last_unit, num = 0, unit, 10**4, unit, -1
        else:
            return None
    if num >= 0:
        if scale != 1:
            return None  # 3.5 alone is no amount
        if last_unit and num_short:
            return total + group + num * last_unit // 10
        if last_unit and num >= last_unit:
            return None
        return total + group + num
    return total + group


def _chain(text: str, start: int, end: int) -> _Chain:
    body = text[start:end]
    value = _evaluate(body)
    if value is None and _DOT_GROUPED_RE.fullmatch(body):
        value = int(body.replace(".", ""))  # 9.500원: dots typed where commas belong
    units = sum(1 for ch in body if ch in _UNIT_CHARS)
    last = body[-1]
    last_unit = _SMALL_UNITS.get(last) or _BIG_UNITS.get(last) or 0
    return _Chain(start, end, value, any(is_digit(c) for c in body), units, last_unit, body[0] in _UNIT_CHARS)


def _raw_chains(masked: str) -> list[_Chain]:
    chains: list[_Chain] = []
    for m in _CHAIN_RE.finditer(masked):
        start, end = m.span()
        if end - start == 1 and masked[start] in _SINO_DIGITS:
            continue  # 이, 오, 사 alone: letters of ordinary words, the common case by far
        chains.append(_split_glued(masked, start, end))
    return _join_spaced(masked, chains)


def _split_glued(text: str, start: int, end: int) -> _Chain:
    """Cut sino-digit letters that belong to the neighbouring word (점심이5000, 5000이랑, 8천이고)."""
    # Leading letters glued to a digit run that make no number with it: keep from the first digit.
    body = text[start:end]
    if not is_digit(body[0]) and any(is_digit(c) for c in body) and _evaluate(body) is None:
        start += next(i for i, c in enumerate(body) if is_digit(c))
    # Trailing sino digits followed by a word: that letter is the word's (5000이랑, 3만이요).
    for _ in range(2):
        last = text[end - 1]
        after = text[end] if end < len(text) else ""
        if end - start > 1 and last in _SINO_DIGITS and (is_hangul(after) and after != "원"):
            end -= 1
            continue
        if end - start > 1 and last in _SINO_DIGITS and _evaluate(text[start:end]) is None:
            end -= 1
            continue
        break
    return _chain(text, start, end)


def _join_spaced(text: str, chains: list[_Chain]) -> list[_Chain]:
    """18만 7천, 이만 삼천, 1억 2천만, 3 만원: parts of one number written with a space."""
    out: list[_Chain] = []
    for ch in chains:
        value = None
        if out:
            prev = out[-1]
            gap = text[prev.end : ch.start]
            if 0 < len(gap) <= 2 and gap.isspace() and "\n" not in gap and _joinable(text, prev, ch):
                # The spaces are not part of the number (1만 3천 500): evaluate without them.
                value = _evaluate("".join(text[prev.start : ch.end].split()))
            if value is not None and value <= MAX_AMOUNT_KRW:
                out[-1] = _Chain(
                    prev.start,
                    ch.end,
                    value,
                    prev.has_digit or ch.has_digit,
                    prev.units + ch.units,
                    ch.last_unit,
                    prev.first_is_unit,
                )
                continue
        out.append(ch)
    return out


def _joinable(text: str, prev: _Chain, nxt: _Chain) -> bool:
    if prev.value is None or nxt.value is None or prev.value <= 0 or nxt.value <= 0:
        return False
    if not prev.has_digit and prev.start > 0 and is_hangul(text[prev.start - 1]):
        return False  # the end of a word (기억, 부조, 원천), not a number
    if not _follow_ok(text, nxt.end) and not _KRW_SUFFIX_RE.match(text, nxt.end):
        return False
    if prev.last_unit:
        # A larger unit followed by a strictly smaller amount: 18만 7천, 5천 500.
        return nxt.value < prev.last_unit and not nxt.first_is_unit
    # 3 만원: digits, a space, then the unit.
    return prev.has_digit and nxt.first_is_unit and prev.units == 0 and prev.value < 10**4


def _follow_ok(text: str, pos: int) -> bool:
    """Whether what comes right after an amount lets it stay an amount."""
    if pos >= len(text):
        return True
    ch = text[pos]
    if is_hangul(ch):
        return FOLLOW_RE.match(text, pos) is not None
    if is_latin(ch) or ch == "%":
        return False
    # 3-4, 5/10: a range or a code, not an amount
    return not (ch in "-/" and pos + 1 < len(text) and is_digit(text[pos + 1]))


def _prev_blocks_digits(text: str, start: int, end: int) -> bool:
    if start == 0:
        return False
    ch = text[start - 1]
    if is_latin(ch):
        # GS25, S24, A4 are names; ktx59800 is a fare typed without a space.
        return end - start <= 3
    # Ranges and codes: 3-4, 10/20 that was no date.
    return ch in "-/.:~" and start >= 2 and is_digit(text[start - 2])


def find_links(text: str) -> list[tuple[int, int]]:
    """Links and e-mail addresses: looked for before dates, whose slashes they may contain."""
    return [m.span() for m in _LINKS_RE.finditer(text)]


def find_not_money(text: str) -> list[tuple[int, int]]:
    """Phone and account numbers, clock times, 1+1, x2, #3: digits that are never an amount."""
    return [m.span() for m in _NOT_MONEY_RE.finditer(text)]


# A price per unit (리터당 1600원, 1인당 2만원, 개당 3천원) is the rate, not what was paid, when the
# total follows in the same item (리터당 1600원 50리터 8만); alone, or before a comma, it was paid.
_PER_UNIT_RE = re.compile(r"[가-힣a-zA-Z0-9]당[ \t]?$")
_ITEM_BREAK_RE = re.compile(r"[\n,;|/+&]")


def without_unit_prices(text: str, amounts: list[Amount]) -> list[Amount]:
    """`amounts` (in text order) less the prices per unit that a total in the same item follows."""
    kept = []
    for a, after in zip(amounts, [*amounts[1:], None], strict=True):
        rate = _PER_UNIT_RE.search(text, max(0, a.start - 8), a.start) is not None
        if rate and after is not None and not _ITEM_BREAK_RE.search(text, a.end, after.start):
            continue
        kept.append(a)
    return kept


def find_amounts(text: str, masked: str) -> tuple[list[Amount], list[Amount]]:
    """Won amounts and foreign amounts of `text`; `masked` is `text` with dates and codes blanked."""
    krw: list[Amount] = []
    foreign: list[Amount] = []
    for ch in _raw_chains(masked):
        found = _classify(text, masked, ch)
        if found is None:
            continue
        (krw if found.currency == "KRW" else foreign).append(found)
    return krw, foreign


def _classify(text: str, masked: str, ch: _Chain) -> Amount | None:
    start, end = ch.start, ch.end
    if not ch.has_digit and ch.units == 0:
        return None  # 이, 오, 사: ordinary letters

    window = masked[max(0, start - 8) : start]
    prefix = _FOREIGN_PREFIX_RE.search(window)
    suffix = _FOREIGN_SUFFIX_RE.match(masked, end)
    if suffix is not None and not _foreign_suffix_ok(masked, ch, suffix):
        suffix = None
    if (prefix is not None or suffix is not None) and (ch.has_digit or ch.value):
        begin = start - len(prefix.group()) if prefix else start
        stop = suffix.end() if suffix else end
        code = _foreign_code(prefix, suffix)
        return Amount(begin, stop, 0, code, False, text[begin:stop].strip())

    value = ch.value
    krw_prefix = _KRW_PREFIX_RE.search(window)
    krw_suffix = _KRW_SUFFIX_RE.match(masked, end)
    if value is None or value > MAX_AMOUNT_KRW:
        explicit = krw_prefix is not None or krw_suffix is not None
        if _too_large(masked, ch, explicit=explicit):
            stop = krw_suffix.end() if krw_suffix else end
            bare = not explicit and ch.units == 0 and "," not in masked[start:end]
            return Amount(start, stop, 0, "KRW", bare, text[start:stop], TOO_LARGE)
        return None
    if value <= 0:
        return None
    if krw_suffix is not None and krw_suffix.group(1) and not _follow_ok(masked, krw_suffix.end()):
        krw_suffix = None  # 오천 원두: the 원 starts another word
    explicit = krw_prefix is not None or krw_suffix is not None
    prev = masked[start - 1] if start > 0 else ""

    if not ch.has_digit:
        # Sino-Korean words: 오천원, 만원, 천오백원 — never 천안, 만두, 백화점, 사원. Without 원 only
        # a long, standalone one (사천오백, 만오천) reads as money: 사천, 이천, 오만 are also words.
        if ch.first_is_unit and masked[max(0, start - 2) : start].endswith(_VAGUE_BEFORE):
            return None
        if not explicit and (is_hangul(prev) or end - start < 3 or ch.units < 2 or not _follow_ok(masked, end)):
            return None
    elif not explicit and (
        _prev_blocks_digits(masked, start, end) or not _follow_ok(masked, end) or _SPACED_COUNTER_RE.match(masked, end)
    ):
        return None
    bare = not explicit and ch.units == 0
    if bare:
        digits = masked[start:end]
        plain = digits.replace(",", "").replace(".", "")
        if value < _MIN_BARE or plain.startswith("0"):
            return None
        if plain == digits and len(plain) > _MAX_BARE_DIGITS:
            return None
    stop = krw_suffix.end() if krw_suffix else end
    begin = start - len(krw_prefix.group()) if krw_prefix else start
    if _minus_before(masked, begin):
        return Amount(begin - 1, stop, int(value), "KRW", bare, text[begin - 1 : stop], NEGATIVE)
    return Amount(begin, stop, int(value), "KRW", bare, text[begin:stop])


def _minus_before(text: str, begin: int) -> bool:
    """`점심 -5000원`: a minus sign glued to the amount and standing apart from what comes before it
    (a dash between words or numbers, `3-4`, `점심-5000`, `- 5000`, is not a sign)."""
    return begin >= 1 and text[begin - 1] == "-" and (begin == 1 or text[begin - 2] in " \t\n")


def _too_large(masked: str, ch: _Chain, *, explicit: bool) -> bool:
    """A number written as money that is 1조 원 or more: said so, never taken for chatter or an account number.
    Long bare digit runs (account and card numbers) count only from 13 digits, past any amount we record."""
    body = masked[ch.start : ch.end]
    digits = sum(1 for c in body if is_digit(c))
    if ch.value is None and not (digits > 16 and set(body) <= set("0123456789,")):
        return False  # not a number at all (3만만, 1.2.3), rather than a big one
    return explicit or ch.units > 0 or "," in body or digits >= 13


def read_amount(text: str) -> tuple[int | None, str]:
    """One amount typed alone in a form field, as the messages read it: `100만`, `1,000,000`, `50만원`,
    `₩5,000`, `1만 2천`. Returns (won, "") or (None, why): NEGATIVE, TOO_LARGE or "invalid"."""
    body = clean(text).strip()
    negative = body.startswith("-")
    body = "".join(body.removeprefix("-").split())
    body = re.sub(r"^(?:₩|\\|krw)|(?:원|₩|won|krw)$", "", body, flags=re.IGNORECASE)
    if not body or _CHAIN_RE.fullmatch(body) is None:
        return None, "invalid"
    value = _evaluate(body)
    if value is None and _DOT_GROUPED_RE.fullmatch(body):
        value = int(body.replace(".", ""))
    if value is None:
        digits = body.replace(",", "")
        return (None, TOO_LARGE) if digits.isdigit() and len(digits) > 12 else (None, "invalid")
    if negative and value > 0:
        return None, NEGATIVE
    if value > MAX_AMOUNT_KRW:
        return None, TOO_LARGE
    return value, ""  # 0 too: the caller says it must be at least 1원


def _foreign_suffix_ok(text: str, ch: _Chain, m: re.Match[str]) -> bool:
    word = m.group(2).lower()
    after = m.end()
    spaced = m.group().startswith((" ", "\t"))
    if word[0].isascii() and word[0].isalpha():
        return after >= len(text) or not is_latin(text[after])
    # 12불 but not 12 불고기; 50만동 but not 101동 (a building).
    if word in ("불", "동") and (spaced or (word == "동" and ch.units == 0)):
        return False
    return after >= len(text) or not is_hangul(text[after]) or FOLLOW_RE.match(text, after) is not None


def _foreign_code(prefix: re.Match[str] | None, suffix: re.Match[str] | None) -> str:
    if suffix is not None:
        word = suffix.group(2)
        nation = suffix.group(1)
        if nation:
            return _FOREIGN_WORDS.get(nation + "달러", "USD")
        return _FOREIGN_WORDS.get(word.lower()) or _FOREIGN_WORDS.get(word) or word.upper()
    sign = prefix.group().strip().lower()
    return _PREFIX_SIGNS.get(sign, "USD")
