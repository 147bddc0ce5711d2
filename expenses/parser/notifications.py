"""Card and bank notifications: approvals, cancellations, check-card payments, deposits and withdrawals.

A text pasted or forwarded from a card company or a bank is read field by field instead of as a typed
message: the transaction's amount (never the 누적 or 잔액 figure, the card digits, a time or a date),
its date, 일시불 or 할부 N개월, whether it cancels a payment, the issuer, and the merchant or the
counterparty as the memo. Notices that record nothing (foreign-currency approvals, bills, limits,
declines, verification codes, ads) say why in `ParseResult.skipped`.

The reader works on the parts every layout shares rather than on one template per issuer: an issuer
name next to card digits or an event word, amounts with their labels, MM/DD with a time, masked names.
Whatever is left once those are taken out is the merchant.
"""

from dataclasses import dataclass
from datetime import date

from . import dates
from . import lazyre as re
from .model import (
    BANK,
    CHECK,
    CREDIT,
    MAX_AMOUNT_KRW,
    SKIP_AD,
    SKIP_BILL,
    SKIP_CODE,
    SKIP_DECLINED,
    SKIP_FOREIGN,
    SKIP_LIMIT,
    SKIP_NOTICE,
    ParsedItem,
    ParseResult,
    Payment,
    RefusedAmount,
)
from .text import clean

EXPENSE = "expense"
INCOME = "income"

# --- recognising a notification -------------------------------------------------------------------

_WEB_RE = re.compile(r"[\[(<]\s*(?:web|웹)\s?발신\s*[\])>]|[\[(<]\s*(?:국제|국외|해외)\s?발신\s*[\])>]", re.IGNORECASE)

# Issuer names as the texts print them. A bare name (삼성, 우리, 하나, 농협) counts only where a card
# or bank text puts it: before card digits, an event word or a date, or alone as a word; so 롯데백화점,
# 현대오일뱅크, 하나로마트 and 농협하나로마트 stay merchants.
_NAMES = (
    r"KB\s?국민|KB|국민|신한|삼성|현대|롯데|우리|하나|외환|BC|비씨|NH\s?농협|NH|농협|IBK\s?기업|IBK|기업"
    r"|씨티|citi|SC\s?제일|제일|카카오\s?뱅크|토스\s?뱅크|케이\s?뱅크|K\s?뱅크|새마을금고|MG|우체국|수협|부산|대구|iM|경남|광주|전북|제주"
)
_ISSUER_RE = re.compile(
    rf"(?<![가-힣A-Za-z])(?P<name>{_NAMES})(?:(?<=[가-힣])|(?![A-Za-z]))(?P<brand>\s?BC(?![A-Za-z]))?"
    r"(?P<suffix>\s?(?:카드|체크카드|체크|신용카드|은행|뱅크|금고))?",
    re.IGNORECASE,
)
# What may follow a bare issuer name in a notification: card digits, brackets, an event word, a date.
_BARE_NEXT_RE = re.compile(
    r"\s?(?:[0-9*]|[(\[\]]|,|승인|체크|취소|결제|사용|입금|출금|이체)|\s*$|\s+(?=[0-9]{1,4}[/.\-])"
)

_CARD_EVENT_RE = re.compile(
    r"승인|취소|일시불|할부|[0-9]{1,2}\s?개월|누적|체크카드|카드\s?(?:결제|사용)|결제|사용(?![가-힣])|매출"
)
_BANK_EVENT_RE = re.compile(r"입금|출금|이체|인출|송금|자동납부|보냈어요|보냈습니다|받았어요")
# Signs that the text came from an institution rather than from a person typing.
_MACHINE_RE = re.compile(
    r"(?<![0-9])[0-2]?[0-9]:[0-5][0-9](?![0-9])"  # a clock time
    r"|[가-힣A-Za-z]\*{1,3}[가-힣A-Za-z]?"  # a masked name: 홍*동, 한*수
    r"|[0-9]\*[0-9]\*|\*{2,}|\([0-9*]{3,4}\)"  # masked or bracketed card digits, masked accounts
    r"|누적|잔액|잔고|[0-9]{2,}-[0-9*]{2,}-[0-9*]{2,}"
    r"|^\s*\[[^\]\n]{1,20}\]"  # a bracketed header: [KB], [신한체크승인], [일시불.승인], [토스뱅크]
)

