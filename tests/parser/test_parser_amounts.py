"""Amounts: every written form of won, what is never money, and foreign currency refusals."""

from datetime import date

import pytest

from expenses.parser import MAX_AMOUNT_KRW, parse_message

TODAY = date(2026, 11, 26)


def amounts(text: str) -> list[int]:
    return [item.amount_krw for item in parse_message(text, TODAY).items]


def refused(text: str) -> list[tuple[str, str]]:
    return [(r.text, r.currency) for r in parse_message(text, TODAY).refused]


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("커피 5000원", 5000),
        ("커피 5,000", 5000),
        ("커피 5,000원", 5000),
        ("커피 5천", 5000),
        ("커피 5천원", 5000),
        ("밥 4천8백원", 4800),
        ("밥 1만2천", 12000),
        ("밥 1만2천원", 12000),
        ("밥 1만2000원", 12000),
        ("밥 1.5만", 15000),
        ("빵 1.2만원", 12000),
        ("과자 1.5천원", 1500),
        ("커피 0.5만", 5000),
        ("주유 12.5만", 125000),
        ("월세 50만", 500000),
        ("월급 350만원", 3500000),
        ("패딩 19만9천원", 199000),
        ("사료 3만2천원", 32000),
        ("치킨 2만3천원", 23000),
        ("커피 오천원", 5000),
        ("김밥 천오백원", 1500),
        ("관리비 이만 삼천원", 23000),
        ("월세 삼십이만원", 320000),
        ("밥 칠천오백원", 7500),
        ("노트북 백만원", 1000000),
        ("택시 만원", 10000),
        ("택시 만 원", 10000),
        ("선물 십만원", 100000),
        ("선물 오만원", 50000),
        ("커피 사천오백", 4500),
        ("택시 만오천", 15000),
        ("주차 ₩3,000", 3000),
        ("주차 ₩ 3,000", 3000),
        ("주차 3,000₩", 3000),
        ("주차 ￦3,000", 3000),
        ("주차 KRW 3000", 3000),
        ("주차 krw3000", 3000),
        ("주차 3000 KRW", 3000),
        ("주차 3000won", 3000),
        ("전세 1억2천만원", 120000000),
        ("전세 1억 2천만원", 120000000),
        ("차 2천5백만원", 25000000),
        ("전세 3억", 300000000),
        ("관리비 18만 7천원", 187000),
        ("택시 1만 3천 500원", 13500),
        ("전세 1억 2천만 3천원", 120003000),
        ("선물 이만 삼천 오백원", 23500),
        ("관리비 1만 2천", 12000),
        ("과자 5천 500원", 5500),
        ("택시 3 만원", 30000),
        ("택시 3만5", 35000),
        ("택시 2만3", 23000),
        ("지하철 1,550", 1550),
        ("넷플릭스 13500", 13500),
        ("노트북 1,234,567원", 1234567),
        ("노트북 1234567", 1234567),
        ("김밥5000원", 5000),
        ("김밥오천원", 5000),
        ("커피４５００원", 4500),
        ("택시 100원", 100),
        ("껌 50원", 50),
        ("ktx59800", 59800),
        ("점심 9.500원", 9500),
        ("주유 12.500", 12500),
        ("과자 1.500만", 15000),
        ("CU1500", 1500),
    ],
)
def test_it_reads_each_written_form_of_won(text, amount):
    assert amounts(text) == [amount]


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("커피 3인분 9000", 9000),
        ("피자 2명 3만", 30000),
        ("치킨 두 명 3만", 30000),
        ("영화 세 명 4만", 40000),
        ("넷플 6개월 5만", 50000),
        ("고기 500g 12000", 12000),
        ("쌀 2kg 8천원", 8000),
        ("우유 1L 2500", 2500),
        ("우유 1000 ml 2500", 2500),
        ("필라테스 5회 20만원", 200000),
        ("7시 저녁 3만", 30000),
        ("7시반 영화 만오천원", 15000),
        ("30분 주차 3000", 3000),
        ("1박 숙소 8만", 80000),
        ("2박3일 여행 50만", 500000),
        ("빵 3개 5천", 5000),
        ("커피 2잔 9천", 9000),
        ("기저귀 한박스 4만원", 40000),
        ("할인 10% 5천", 5000),
        ("할인 10 % 5천", 5000),
        ("2층 식당 만원", 10000),
        ("버스 3번 4500", 4500),
        ("1등 당첨 5만원", 50000),
        ("3살 아이 옷 2만원", 20000),
        ("2차 노래방 3만", 30000),
        ("4호선 지하철 1400", 1400),
        ("1+1 샴푸 9900", 9900),
        ("2+1 음료 3000", 3000),
        ("010-1234-5678 꽃집 3만원", 30000),
        ("2026년 자동차세 30만", 300000),
        ("10월 관리비 20만", 200000),
        ("3:30 영화 만원", 10000),
        ("레고 1000피스 5만원", 50000),
        ("마트 1만보 걷고 커피 3000", 3000),
        ("아이폰15 120만원", 1200000),
        ("아이폰 15 프로 150만원", 1500000),
        ("갤럭시S24 100만원", 1000000),
        ("GS25 3500", 3500),
        ("A4 500매 5000", 5000),
        ("101동 관리비 20만원", 200000),
        ("2.5배 할인 5천", 5000),
        ("주유 12.5L 2만", 20000),
        ("커피 4500 x2", 4500),
        ("커피 4500*2", 4500),
        ("#3 테이블 2만", 20000),
        ("100일 케이크 3만", 30000),
        ("5년만에 동창 모임 3만", 30000),
    ],
)
def test_counts_and_measures_are_not_money(text, amount):
    assert amounts(text) == [amount]


