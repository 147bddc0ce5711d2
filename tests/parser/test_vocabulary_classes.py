"""Classes of everyday words, each shown by a few members: what decides an item, and what never flips its kind.

A word is listed here for the class it stands for (a laundry service, a baby's food, a fine "received"),
so that a new member of the class is added beside it rather than a single message being fitted.
"""

from datetime import date

import pytest

from categorization.keywords import match_keywords
from expenses.parser import parse_message

TODAY = date(2026, 11, 26)


def read(text: str) -> list[tuple[str, str]]:
    out = []
    for item in parse_message(text, TODAY).items:
        match = match_keywords(item.memo, item.kind)
        out.append((item.kind, match.slug if match else {"expense": "other", "income": "other_income"}[item.kind]))
    return out


@pytest.mark.parametrize(
    "text",
    [
        "코인세탁 6천",  # 인세 (royalties) inside a laundromat
        "와인세트 5만",  # 인세 inside a wine set
        "쓰레받기 3천",  # 받기 inside a dustpan
        "받아쓰기 공책 2천",  # 받아 inside dictation
        "보험금납입 8만",  # 보험금 paid in
        "주차위반 과태료 받음 4만",  # a fine is "received" and paid
        "속도위반 벌금 받았음 6만",
        "할인 받아서 패딩 12만",  # a discount lowers what was paid
        "사고 벌어져서 수리 30만",  # 벌어 inside 벌어지다 (to happen)
        "고장 생겼음 수리비 5만",  # a fault came about, no money did
        "예배당 헌금 만원",  # 배당 inside 예배당
    ],
)
def test_a_word_inside_a_compound_or_a_fine_received_keeps_an_expense(text):
    assert [kind for kind, _ in read(text)] == ["expense"]


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("인세 입금 30만", "side_income"),
        ("프리랜서 작업비 150만", "side_income"),
        ("블로그 애드센스 4만", "side_income"),
        ("포인트 전환 5천", "other_income"),
        ("카드 포인트 현금화 3만", "other_income"),
        ("설 떡값 30만 나옴", "salary"),
        ("공돈 생겼다 5만", "other_income"),
        ("주식 매도 100만", "financial_income"),
        ("중고나라에 아이폰 팔음 45만", "side_income"),
    ],
)
def test_earnings_named_by_their_own_word_are_income(text, category):
    assert read(text) == [("income", category)]


@pytest.mark.parametrize(
    ("text", "category"),
    [
        # laundry and mending decide whatever they were done to
        ("세탁소 드라이 12000", "living"),
        ("세탁소 패딩 15000", "living"),
        ("바지 수선 8천", "living"),
        # bought duty-free is bought travelling
        ("면세점 화장품 12만", "travel"),
        ("면세 담배 4만", "travel"),
        # what only a baby eats decides
        ("아기 이유식 밀키트 3만", "kids"),
        ("분유 마트 6만", "kids"),
        # a card bill settled from the bank
        ("카드값 120만", "finance"),
        ("카드 대금 89만", "finance"),
        # a subject's kindergarten is an academy
        ("영어유치원 150만", "education"),
        # drinks and sweets head their compounds
        ("과일주스 5천", "cafe"),
        ("생크림케이크 28000", "cafe"),
        ("버터쿠키 6천", "cafe"),
        ("꼬북칩 2천", "cafe"),
        # cosmetic procedures and scalp care are beauty even at a clinic
        ("피부과 보톡스 10만", "beauty"),
        # a phone's line or plan is the bill
        ("휴대폰 2회선 10만", "housing"),
        ("폰 요금제 변경 5만", "housing"),
        ("두피 스케일링 5만", "beauty"),
    ],
)
def test_a_defining_word_decides_the_item(text, category):
    assert read(text) == [("expense", category)]


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("한우 선물 아니고 그냥 먹을거 8만", "food"),
        ("경조사 말고 동호회비 3만", "other"),
        ("파바 샌드위치말고 빵만 9천", "cafe"),
    ],
)
def test_a_word_named_only_to_be_denied_does_not_decide(text, category):
    assert read(text) == [("expense", category)]


@pytest.mark.parametrize("text", ["명절비 20만", "여름 휴가비 50만", "떡값 만원"])
def test_holiday_money_without_a_verb_of_receiving_is_spending(text):
    assert [kind for kind, _ in read(text)] == ["expense"]


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("펫샵 장난감 1만", "pets"),
        ("애견 기저귀 2만", "pets"),
        ("강아지 유모차 15만", "pets"),
        ("아기 장난감 2만", "kids"),
    ],
)
def test_a_pet_word_makes_a_kid_thing_the_pets(text, category):
    assert read(text) == [("expense", category)]


