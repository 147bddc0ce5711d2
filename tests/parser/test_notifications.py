"""Card and bank notifications: every issuer and format family, cancellations, installments, non-entries
with their reasons, the year edge and the amount traps (누적, 잔액, card digits, times)."""

import json
from datetime import date
from pathlib import Path

import pytest

from categorization.keywords import match_keywords
from expenses.parser import Payment, parse_message
from expenses.parser.model import SKIP_REASONS
from tests.parser.notice_corpus import all_cases

FALLBACK = {"expense": "other", "income": "other_income"}


def category(memo: str, kind: str) -> str:
    match = match_keywords(memo, kind)
    return match.slug if match else FALLBACK[kind]


def read(text: str, today: date) -> list[dict]:
    out = []
    for item in parse_message(text, today).items:
        payment = item.payment
        out.append(
            {
                "kind": item.kind,
                "amount": item.amount_krw,
                "date": item.spent_on.isoformat(),
                "category": category(item.memo, item.kind),
                "cancel": item.cancel,
                "issuer": payment.issuer if payment else None,
                "installments": payment.installments if payment else None,
                "method": payment.method if payment else None,
            }
        )
    return out


SAMPLE = [
    json.loads(line)
    for line in Path(__file__).with_name("card_messages_sample.jsonl").read_text("utf-8").splitlines()
    if line.strip()
]
CORPUS = all_cases()


@pytest.mark.parametrize("sample", SAMPLE, ids=[s["text"][:40] for s in SAMPLE])
def test_card_sample(sample):
    got = read(sample["text"], date.fromisoformat(sample["today"]))
    expected = sample["items"]
    assert [{k: g[k] for k in e} for g, e in zip(got, expected, strict=False)] == expected
    assert len(got) == len(expected)


@pytest.mark.parametrize("case", CORPUS, ids=[f"{c.get('family', c.get('skipped'))}-{i}" for i, c in enumerate(CORPUS)])
def test_notice_corpus(case):
    today = date.fromisoformat(case["today"])
    assert read(case["text"], today) == case["items"], case["text"]
    if not case["items"]:
        assert parse_message(case["text"], today).skipped == case["skipped"]


def test_the_corpus_spans_every_issuer_family_and_reason():
    issuers = {c["items"][0]["issuer"] for c in CORPUS if c["items"]}
    assert issuers >= {
        "신한카드",
        "삼성카드",
        "현대카드",
        "KB국민카드",
        "롯데카드",
        "우리카드",
        "하나카드",
        "BC카드",
        "NH농협카드",
        "IBK기업은행",
        "카카오뱅크",
        "토스뱅크",
        "KB국민은행",
        "신한은행",
        "우리은행",
        "하나은행",
        "NH농협은행",
    }
    assert {c["skipped"] for c in CORPUS if not c["items"]} == set(SKIP_REASONS)
    assert {c["items"][0]["method"] for c in CORPUS if c["items"]} == {"credit", "check", "bank"}
    assert any(c["items"][0]["installments"] > 1 for c in CORPUS if c["items"])
    assert any(c["items"][0]["cancel"] for c in CORPUS if c["items"])
    assert len(CORPUS) >= 250


# --- the issue's own example and the amount traps ---------------------------------------------------


def test_the_pasted_woori_text_is_one_purchase():
    text = "[Web발신]\n우리(2207)승인\n한*수님\n3,000원\n일시불\n10/04 13:02\n(주)아성다이소\n누적96,500원"
    result = parse_message(text, date(2026, 10, 5))
    (item,) = result.items
    assert (item.kind, item.amount_krw, item.spent_on) == ("expense", 3000, date(2026, 10, 4))
    assert item.memo == "(주)아성다이소"
    assert category(item.memo, item.kind) == "living"
    assert item.cancel is False
    assert item.payment == Payment(method="credit", issuer="우리카드", last4="2207", installments=1)
    assert result.skipped is None


