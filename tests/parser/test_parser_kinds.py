"""Kind: expense by default, income from what the words say, item by item."""

from datetime import date

import pytest

from expenses.parser import parse_message

TODAY = date(2026, 11, 26)


def kinds(text: str) -> list[str]:
    return [item.kind for item in parse_message(text, TODAY).items]


@pytest.mark.parametrize(
    "text",
    [
        "월급 350만원",
        "급여 320만",
        "상여금 200만",
        "보너스 50만 들어옴",
        "성과급 300만",
        "인센티브 80만",
        "용돈 5만원 들어왔다",
        "엄마한테 용돈 받음 10만",
        "할머니한테 용돈 받았다 5만",
        "중고 판매 3만",
        "당근마켓 자전거 팔았음 5만",
        "당근 의자 팔아서 2만원",
        "번개장터 운동화 팔았다 8만원",
        "연말정산 환급 35만",
        "쿠팡 환불 23000",
        "환불 받음 3만",
        "카드 캐시백 5000",
        "예금 이자 3만",
        "적금 이자 12,340",
        "이자 1,200원",
        "배당 10만",
        "배당금 입금 8만",
        "알바비 받음 40만",
        "주말 알바 12만",
        "과외비 받음 30만",
        "프리랜서 작업비 입금 150만",
        "외주 정산 200만 들어옴",
        "월세 받음 50만",
        "월세 입금됨 50만",
        "로또 당첨 5만원",
        "아동수당 10만",
        "보험금 들어옴 23만",
        "더치페이 정산 받음 15000",
        "네이버페이 포인트 적립 2,300",
        "5000원에 팔았음",
        "친정엄마가 용돈 20만 주심",
        "엄마가 용돈 줬다 10만",
        "할머니께서 5만원 주셨다",
        "결제 취소 3만",
        "애들 세뱃돈 50만 들어옴",
        "예금 만기 1000만 입금",
    ],
)
def test_income(text):
    assert kinds(text) == ["income"]


@pytest.mark.parametrize(
    "text",
    [
        "점심 8천",
        "카드론 이자 4만",
        "대출 이자 35만",
        "주택담보대출 이자 120만",
        "마이너스통장 이자 5만",
        "이자 냄 2만",
        "이자 납부 3만",
        "용돈 줌 5만",
        "부모님 용돈 30만",
        "엄마 용돈 드림 20만",
        "직원 보너스 줌 10만",
        "마사지 받음 5만",
        "진료 받음 1만5천",
        "파마 받았음 12만",
        "월세 입금 50만",
        "월세 55만",
        "로또 5천원",
        "중고 의자 3만",
        "월급날 회식 5만",
        "수입 맥주 만원",
        "보너스로 가방 샀음 30만",
        "팔찌 3만",
        "이자카야 5만",
        "세뱃돈 30만",
        "세뱃돈 나눠줌 20만",
        "엄마 용돈 줌 10만",
        "결혼식 축의금 10만원 냄",
        "중고 노트북 샀음 80만",
        "당근에서 책상 삼 5만",
        "국민연금 28만",
    ],
)
def test_expense(text):
    assert kinds(text) == ["expense"]


def test_each_item_has_its_own_kind():
    assert kinds("월급 350만 들어옴, 커피 4500") == ["income", "expense"]
    assert kinds("월급 350만 들어옴, 헬스장 5만") == ["income", "expense"]
    assert kinds("용돈 받음 5만 커피 4500") == ["income", "expense"]
    assert kinds("월급 350 들어오고 카드값 120 나감") == ["income", "expense"]


def test_words_shared_by_the_message_settle_items_that_say_nothing():
    assert kinds("의자 3만, 책상 5만 팔았음") == ["income", "income"]
    assert kinds("당근 판매: 의자 3만, 책상 5만") == ["income", "income"]
    assert kinds("용돈 받음\n엄마 5만\n아빠 5만") == ["income", "income"]
    # A service received is no money received, and meals are never sold.
    assert kinds("마사지 받음 5만, 팁 1만") == ["expense", "expense"]
    assert kinds("팔았음: 의자 3만, 점심 8천") == ["income", "expense"]