@pytest.mark.parametrize(
    "text",
    [
        "커피 3잔",
        "치킨 2마리",
        "사과 5개",
        "5천개",
        "만보 걸음",
        "2026년",
        "11/20",
        "2/30",
        "13/1",
        "010-1234-5678",
        "01012345678",
        "123456789",
        "1+1",
        "3.5",
        "7시 30분",
        "10%",
        "아이폰15",
        "커피 2",
        "2박3일",
        "https://example.com/2026/11/20000",
        "kim1234@example.com",
    ],
)
def test_text_with_only_counts_has_no_item(text):
    assert amounts(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "천안 호두과자",
        "만두 먹었다",
        "친구 만났다",
        "만화책 빌림",
        "백화점 다녀옴",
        "가방 백",
        "십자수 재료",
        "오늘 오징어",
        "이마트 이자",
        "삼겹살 삼각김밥",
        "사과 사료",
        "육아 육개장",
        "칠리 새우",
        "중고로 팔았음",
        "구두 수선",
        "사천 짜장",
        "이천 쌀",
        "오천 원두",
        "회사원 일원",
        "몇천원 썼나",
        "수십만원 나옴",
        "일본 일식",
        "추억 기억",
        "천만다행",
        "오만 원룸",
    ],
)
def test_number_letters_inside_ordinary_words_are_not_money(text):
    assert amounts(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("오늘 점심 만원", [10000]),
        ("만두 5000", [5000]),
        ("천안 호두과자 만원", [10000]),
        ("이마트 장보기 8만", [80000]),
        ("삼각김밥 천오백원", [1500]),
        ("백화점 상품권 10만원", [100000]),
        ("점심이 만원", [10000]),
        ("사천짜장 7000", [7000]),
        ("장례식장 부조 5만", [50000]),
        ("추억 5만", [50000]),
        ("조카 선물 3만", [30000]),
        ("만 5천원", [15000]),
        ("천 5백원", [1500]),
    ],
)
def test_number_words_and_ordinary_words_side_by_side(text, expected):
    assert amounts(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("라멘 1200엔", [("1200엔", "JPY")]),
        ("라멘 1,200円", [("1,200円", "JPY")]),
        ("라멘 ¥1200", [("¥1200", "JPY")]),
        ("기념품 $12", [("$12", "USD")]),
        ("기념품 $12.99", [("$12.99", "USD")]),
        ("기념품 US$12", [("US$12", "USD")]),
        ("점심 12달러", [("12달러", "USD")]),
        ("택시 12불", [("12불", "USD")]),
        ("선물 USD 12", [("USD 12", "USD")]),
        ("선물 12 USD", [("12 USD", "USD")]),
        ("선물 12usd", [("12usd", "USD")]),
        ("커피 €5", [("€5", "EUR")]),
        ("젤라또 5유로", [("5유로", "EUR")]),
        ("밀크티 100위안", [("100위안", "CNY")]),
        ("마사지 1000바트", [("1000바트", "THB")]),
        ("쌀국수 50만동", [("50만동", "VND")]),
        ("홍콩 딤섬 200홍콩달러", [("200홍콩달러", "HKD")]),
        ("펍 £8", [("£8", "GBP")]),
        ("라멘 천엔", [("천엔", "JPY")]),
    ],
)
def test_foreign_amounts_are_refused_never_recorded(text, expected):
    result = parse_message(text, TODAY)
    assert result.items == ()
    assert refused(text) == expected
    assert result.is_question is False


def test_won_items_of_the_same_message_are_still_recorded():
    result = parse_message("라멘 1200엔, 택시 8000원", TODAY)
    assert [(i.amount_krw, i.memo) for i in result.items] == [(8000, "택시")]
    assert [(r.text, r.currency) for r in result.refused] == [("1200엔", "JPY")]


def test_a_won_amount_beside_a_foreign_one_is_the_item():
    result = parse_message("면세점 $120 (약 16만원)", TODAY)
    assert [(i.amount_krw, i.memo) for i in result.items] == [(160000, "면세점")]
    assert [r.currency for r in result.refused] == ["USD"]


@pytest.mark.parametrize("text", ["불고기 2만원", "동태찌개 만원", "엔진오일 8만"])
def test_currency_looking_words_in_food_and_cars_are_not_currencies(text):
    result = parse_message(text, TODAY)
    assert result.refused == ()
    assert len(result.items) == 1


@pytest.mark.parametrize("text", ["적금 1조", "노트북 10000000000000", "로또 1000억 9999억 9999만"])
def test_amounts_above_the_maximum_are_not_money(text):
    assert all(0 < a <= MAX_AMOUNT_KRW for a in amounts(text))
    assert amounts("저축 9999억9999만9999원") == [MAX_AMOUNT_KRW]


def test_amounts_are_ints():
    for item in parse_message("빵 1.2만원, 커피 4.5천", TODAY).items:
        assert type(item.amount_krw) is int