@pytest.mark.parametrize(
    "text",
    [
        "신한카드(3821)승인 홍*동 6,100원(일시불)02/13 08:42 스타벅스코리아 누적412,380원",
        "신한카드(3821)승인 홍*동 6100원(일시불)02/13 08:42 스타벅스코리아 누적412380원",
        "[Web발신]\n누적 412,380원\n신한카드(3821)승인 홍*동 6,100원(일시불)02/13 08:42 스타벅스코리아",
        "[Web발신]\n삼성3821승인 홍*동\n6,100 일시불\n02/13 08:42 스타벅스코리아\n누적412,380",
        "[Web발신]\nNH카드3*8*승인\n홍*동\n6,100원 체크\n02/13 08:42\n스타벅스코리아\n잔액1,204,560원",
        "카카오뱅크\n02/13 08:42\n카드 결제 6,100원\n체크카드(7731) | 스타벅스코리아\n잔액 412,300원",
        "[Web발신]\nKB국민카드2*7*승인\n홍*동님\n6,100원 일시불\n02/13 08:42:15\n스타벅스코리아\n"
        "누적 이용금액 412,380원",
    ],
)
def test_the_amount_is_the_transactions_never_a_total_balance_card_digits_or_time(text):
    (item,) = parse_message(text, date(2026, 2, 14)).items
    assert item.amount_krw == 6100
    assert item.spent_on == date(2026, 2, 13)
    assert category(item.memo, item.kind) == "cafe"


def test_a_bank_amount_without_won_is_read_and_its_balance_is_not():
    text = "[Web발신]\n[KB]11/25 09:01\n942902**347\n(주)한빛급여\n입금\n3,120,000\n잔액4,011,870"
    (item,) = parse_message(text, date(2026, 11, 26)).items
    assert (item.kind, item.amount_krw, category(item.memo, item.kind)) == ("income", 3120000, "salary")
    assert item.payment.method == "bank" and item.payment.issuer == "KB국민은행"


# --- the year edge ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("md", "today", "expected"),
    [
        ("12/31", date(2027, 1, 2), date(2026, 12, 31)),
        ("12/28", date(2026, 1, 3), date(2025, 12, 28)),
        ("01/02", date(2026, 12, 30), date(2027, 1, 2)),  # a week ahead at most: next year's
        ("01/09", date(2026, 12, 30), date(2026, 1, 9)),  # further ahead: this year's
        ("02/29", date(2026, 3, 1), date(2024, 2, 29)),
    ],
)
def test_a_yearless_date_follows_the_message_date_rule(md, today, expected):
    text = f"[Web발신]\n신한카드(3821)승인 홍*동 6,100원(일시불){md} 08:42 스타벅스코리아 누적412,380원"
    (item,) = parse_message(text, today).items
    assert item.spent_on == expected


def test_a_full_date_keeps_its_year():
    text = "[Web발신] 2025/12/28 18:20 출금 62,300원 잔액 1,540,220원 한국전력공사 469***03801011 기업"
    (item,) = parse_message(text, date(2026, 1, 3)).items
    assert item.spent_on == date(2025, 12, 28)


def test_a_text_without_a_date_is_dated_today():
    text = (
        "[토스뱅크] 체크카드 국내 결제\n이*솔님의 토스뱅크 통장 카드\n"
        "17,000원 결제 | 넷플릭스서비시스코리아\n잔액 88,210원"
    )
    (item,) = parse_message(text, date(2026, 8, 21)).items
    assert item.spent_on == date(2026, 8, 21)


# --- installments and cancellations ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("piece", "months"),
    [
        ("459,000원(일시불)", 1),
        ("459,000원(03개월)", 3),
        ("459,000원 할부 3개월", 3),
        ("459,000원 3개월 할부", 3),
        ("459,000원 06개월 무이자", 6),
        ("459,000원 12개월", 12),
    ],
)
def test_installments_are_read(piece, months):
    text = f"[Web발신]\n신한카드(3821)승인 홍*동 {piece} 02/11 19:55 롯데백화점 본점 누적871,380원"
    (item,) = parse_message(text, date(2026, 2, 14)).items
    assert item.amount_krw == 459000
    assert item.payment.installments == months