@pytest.mark.parametrize("text", ["물티슈 아기용 2만", "유아용 샴푸 9천", "어린이용 치약 3천"])
def test_a_thing_made_for_children_is_the_kids(text):
    assert read(text) == [("expense", "kids")]


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("청소년 요금 버스 1000", "transport"),  # 청소 inside 청소년
        ("맥도날드 드라이브스루 8천", "food"),  # 드라이 inside 드라이브
        ("캔버스 액자 2만", "living"),  # 버스 inside 캔버스
        ("마라톤 대회 참가비 5만", "culture"),  # 회 ends a meeting as often as raw fish
        ("광어회 4만", "food"),
        ("화장실 변기 막혀서 수리 8만", "housing"),  # 화장 inside 화장실
        ("화장실 휴지 2만", "living"),
        ("주말에 낚시터 3만", "culture"),  # 시터 inside 낚시터
        ("다이아몬드 반지 200만", "shopping"),  # 아몬드 inside 다이아몬드
        ("바지락 1kg 만원", "food"),  # 바지 inside 바지락
        ("차 사고 자기부담금 30만", "car"),  # 기부 inside 자기부담금
    ],
)
def test_a_keyword_inside_another_word_does_not_decide(text, category):
    assert read(text) == [("expense", category)]


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("시댁 생활비 보내드림 50만", "events"),
        ("엄마 생활비 30만", "events"),
        ("생활비 100만", "other"),
        ("구세군 자선냄비 만원", "events"),
        ("직장 동료 결혼 5만", "events"),
        ("친구 부친상 10만", "events"),
        ("휴대폰 기기값 할부 4만", "housing"),
        ("차 에어컨 수리 15만", "car"),
        ("에어컨 수리 15만", "living"),
        ("애 학원 데려다주고 택시 6천", "transport"),
    ],
)
def test_who_the_money_went_to_or_how_one_got_there(text, category):
    assert read(text) == [("expense", category)]


def test_a_bill_paid_for_someone_else_is_still_that_bill():
    assert read("엄마 폰요금 대신 냄 4만") == [("expense", "housing")]


@pytest.mark.parametrize(
    ("text", "category"),
    [("항공권 취소 수수료 3만", "travel"), ("이체 수수료 500원", "finance"), ("은행 수수료 1000", "finance")],
)
def test_a_fee_belongs_to_what_it_was_charged_on(text, category):
    assert read(text) == [("expense", category)]


@pytest.mark.parametrize(
    ("text", "category"),
    [("주차 정기권 10만", "car"), ("지하철 정기권 55000", "transport"), ("정기권 6만", "transport")],
)
def test_a_pass_belongs_to_what_it_is_a_pass_for(text, category):
    assert read(text) == [("expense", category)]


@pytest.mark.parametrize(
    ("text", "category"),
    [("스벅 음료 2잔 12400", "cafe"), ("편의점 음료 3천", "food"), ("음료수 한박스 15000", "food")],
)
def test_a_drink_named_as_a_drink_belongs_to_the_shop_that_sold_it(text, category):
    assert read(text) == [("expense", category)]


@pytest.mark.parametrize(
    ("memo", "category"),
    [
        # short brand names as people type them
        ("올영", "beauty"),
        ("맘터", "food"),
        ("롯리", "food"),
        ("배스킨 파인트", "cafe"),
        ("메박", "culture"),
        ("디플", "culture"),
        ("하기스", "kids"),
        ("로얄캐닌", "pets"),
        # spoken forms and misspellings
        ("따아", "cafe"),
        ("아샷추", "cafe"),
        ("까페", "cafe"),
        ("케잌", "cafe"),
        ("떡볶기", "food"),
        ("탕슉", "food"),
        ("택씨", "transport"),
        ("대리", "car"),
        ("전자렌지", "living"),
        ("키친타올", "living"),
        ("츄리닝", "shopping"),
        ("타이레놀", "health"),
        ("모기장", "living"),
        # keywords that end like a particle are still found
        ("휘낭시에", "cafe"),
        ("패밀리 레스토랑", "food"),
    ],
)
def test_everyday_short_and_spoken_forms(memo, category):
    match = match_keywords(memo, "expense")
    assert match is not None and match.slug == category