# Notices that record nothing.
_AD_RE = re.compile(r"[(\[<]\s*광고\s*[)\]>]|^\s*광고\s*[)\]]|무료\s?수신\s?거부|수신\s?거부|수신\s?차단")
_CODE_RE = re.compile(
    r"인증\s?번호|인증\s?코드|확인\s?코드|보안\s?코드|승인\s?번호를|OTP\s?번호|verification\s?code|\bOTP\b",
    re.IGNORECASE,
)
_DECLINED_RE = re.compile(
    r"승인\s?거절|거절\s?(?:되었|됨|안내|처리)|승인\s?(?:실패|불가|오류)|결제\s?(?:실패|거절|불가)|거래\s?(?:거절|불가)"
    r"|잔액\s?부족|한도\s?(?:초과|부족)(?:로|으로|\s?거절)"
)
_FOREIGN_EVENT_RE = re.compile(r"(?:해외|국외|국제)\s?(?:승인|결제|사용|이용|취소|매출|온라인|가맹점|ATM)")
_FOREIGN_AMOUNT_RE = re.compile(
    r"(?<![A-Za-z])(?:USD|US\$|EUR|JPY|CNY|GBP|HKD|TWD|SGD|AUD|CAD|THB|VND|PHP|CHF|NZD|MYR|IDR|INR|[$€£¥])\s?[0-9]"
    r"|[0-9]\s?(?:USD|EUR|JPY|CNY|GBP|HKD|TWD|SGD|AUD|CAD|THB|VND|PHP|달러|엔(?![가-힣])|유로|위안|바트)(?![A-Za-z])",
    re.IGNORECASE,
)
_BILL_RE = re.compile(
    r"결제\s?예정|청구\s?(?:금액|예정|내역|서)|명세서|출금\s?예정|납부\s?(?:예정|하실|금액)|결제\s?하실|결제\s?일\s?(?:안내|입니다)"
    r"|이용\s?대금\s?(?:안내|청구)|결제\s?대금\s?안내|연체|미납|(?:출금|결제|청구|납부|이체)\s?(?:될|예정)|예정\s?(?:입니다|금액|일)"
)
# A month's summary: 12월 이용금액 1,234,567원, 이용대금 명세.
_STATEMENT_RE = re.compile(r"(?:이용|사용|청구|결제)\s?(?:금액|대금|내역)|명세")
_LIMIT_RE = re.compile(
    r"한도\s?(?:가|를|는|이)?\s?(?:상향|하향|증액|감액|변경|조정|초과|부족|소진|안내|설정|복원|올|내려|늘|줄)|한도\s?[0-9,]+\s?원\s?(?:으로|로)"
    r"|(?:잔여|사용\s?가능|이용\s?가능|남은)\s?한도\s?(?:는|은|:)?\s?[0-9,]+\s?원\s?(?:입니다|남았|남음)"
)

# --- fields ---------------------------------------------------------------------------------------

_NUMBER_RE = re.compile(r"[0-9]{1,3}(?:,[0-9]{3})+(?![0-9])|[0-9]+")
# Labels whose figure is never the transaction's: 누적 412,380원, 잔액 88,210원, 한도, 포인트 …
_TRAP_RE = re.compile(
    r"(?:누적|누계|잔액|잔고|한도|가능|포인트|적립|캐시백|할인|수수료|결제\s?예정|청구|총\s?이용|월\s?이용|이번\s?달|합계"
    r"|승인\s?번호|번호|잔여)"
    # only as the figure's own label: 누적 이용금액 733,200원, 잔액: 88,210원 — not 할인마트 on the line before
    r"[ \t]?(?:이용)?[ \t]?(?:금액|액|총액)?(?:은|는|:|：)?[ \t]*$"
)
# A bare figure (no 원, no comma) is money only right after one of these: 출금 5000, 입금\n500.
_BARE_LABEL_RE = re.compile(r"(?:입금|출금|이체|인출|송금|금액\)?|결제)\s*[:：]?\s*$")
_AFTER_NUMBER_RE = re.compile(r"[A-Za-z*%]|\s?(?:개월|개|점|포인트|회|건|일|시|분|초|명|년|월|세|박)(?![가-힣])")
_WON_RE = re.compile(r"\s?원")