def test_bc_puts_installments_in_its_header():
    text = "[10개월.승인]\n1,380,000원\nBC카드(5*2*)윤*호님\n02/12 15:03\n대한항공"
    (item,) = parse_message(text, date(2026, 2, 14)).items
    assert (item.amount_krw, item.payment.installments, item.payment.issuer) == (1380000, 10, "BC카드")


@pytest.mark.parametrize(
    "text",
    [
        "[Web발신]\n현대카드 M 승인취소\n박*민\n15,000원 일시불\n06/30 21:48\nCGV 용산아이파크몰",
        "[Web발신]\n[신한체크취소] 이*원(5780) 06/30 21:48 (금액)15,000원 CGV 용산아이파크몰",
        "[Web발신]\nKB국민체크(4*1*)\n최*희님\n06/30 21:48\n15,000원\nCGV 용산아이파크몰 사용취소",
        "카카오뱅크\n06/30 21:48\n카드 결제취소 15,000원\n체크카드(7731) | CGV 용산아이파크몰\n잔액 412,300원",
        "[Web발신]\n[일시불.취소]\n15,000원\nBC카드(5*2*)윤*호님\n06/30 21:48\nCGV 용산아이파크몰",
        "CGV 용산아이파크몰\n15,000원 취소\n정*우 롯데5*1*\n일시불 06/30 21:48",
    ],
)
def test_a_cancellation_describes_the_payment_it_cancels(text):
    (item,) = parse_message(text, date(2026, 7, 1)).items
    assert item.cancel is True
    assert (item.kind, item.amount_krw, item.spent_on) == ("expense", 15000, date(2026, 6, 30))
    assert category(item.memo, item.kind) == "culture"


# --- issuers and methods ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "method", "issuer"),
    [
        ("[Web발신]\n[신한체크승인] 이*원(5780) 03/18 21:07 (금액)23,500원 GS25", "check", "신한카드"),
        ("[Web발신]\nKB국민체크(4*1*)\n최*희님\n03/18 21:07\n23,500원\nGS25 사용", "check", "KB국민카드"),
        ("[Web발신]\nNH체크3*8*승인 강*나 23,500원 03/18 21:07 GS25 잔액1,204,560원", "check", "NH농협카드"),
        ("[Web발신]\n우리(2207) 체크승인\n한*수님\n23,500원\n03/18 21:07\nGS25", "check", "우리카드"),
        ("[Web발신]\n하나(4*1*)체크승인 오*진 23,500원 03/18 21:07 GS25 잔액3,261,030원", "check", "하나카드"),
        ("[Web발신]\nIBK체크(7173)승인 박*민님 23,500원 03/18 21:07 GS25 잔액2,517,630원", "check", "IBK기업은행"),
        ("[Web발신]\nIBK카드(3048)승인 최*희님 23,500원 일시불 03/18 21:07 GS25 누적9,600원", "credit", "IBK기업은행"),
        ("[Web발신]\n삼성4821승인 김*영\n23,500원 일시불\n03/18 21:07 GS25\n누적318,700원", "credit", "삼성카드"),
        ("[Web발신]\n[하나카드] 홍*동님 23,500원 일시불 승인 03/18 21:07 GS25", "credit", "하나카드"),
        ("[Web발신]\n[NH농협카드] 홍*동님 23,500원 일시불 승인 03/18 21:07 GS25", "credit", "NH농협카드"),
    ],
)
def test_check_cards_of_a_bank_belong_to_its_card_company(text, method, issuer):
    (item,) = parse_message(text, date(2026, 3, 20)).items
    assert (item.payment.method, item.payment.issuer, item.amount_krw) == (method, issuer, 23500)


