"""parse_message: the one entry point that ties amounts, dates, items and kinds together."""

from datetime import date

from . import amounts, dates, kinds, notifications, split
from . import lazyre as re
from .model import MAX_AMOUNT_KRW, ParsedItem, ParseResult, RefusedAmount
from .text import clean

_MASK = "\ue000"  # a private-use letter: no pattern matches it, so blanked spans stay inert

# Question words and endings; chatter without them (안녕, 점심 먹었음) is no question.
_QUESTION_RE = re.compile(
    r"[?？]|얼마|알려\s?(?:줘|주|줄래|달|봐)|보여\s?(?:줘|주|줄래)|몇\s?(?:원|번|개|건|일|월|명|시)|언제|어디|뭐|무엇|무슨|왜"
    r"|어떻게|어땠|어때|어떤|했나|썼나|됐나|있나|없나|나요|까요|는지|은지|인지|인가|일까|할까|냐\s*$|맞아|맞나"
    r"|궁금|확인\s?(?:좀|해\s?줘|부탁)|합계|총합|총\s?지출|내역|통계|남았|남은|잔액|예산"
)


def parse_message(text: str, today: date) -> ParseResult:
    """Read a household-ledger chat message.

    Meant never to raise for any `str` (property tests feed it arbitrary text); should a bug slip
    through, the exception reaches the caller, which logs it with the message and says so — a parser
    bug must never pass for a message without an amount.
    """
    return _parse(text if isinstance(text, str) else str(text), today)


def _blank(text: str, spans) -> str:
    if not spans:
        return text
    chars = list(text)
    for start, end in spans:
        chars[start:end] = _MASK * (end - start)
    return "".join(chars)


def _parse(raw: str, today: date) -> ParseResult:
    if notifications.looks_like_notification(raw):
        # A card or bank text is read field by field; a typed message that only looks like one
        # (no amount the reader trusts) goes on to the message reader below.
        notice = notifications.read(raw, today)
        if notice is not None:
            return notice
    text = clean(raw)
    masked = _blank(text, amounts.find_links(text))
    date_spans = dates.find_dates(masked, today)
    masked = _blank(masked, [(d.start, d.end) for d in date_spans])
    masked = _blank(masked, amounts.find_not_money(masked))
    krw, foreign = amounts.find_amounts(text, masked)
    negative = tuple(a.text.strip() for a in krw if a.problem == amounts.NEGATIVE)
    huge = [a for a in krw if a.problem == amounts.TOO_LARGE]
    too_large = tuple(a.text.strip() for a in huge)
    krw = [a for a in krw if not a.problem]
    # A long bare digit run beside a real amount is an account or card number, as before; alone, or
    # written as money (원, 만, commas), it is an amount too large to record.
    if negative or (huge and not krw) or any(not a.bare for a in huge):
        refused = tuple(RefusedAmount(a.text, a.currency) for a in foreign)
        return ParseResult(items=(), refused=refused, is_question=False, negative=negative, too_large=too_large)
    if len(krw) > 1:
        krw = amounts.without_unit_prices(text, sorted(krw, key=lambda a: a.start))
    refused = tuple(RefusedAmount(a.text, a.currency) for a in foreign)
    if not krw:
        return ParseResult(items=(), refused=refused, is_question=not refused and _looks_like_question(text))

    fully_masked = _blank(masked, [(a.start, a.end) for a in (*krw, *foreign)])
    plan = split.layout(text, fully_masked, krw, foreign)
    valid_dates = [d for d in date_spans if d.value is not None]
    default_day = _message_date(text, valid_dates, krw) or today
    shared = " ".join(text[start:end] for start, end in plan.shared)
    cut_always = [(d.start, d.end) for d in valid_dates] + [(a.start, a.end) for a in foreign]

    # Bare numbers the layout turned back into words (버스 273 1500원) stay in the memo.
    cut = sorted([*cut_always, *((d.amount.start, d.amount.end) for d in plan.drafts)])
    items = []
    memo = ""
    for draft in plan.drafts:
        amount = draft.amount
        if not 0 < amount.value <= MAX_AMOUNT_KRW:
            continue
        # An amount with no words of its own shares those of the item before it
        # (학원비 38만 + 27만, 커피 4500원 5000원), as a leading date is shared.
        memo = split.memo_of(text, draft.pieces, cut) or memo
        own_day = _own_date(draft, valid_dates)
        items.append(
            ParsedItem(
                kind=kinds.kind_of(memo, shared),
                amount_krw=int(amount.value),
                spent_on=own_day or default_day,
                memo=memo,
            )
        )
    return ParseResult(items=tuple(items), refused=refused, is_question=False)


def _own_date(draft: split.Draft, valid_dates: list[dates.DateSpan]) -> date | None:
    for d in valid_dates:
        for start, end in draft.pieces:
            if start <= d.start and d.end <= end:
                return d.value
    return None


def _message_date(text: str, valid_dates: list[dates.DateSpan], krw: list[amounts.Amount]) -> date | None:
    """A date written once at the start (or, alone, at the very end) speaks for every item."""
    if not valid_dates:
        return None
    first = valid_dates[0]
    if not split.has_words(text[: first.start]):
        return first.value
    last_amount_end = max(a.end for a in krw)
    if len(valid_dates) == 1 and first.start >= last_amount_end:
        return first.value
    return None


def _looks_like_question(text: str) -> bool:
    return _QUESTION_RE.search(text) is not None