_DATE_RE = re.compile(
    r"(?<![0-9])(?<![0-9],)(?:(?P<y>(?:19|20)?[0-9]{2})[/.\-]\s?)?(?P<m>[0-9]{1,2})/(?P<d>[0-9]{1,2})(?![0-9/])"
    r"|(?<![0-9])(?<![0-9],)(?:(?P<y2>(?:19|20)[0-9]{2})[.\-]\s?)?(?P<m2>[0-9]{1,2})[.\-](?P<d2>[0-9]{1,2})(?=\s*[0-2]?[0-9]:[0-5][0-9])"
    r"|(?<![0-9])(?:(?P<y3>(?:19|20)[0-9]{2})\s?년\s?)?(?P<m3>[0-9]{1,2})\s?월\s?(?P<d3>[0-9]{1,2})\s?일"
)
_TIME_RE = re.compile(r"(?<![0-9])[0-2]?[0-9]:[0-5][0-9](?::[0-5][0-9])?(?![0-9])")

_INSTALLMENT_RE = re.compile(
    r"(?:할부\s?\(?\s?)?(?<![0-9])([0-9]{1,2})\s?개월(?:\s?할부)?|할부\s?\(?\s?([0-9]{1,2})\s?\)?"
)
_LUMP_RE = re.compile(r"일시불")
_CANCEL_RE = re.compile(r"취소|매출\s?취소|환불\s?승인")
_CHECK_RE = re.compile(r"체크|직불|하이브리드")

_CARD_DIGITS_RE = re.compile(
    r"\(\s?([0-9*]{3,4})\s?\)|(?<=[가-힣A-Za-z])([0-9*]{4})(?=\s?(?:승인|체크|취소|카드|님|\s|$|\n))"
)
_ACCOUNT_RE = re.compile(
    r"(?<![0-9,])[0-9*]{2,}(?:-[0-9*]{1,})+(?![0-9])"  # 110-496-922482, 352-****-4273-63
    r"|(?<![0-9,])[0-9]*\*{1,}[0-9*]{2,}(?![0-9,])"  # 942902**347, *250284, 469***03801011
    r"|(?<![0-9,])[0-9]{10,16}(?![0-9,])"  # a full account number
)
# A masked name with its honorific and the words that trail it: 홍*동, 한*수님, 이*솔님의, 고객님.
_NAME_RE = re.compile(
    r"(?:[가-힣A-Za-z]{1,2}\*{1,3}[가-힣A-Za-z]{0,2}|(?<![0-9*])\*{1,2}[가-힣]{1,2})(?:\s?님(?:의|께서|이|에게|께)?)?|(?<![가-힣])[가-힣]{2,4}\s?님(?:의|께서|이|에게|께)?(?![가-힣])"
)

# Words of the notice itself, never the merchant's.
_NOISE_TEXT = """
승인 승인취소 취소 정상승인 체크승인 신용승인 사용 사용취소 결제 결제취소 결제완료 국내 해외
체크카드 체크 신용카드 신용 카드 일시불 할부 누적 누적금액 잔액 잔고 입금 출금 이체 인출
송금 님 고객님 회원님 통장 계좌 입출금통장 금액 이용 이용금액 승인금액 결제금액 거래금액
가맹점 가맹점명 사용처 이용처 일시 승인일시 거래일시 이용일시 거래 적요 내역 받는분 보낸분
보낸사람 받는사람 내용 원 은행 뱅크 카드승인 승인완료 완료 되었습니다 입니다 안내 알림
알려드립니다 전자금융 타행이체 당행이체 타행 당행 인터넷 인터넷뱅킹 인뱅 모바일 모바일뱅킹
스마트폰 스마트뱅킹 폰뱅킹 텔레뱅킹 보냈어요 보냈습니다 받았어요 오픈뱅킹 펌뱅킹 대체 내 본인
가족 무이자 부분무이자 무이자할부 창구 fbs cms atm cd 입금자 예금주 입금처 출금처
의 에서 으로 로 이 가 을 를
"""
_NOISE_WORDS = frozenset(_NOISE_TEXT.split())
# A whole line or chunk that is the issuer's talk: questions, requests, links, help lines.
_CHATTER_RE = re.compile(
    r"[?？!]|확인\s?(?:해|하|바|부탁)|이용\s?내역|바랍니다|하세요|보세요|주세요|문의|고객\s?센터|상담|https?://|www\.|\.com/"
    r"|[0-9]{4}-[0-9]{4}|앱에서|자세히|알아보",
    re.IGNORECASE,
)
_TRIM = " \t\n|:,.-_=~·•>→/\\[](){}<>\"'`*"