@pytest.mark.parametrize(
    ("text", "issuer", "kind", "slug"),
    [
        (
            "[Web발신]\n신한12/28 10:00\n110-496-922482\n출금   550,000\n잔액  2,310,440\n 1월월세",
            "신한은행",
            "expense",
            "housing",
        ),
        (
            "[Web발신] 우리 01/02 03:12 *250284 입금 1,830원 예금결산이자 잔액 1,052,310원",
            "우리은행",
            "income",
            "financial_income",
        ),
        (
            "[Web발신]\n하나,12/28 09:00\n123-******-67890\n출금285,400원\n아파트관리비\n잔액1,402,600원",
            "하나은행",
            "expense",
            "housing",
        ),
        (
            "[Web발신]\n농협 입금62,000원\n12/27 15:18 352-****-4273-63 번개장터 잔액1,771,000원",
            "NH농협은행",
            "income",
            "side_income",
        ),
        ("[신한은행] 12/28 21:38 입금 50,000원 홍길동 잔액 1,234,567원", "신한은행", "income", "other_income"),
        (
            "[하나은행] 12/28 21:38 123-******-12345 입금 50,000원 홍길동 잔액 1,234,567원",
            "하나은행",
            "income",
            "other_income",
        ),
        (
            "[NH농협] 12/28 21:38 352-****-1234-56 출금 50,000원 SKT통신요금 잔액 1,234,567원",
            "NH농협은행",
            "expense",
            "housing",
        ),
    ],
)
def test_bank_notices(text, issuer, kind, slug):
    (item,) = parse_message(text, date(2027, 1, 3)).items
    assert (item.payment.issuer, item.payment.method, item.payment.installments) == (issuer, "bank", 1)
    assert (item.kind, category(item.memo, item.kind)) == (kind, slug)
    assert item.cancel is False


# --- texts that record nothing -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("[Web발신]\n현대카드 M 해외승인\n박*민\n05/06 02:11\nUSD 15.49\nNETFLIX.COM", "foreign_currency_approval"),
        ("[Web발신]\n[현대카드] 홍*동님 해외승인 USD 12.00 12/25 AMAZON", "foreign_currency_approval"),
        ("[NH카드] 3월 결제예정금액은 842,000원입니다", "bill_notice"),
        ("[Web발신]\n[신한카드] 홍*동님 카드대금 1,234,000원이 12/25 출금될 예정입니다", "bill_notice"),
        ("[Web발신]\n[삼성카드] 김*영님 이용한도가 5,000,000원으로 상향되었습니다", "limit_notice"),
        ("[Web발신]\n[KB국민카드] 홍*동님 12/25 21:38 23,000원 스타벅스 승인거절(한도초과)", "declined"),
        ("[Web발신]\n[신한카드] 본인인증번호 [482913]를 입력해주세요. 타인 노출 금지", "verification_code"),
        (
            "[Web발신]\n(광고)[롯데카드] 연말 쇼핑 대축제! 5만원 이상 결제 시 5천원 캐시백\n무료수신거부 080-2150-8100",
            "advertisement",
        ),
    ],
)
def test_notices_that_record_nothing_say_why(text, reason):
    result = parse_message(text, date(2026, 5, 8))
    assert result.items == ()
    assert result.skipped == reason
    assert result.is_question is False


def test_a_foreign_approval_is_refused_as_foreign_money():
    result = parse_message(
        "[Web발신]\n현대카드 M 해외승인\n박*민\n05/06 02:11\nUSD 15.49\nNETFLIX.COM", date(2026, 5, 8)
    )
    assert [r.currency for r in result.refused] == ["USD"]


# --- typed messages stay typed messages ---------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "점심 김밥 5000원",
        "신한카드 결제 5만원",
        "우리 가족 외식 12:30 결제 8만원",
        "롯데백화점 코트 25만원",
        "하나로마트 장보기 3만2천원",
        "월세 입금 50만원",
        "카드값 출금 120만",
        "현대오일뱅크 주유 6만원",
        "12/20 삼성 서비스센터 수리비 4만원",
    ],
)
def test_typed_messages_are_no_notifications(text):
    result = parse_message(text, date(2026, 12, 27))
    assert result.items
    assert all(item.payment is None and item.cancel is False for item in result.items)
    assert result.skipped is None