@dataclass(frozen=True)
class _Issuer:
    name: str  # as matched, spaces removed, upper-cased Latin
    suffix: str  # 카드, 체크, 은행 … or ""
    brand: bool  # a BC brand after the bank's name (IBK BC, 우리BC): the bank issued it
    start: int
    end: int
    strong: bool
    rank: int = 3  # 3: with 카드/은행 or a bank's own name; 2: before digits, a bracket or an event word; 1: alone


_CARD_NAMES = {
    "KB국민": "KB국민카드",
    "KB": "KB국민카드",
    "국민": "KB국민카드",
    "신한": "신한카드",
    "삼성": "삼성카드",
    "현대": "현대카드",
    "롯데": "롯데카드",
    "우리": "우리카드",
    "하나": "하나카드",
    "외환": "하나카드",
    "BC": "BC카드",
    "비씨": "BC카드",
    "NH농협": "NH농협카드",
    "NH": "NH농협카드",
    "농협": "NH농협카드",
    "IBK기업": "IBK기업은행",
    "IBK": "IBK기업은행",
    "기업": "IBK기업은행",
    "씨티": "씨티카드",
    "CITI": "씨티카드",
    "카카오뱅크": "카카오뱅크",
    "토스뱅크": "토스뱅크",
    "케이뱅크": "케이뱅크",
    "K뱅크": "케이뱅크",
    "SC제일": "SC제일은행",
    "제일": "SC제일은행",
    "새마을금고": "새마을금고",
    "MG": "새마을금고",
    "우체국": "우체국",
    "수협": "수협은행",
    "부산": "BNK부산은행",
    "대구": "iM뱅크",
    "IM": "iM뱅크",
    "경남": "BNK경남은행",
    "광주": "광주은행",
    "전북": "전북은행",
    "제주": "제주은행",
}
_BANK_NAMES = {
    **_CARD_NAMES,
    "KB국민": "KB국민은행",
    "KB": "KB국민은행",
    "국민": "KB국민은행",
    "신한": "신한은행",
    "우리": "우리은행",
    "하나": "하나은행",
    "외환": "하나은행",
    "NH농협": "NH농협은행",
    "NH": "NH농협은행",
    "농협": "NH농협은행",
    "씨티": "한국씨티은행",
    "CITI": "한국씨티은행",
    # Card companies without a bank: a transfer notice naming them is still theirs.
    "삼성": "삼성카드",
    "현대": "현대카드",
    "롯데": "롯데카드",
    "BC": "BC카드",
    "비씨": "BC카드",
}
# Names that are also common words or places: without 은행/카드 they count only in brackets ([부산]).
_WEAK_ONLY = frozenset(("부산", "대구", "경남", "광주", "전북", "제주", "제일", "MG", "IM", "수협"))


def looks_like_notification(text: str) -> bool:
    """A cheap first look: only texts that pass it are read as notifications.

    Ordered cheapest and most selective first: a typed message has no event word of a card or bank text
    most of the time, and then nothing else is searched.
    """
    if "발신" in text and _WEB_RE.search(text) is not None:
        return True
    if ("광고" in text or "수신" in text) and _AD_RE.search(text) is not None:
        return True
    if ("인증" in text or "코드" in text or "OTP" in text.upper()) and _CODE_RE.search(text) is not None:
        return True  # a code is never money, whoever pasted it: 인증번호 [482913]
    return (
        (_CARD_EVENT_RE.search(text) is not None or _BANK_EVENT_RE.search(text) is not None or "인증" in text)
        and _MACHINE_RE.search(text) is not None
        and _ISSUER_RE.search(text) is not None
    )


def _institutional(text: str, issuers: list["_Issuer"]) -> bool:
    """Written by a card company or a bank: an issuer and the marks of a machine-made text.

    A clock time alone is not enough beside a bare name (우리 가족 외식 12:30 결제 8만원 is typed).
    """
    if not issuers:
        return False
    marks = [m.group() for m in _MACHINE_RE.finditer(text)]
    if not marks:
        return False
    if any(i.strong for i in issuers):
        return True
    return any(not _TIME_RE.fullmatch(mark) for mark in marks)


def read(raw: str, today: date) -> ParseResult | None:
    """The notification in `raw` read field by field, or None when it is no card or bank text."""
    text = clean(raw)
    parts = [p for p in _WEB_RE.split(text) if p.strip()]
    if len(parts) > 1 and len(_WEB_RE.findall(text)) > 1:
        # Several forwarded texts in one paste: each is read on its own.
        results = [_read_one(p, today, web=True) for p in parts]
        if all(r is not None for r in results):
            items = tuple(i for r in results for i in r.items)
            refused = tuple(a for r in results for a in r.refused)
            skipped = next((r.skipped for r in results if r.skipped), None) if not items else None
            return ParseResult(items=items, refused=refused, is_question=False, skipped=skipped)
    web = _WEB_RE.search(text) is not None
    return _read_one(_WEB_RE.sub(" ", text), today, web=web)


def _skip(reason: str, refused: tuple[RefusedAmount, ...] = ()) -> ParseResult:
    return ParseResult(items=(), refused=refused, is_question=False, skipped=reason)


def _read_one(text: str, today: date, *, web: bool) -> ParseResult | None:
    issuers = _issuers(text)
    card_event = _CARD_EVENT_RE.search(text) is not None
    bank_event = _BANK_EVENT_RE.search(text) is not None
    institutional = web or _institutional(text, issuers)
    if _AD_RE.search(text) and (institutional or issuers or "광고" in text[:20]):
        return _skip(SKIP_AD)
    if _CODE_RE.search(text):
        return _skip(SKIP_CODE)
    if not institutional:
        return None
    if not (card_event or bank_event):
        if _LIMIT_RE.search(text) or "한도" in text:
            return _skip(SKIP_LIMIT)
        if _BILL_RE.search(text) or _STATEMENT_RE.search(text):
            return _skip(SKIP_BILL)
        # Points, a card issued, a password changed: an institution's notice that pays nothing.
        return _skip(SKIP_NOTICE)
    if _DECLINED_RE.search(text):
        return _skip(SKIP_DECLINED)
    foreign = _FOREIGN_AMOUNT_RE.search(text)
    if _FOREIGN_EVENT_RE.search(text) or foreign:
        refused = (RefusedAmount(foreign.group().strip(), _currency(foreign.group())),) if foreign else ()
        return _skip(SKIP_FOREIGN, refused)
    if _BILL_RE.search(text):
        return _skip(SKIP_BILL)
    if _LIMIT_RE.search(text):
        return _skip(SKIP_LIMIT)

    amount = _amount(text)
    if amount is None:
        return _skip(SKIP_LIMIT) if "한도" in text else _skip(SKIP_NOTICE)
    value, a_start, a_end = amount
    bank = _is_bank(text, a_start)
    issuer = _pick_issuer(issuers, bank)
    kind = EXPENSE
    if bank:
        kind = INCOME if _deposit(text, a_start, a_end) else EXPENSE
    name = _normalise(issuer, bank)
    method = BANK if bank else (CHECK if _is_check(text, name) else CREDIT)
    installments = 1 if bank or method == CHECK else _installments(text)
    cancel = _CANCEL_RE.search(text) is not None
    spent_on = _date(text, today) or today
    own = [i for i in issuers if issuer is not None and i.name == issuer.name]
    memo = _merchant(text, own, a_start, a_end)
    payment = Payment(method=method, issuer=name, last4=_last4(text, bank), installments=installments, time=_time(text))
    item = ParsedItem(kind=kind, amount_krw=value, spent_on=spent_on, memo=memo, cancel=cancel, payment=payment)
    return ParseResult(items=(item,), refused=(), is_question=False)


# --- issuer ---------------------------------------------------------------------------------------


def _issuers(text: str) -> list[_Issuer]:
    found = []
    for m in _ISSUER_RE.finditer(text):
        name = re.sub(r"\s", "", m.group("name")).upper()
        suffix = (m.group("suffix") or "").strip()
        brand = bool(m.group("brand"))
        rank = 3
        if name in ("카카오뱅크", "토스뱅크", "케이뱅크", "K뱅크", "새마을금고", "우체국") or suffix or brand:
            strong = True
        else:
            after = text[m.end() :]
            before = text[: m.start()]
            bracketed = before.rstrip().endswith("[") and after.lstrip().startswith("]")
            alone = (not before or before[-1] in " \n\t[(,") and (not after or after[0] in " \n\t]),")
            if name in _WEAK_ONLY and not bracketed:
                continue
            if not (bracketed or _BARE_NEXT_RE.match(after) or alone):
                continue
            strong = False
            rank = 2 if bracketed or _BARE_NEXT_RE.match(after) else 1
        found.append(_Issuer(name, suffix, brand, m.start(), m.end(), strong, rank))
    return found