def test_two_forwarded_texts_in_one_paste_are_two_items():
    text = (
        "[Web발신]\n삼성4821승인 김*영\n4,200원 일시불\n03/19 07:58 GS25 역삼점\n누적318,700원\n"
        "[Web발신]\n현대카드 M 승인\n박*민\n27,600원 일시불\n03/19 12:31\n올리브영 강남본점\n누적 733,200원"
    )
    items = parse_message(text, date(2026, 3, 20)).items
    assert [(i.amount_krw, i.payment.issuer) for i in items] == [(4200, "삼성카드"), (27600, "현대카드")]


@pytest.mark.parametrize(
    ("text", "issuer", "memo"),
    [
        ("[Web발신]\n[KB]12/24 10:02\n123456**789\n신한카드\n출금\n500,000\n잔액530,000", "KB국민은행", "신한카드"),
        (
            "[Web발신] 2026/12/24 12:00 출금 350,000원 잔액 4,000,000원 삼성카드 123***12345678 기업",
            "IBK기업은행",
            "삼성카드",
        ),
        (
            "[Web발신]\n농협 출금120,000원\n12/24 11:00 352-****-1234-56 현대카드 잔액1,000,000원",
            "NH농협은행",
            "현대카드",
        ),
    ],
)
def test_a_card_company_named_in_a_bank_notice_is_its_counterparty(text, issuer, memo):
    (item,) = parse_message(text, date(2026, 12, 27)).items
    assert (item.payment.issuer, item.payment.method, item.memo, item.kind) == (issuer, "bank", memo, "expense")


def test_a_merchant_named_like_an_issuer_stays_the_merchant():
    text = "현대 오일뱅크\n66,000원 승인\n정*우 롯데5*1*\n일시불 10/03 11:20\n누적588,300원"
    (item,) = parse_message(text, date(2026, 10, 5)).items
    assert (item.payment.issuer, item.memo, category(item.memo, item.kind)) == ("롯데카드", "현대 오일뱅크", "car")


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("[Web발신]\n[토스뱅크] 홍길동님이 50,000원을 보냈어요\n잔액 1,234,567원", "income"),
        ("[토스뱅크] 홍길동님에게 50,000원을 보냈어요\n잔액 1,184,567원", "expense"),
    ],
)
def test_a_transfer_push_says_which_way_the_money_went(text, kind):
    (item,) = parse_message(text, date(2026, 12, 27)).items
    assert (item.kind, item.amount_krw, item.payment.issuer, item.payment.method) == (kind, 50000, "토스뱅크", "bank")


def test_an_amount_written_in_man_and_cheon_is_read():
    text = "[Web발신]\n신한카드(1234)승인 홍*동 1만 2천원(일시불)12/25 21:38 스타벅스 누적 3만원"
    (item,) = parse_message(text, date(2026, 12, 27)).items
    assert item.amount_krw == 12000


def test_a_trap_word_inside_the_merchants_name_is_no_label():
    text = "행복할인마트\n23,000원 승인\n정*우 롯데5*1*\n일시불 10/03 11:20\n누적588,300원"
    (item,) = parse_message(text, date(2026, 10, 5)).items
    assert (item.amount_krw, item.memo, category(item.memo, item.kind)) == (23000, "행복할인마트", "food")


@pytest.mark.parametrize("text", ["인증번호 [482913]", "본인확인 인증번호 739201 입력", "[Web발신] OTP 번호 112233"])
def test_a_code_is_never_money_whoever_pasted_it(text):
    result = parse_message(text, date(2026, 11, 26))
    assert (result.items, result.skipped) == ((), "verification_code")