_CARD_SUFFIXES = ("카드", "체크", "체크카드", "신용카드")
_CARD_WORDS_RE = re.compile(
    r"승인|일시불|할부|누적|체크카드|카드\s?(?:결제|사용|승인|취소)|[0-9]\s?개월|사용(?![가-힣])"
)


def _pick_issuer(issuers: list[_Issuer], bank: bool) -> _Issuer | None:
    """The notice's own issuer; a card company named in a bank notice is its counterparty (신한카드 출금)."""
    if not issuers:
        return None

    def score(issuer: _Issuer) -> int:
        carded = issuer.suffix in _CARD_SUFFIXES or issuer.brand
        return issuer.rank - (3 if bank and carded else 0)

    best = max(score(i) for i in issuers)
    return next(i for i in issuers if score(i) == best)


def _is_bank(text: str, amount_start: int) -> bool:
    """A deposit or withdrawal notice of an account, not a card's payment notice."""
    card_words = _CARD_WORDS_RE.search(text)
    bank_words = _BANK_EVENT_RE.search(text)
    if bank_words is None:
        return False
    return card_words is None or (
        # 카카오뱅크 / 토스뱅크 push: 체크카드 and 입금 may both appear; the word next to the amount decides.
        _nearest_event(text, amount_start) in ("입금", "출금", "이체", "인출", "송금", "보냈", "받았")
    )


_EVENT_WORD_RE = re.compile(r"입금|출금|이체|인출|송금|결제|승인|사용|보냈|받았")
_SENT_TO_US_RE = re.compile(r"님이\s[^\n]*보냈")


def _nearest_event(text: str, pos: int) -> str:
    best, distance = "", 10**9
    for m in _EVENT_WORD_RE.finditer(text):
        d = min(abs(m.start() - pos), abs(m.end() - pos))
        if d < distance:
            best, distance = m.group(), d
    return best


def _normalise(issuer: _Issuer | None, bank: bool) -> str:
    if issuer is None:
        return ""
    if issuer.name in ("BC", "비씨") and not bank:
        return "BC카드"
    table = _BANK_NAMES if bank else _CARD_NAMES
    return table.get(issuer.name, issuer.name)


def _is_check(text: str, issuer_name: str) -> bool:
    if issuer_name in ("카카오뱅크", "토스뱅크", "케이뱅크"):
        return True  # their cards are check cards
    return _CHECK_RE.search(text) is not None


def _last4(text: str, bank: bool) -> str | None:
    if bank:
        for m in _ACCOUNT_RE.finditer(text):
            tail = re.search(r"([0-9]{4})$", m.group())
            if tail:
                return tail.group(1)
        return None
    for m in _CARD_DIGITS_RE.finditer(text):
        digits = m.group(1) or m.group(2)
        if digits and len(digits) == 4 and digits.isdigit():
            return digits
    return None


def _currency(found: str) -> str:
    for code in ("USD", "EUR", "JPY", "CNY", "GBP", "HKD", "TWD", "SGD", "AUD", "CAD", "THB", "VND", "PHP", "CHF"):
        if code in found.upper():
            return code
    for sign, code in (("$", "USD"), ("€", "EUR"), ("£", "GBP"), ("¥", "JPY"), ("달러", "USD"), ("엔", "JPY")):
        if sign in found:
            return code
    for word, code in (("유로", "EUR"), ("위안", "CNY"), ("바트", "THB")):
        if word in found:
            return code
    return "USD"


# --- amount, date, installments -------------------------------------------------------------------


def _amount(text: str) -> tuple[int, int, int] | None:
    """The transaction's amount and its span: the first figure that is money and no trap."""
    found = _figure_amount(text)
    if found is None:
        # 3만원, 1만 2천원: a text retyped or dictated by hand rather than the issuer's own digits.
        for m in _UNIT_AMOUNT_RE.finditer(text):
            if _TRAP_RE.search(text[max(0, m.start() - 14) : m.start()]):
                continue
            value = int(m.group("man") or 0) * 10_000 + int(m.group("cheon") or m.group("cheon2") or 0) * 1_000
            if 0 < value <= MAX_AMOUNT_KRW:
                return value, m.start(), m.end()
    return found


_UNIT_AMOUNT_RE = re.compile(
    r"(?<![0-9,.])(?:(?P<man>[0-9]{1,4})\s?만(?:\s?(?P<cheon2>[0-9])\s?천)?|(?P<cheon>[0-9])\s?천)\s?원"
)


def _figure_amount(text: str) -> tuple[int, int, int] | None:
    prev_end = 0
    for m in _NUMBER_RE.finditer(text):
        start, end = m.span()
        digits = m.group()
        before = text[start - 1] if start else ""
        after = text[end] if end < len(text) else ""
        window_start = max(prev_end, start - 14)
        prev_end = end
        if before in "*:/." or after in "*:/" or (after in ".," and text[end + 1 : end + 2].isdigit()):
            continue  # card digits, a time, a date, an account, a decimal
        if (before == "-" and start >= 2 and text[start - 2] in "0123456789*") or (
            after == "-" and text[end + 1 : end + 2] in tuple("0123456789*")
        ):
            continue  # an account: 110-496-922482, 352-****-4273-63
        won = _WON_RE.match(text, end)
        if won is None and _AFTER_NUMBER_RE.match(text, end):
            continue  # 03개월, 1,200점, 3회
        if won is None and "," not in digits and not _BARE_LABEL_RE.search(text[max(0, start - 8) : start]):
            continue  # card digits (삼성4821), branch numbers (2호점): no 원, no comma, no label
        if _TRAP_RE.search(text[window_start:start]):
            continue
        value = int(digits.replace(",", ""))
        if not 0 < value <= MAX_AMOUNT_KRW:
            continue
        return value, start, won.end() if won else end
    return None


def _date(text: str, today: date) -> date | None:
    found = []
    for m in _DATE_RE.finditer(text):
        year = m.group("y") or m.group("y2") or m.group("y3")
        month = m.group("m") or m.group("m2") or m.group("m3")
        day = m.group("d") or m.group("d2") or m.group("d3")
        value = _resolve(year, int(month), int(day), today)
        if value is None:
            continue
        untimed = _TIME_RE.match(text[m.end() : m.end() + 12].lstrip()) is None
        found.append((untimed, m.start(), value))
    if not found:
        return None
    # A date with its time beside it (MM/DD HH:MM) beats one without, then the first one.
    found.sort(key=lambda f: (f[0], f[1]))
    return found[0][2]


def _resolve(year: str | None, month: int, day: int, today: date) -> date | None:
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    if year is not None:
        y = int(year)
        y = y + 2000 if y < 100 else y
        try:
            return date(y, month, day)
        except ValueError:
            return None
    # A year-less MM/DD follows the message date rule (dates.py): the closest such date at most
    # a week ahead, so 12/31 read on 01/02 is last year's.
    spans = dates.find_dates(f"{month}/{day}", today)
    return spans[0].value if spans else None


def _time(text: str) -> str | None:
    """The payment's clock time as HH:MM: the first one the text prints (beside its date)."""
    m = _TIME_RE.search(text)
    if m is None:
        return None
    hours, minutes = m.group().split(":")[:2]
    return f"{int(hours):02d}:{minutes}" if int(hours) < 24 else None


def _installments(text: str) -> int:
    for m in _INSTALLMENT_RE.finditer(text):
        n = int(m.group(1) or m.group(2))
        if 1 <= n <= 60:
            return n
    return 1


def _deposit(text: str, a_start: int, a_end: int) -> bool:
    """입금 beside the amount (or the only event word) makes a deposit; 출금, 이체, 인출 a withdrawal."""
    word = _nearest_event(text, a_start)
    if word in ("입금", "받았"):
        return True
    if word == "보냈":
        # 토스뱅크: 홍길동님이 50,000원을 보냈어요 (in) / 홍길동님에게 50,000원을 보냈어요 (out)
        return _SENT_TO_US_RE.search(text) is not None
    if word in ("출금", "이체", "인출", "송금"):
        return False
    return "입금" in text and not re.search(r"출금|인출", text)


# --- merchant -------------------------------------------------------------------------------------


def _merchant(text: str, issuers: list[_Issuer], a_start: int, a_end: int) -> str:
    """What is left once every known field is cut out: the merchant or the counterparty."""
    cut: list[tuple[int, int]] = [(a_start, a_end)]
    cut += [(i.start, i.end) for i in issuers]
    # A card's product name between the issuer and its event word: 현대카드 M 승인, 현대카드 ZERO 승인.
    for i in issuers:
        m = _PRODUCT_RE.match(text, i.end)
        if m and not _WON_FIGURE_RE.search(m.group()):
            cut.append(m.span())
    # Dates, times, accounts, card digits, names, 일시불/할부, bracketed headers ([일시불.승인], [KB]),
    # every other figure with its label (누적412,380원, 잔액 88,210원) and (금액), (금).
    for pattern in _FIELD_PATTERNS:
        cut += [m.span() for m in pattern.finditer(text)]
    labelled = _MERCHANT_LABEL_RE.search(text)
    if labelled:
        # 가맹점: 스타벅스코리아 — the text names its merchant itself.
        start = labelled.start("value")
        value = " ".join(_chunks(text[start : labelled.end()], [(s - start, e - start) for s, e in cut if s >= start]))
        if value:
            return value[:100]
    chunks = _chunks(text, cut)
    words = []
    for chunk in chunks:
        if _CHATTER_RE.search(chunk):
            continue
        tokens = [_trim(t) for t in chunk.split()]
        tokens = [t for t in tokens if t and t.lower() not in _NOISE_WORDS and not _is_event_token(t)]
        if tokens:
            words.append(" ".join(tokens))
    return " ".join(words)[:100]


_PRODUCT_RE = re.compile(r"[^\n]{0,16}?(?=(?:체크)?승인|취소)")
_WON_FIGURE_RE = re.compile(r"[0-9],[0-9]|원")
_HEADER_RE = re.compile(r"\[[^\]\n]{0,12}(?:승인|취소|결제|사용|입금|출금)[^\]\n]{0,6}\]")
_LABEL_RE = re.compile(r"\(\s?(?:금액|일시불|체크|신용|[월화수목금토일])\s?\)")
_MERCHANT_LABEL_RE = re.compile(r"(?:가맹점|가맹점명|사용처|이용처|상호|상호명)\s*[:：]\s*(?P<value>[^\n]+)")
_FIGURE_RE = re.compile(
    r"(?:누적|누계|잔액|잔고|한도|잔여|포인트|적립|캐시백|할인|수수료)[^0-9\n]{0,8}[0-9][0-9,]*\s?(?:원|P|점)?"
    r"|(?<![0-9A-Za-z가-힣])[0-9]{1,3}(?:,[0-9]{3})+(?:\s?원)?|(?<![0-9A-Za-z가-힣])[0-9]+\s?원"
    r"|(?<![0-9A-Za-z가-힣])[0-9]+(?![0-9A-Za-z가-힣])"
)
_FIELD_PATTERNS = (
    _DATE_RE,
    _TIME_RE,
    _ACCOUNT_RE,
    _CARD_DIGITS_RE,
    _NAME_RE,
    _INSTALLMENT_RE,
    _LUMP_RE,
    _HEADER_RE,
    _FIGURE_RE,
    _LABEL_RE,
)
_EVENT_TOKEN_RE = re.compile(
    r"(?:국내|해외|체크|신용|카드)?(?:승인|결제|사용|매출)?(?:취소|완료)?|(?:체크|신용)?카드|입금|출금|이체|님"
)


def _is_event_token(token: str) -> bool:
    return _EVENT_TOKEN_RE.fullmatch(token) is not None


def _trim(token: str) -> str:
    """Edge punctuation off, but a bracket that closes inside the word stays: (주)아성다이소, 쿠팡(쿠페이)."""
    token = token.strip(_TRIM_PLAIN)
    while token and token[0] in "([{<" and _CLOSE[token[0]] not in token[1:]:
        token = token[1:].strip(_TRIM_PLAIN)
    while token and token[-1] in ")]}>" and _OPEN[token[-1]] not in token[:-1]:
        token = token[:-1].strip(_TRIM_PLAIN)
    return token


_TRIM_PLAIN = " \t\n|:,.-_=~·•>→/\\\"'`*"
_CLOSE = {"(": ")", "[": "]", "{": "}", "<": ">"}
_OPEN = {v: k for k, v in _CLOSE.items()}


def _chunks(text: str, cut: list[tuple[int, int]]) -> list[str]:
    """The pieces of `text` outside the `cut` spans, split at line breaks too."""
    pieces = []
    pos = 0
    for start, end in sorted(cut):
        if start > pos:
            pieces.append(text[pos:start])
        pos = max(pos, end)
    pieces.append(text[pos:])
    chunks = [line for piece in pieces for line in piece.split("\n")]
    return [c for c in (_trim(c.strip()) for c in chunks) if c]
