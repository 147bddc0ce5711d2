"""Items: splitting a message, pairing words with amounts, memos, questions and chatter."""

from datetime import date

import pytest

from expenses.parser import ParsedItem, ParseResult, RefusedAmount, parse_message

TODAY = date(2026, 11, 26)


def pairs(text: str) -> list[tuple[str, int]]:
    return [(item.memo, item.amount_krw) for item in parse_message(text, TODAY).items]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("점심 8천, 커피 4500", [("점심", 8000), ("커피", 4500)]),
        ("점심 8천,커피 4500", [("점심", 8000), ("커피", 4500)]),
        ("아침 4000 점심 8500", [("아침", 4000), ("점심", 8500)]),
        ("점심 5000\n커피 3000", [("점심", 5000), ("커피", 3000)]),
        ("점심 5000\r\n커피 3000", [("점심", 5000), ("커피", 3000)]),
        ("점심 5000/커피 3000", [("점심", 5000), ("커피", 3000)]),
        ("점심 5000 / 커피 3000", [("점심", 5000), ("커피", 3000)]),
        ("점심 5000 그리고 커피 3000", [("점심", 5000), ("커피", 3000)]),
        ("김밥 3000+라면 4000", [("김밥", 3000), ("라면", 4000)]),
        ("김밥 3000 + 라면 4000", [("김밥", 3000), ("라면", 4000)]),
        ("점심 5000; 커피 3000", [("점심", 5000), ("커피", 3000)]),
        ("점심 5000. 커피 3000.", [("점심", 5000), ("커피", 3000)]),
        ("점심 8천하고 커피 4500", [("점심", 8000), ("커피", 4500)]),
        ("김밥5000이랑 라면4000", [("김밥", 5000), ("라면", 4000)]),
        ("관리비 21만, 가스비 4만, 전기세 3만", [("관리비", 210000), ("가스비", 40000), ("전기세", 30000)]),
        ("주유 6만 세차 8천 주차 3천", [("주유", 60000), ("세차", 8000), ("주차", 3000)]),
        ("점심 김밥 5000원", [("점심 김밥", 5000)]),
        ("치킨+맥주 3만원", [("치킨+맥주", 30000)]),
        ("치킨, 맥주 3만원", [("치킨 맥주", 30000)]),
        ("점심, 8000", [("점심", 8000)]),
        ("8000, 점심", [("점심", 8000)]),
        ("5000원 점심", [("점심", 5000)]),
        ("5000원 점심 3000원 커피", [("점심", 5000), ("커피", 3000)]),
        ("만원 택시", [("택시", 10000)]),
        ("버스 273 1500원", [("버스 273", 1500)]),
        ("2024 달력 5000원", [("2024 달력", 5000)]),
        ("애들 학원비 38만 + 27만", [("애들 학원비", 380000), ("애들 학원비", 270000)]),
    ],
)
def test_splitting_and_pairing(text, expected):
    assert pairs(text) == expected


@pytest.mark.parametrize(
    ("text", "memo"),
    [
        ("그저께 영화 두 명 3만원", "영화 두 명"),
        ("제주도 숙소 2박 32만원", "제주도 숙소 2박"),
        ("기저귀 한박스 4만원", "기저귀 한박스"),
        ("월급 350만원 들어옴", "월급 들어옴"),
        ("당근마켓 의자 팔아서 3만원", "당근마켓 의자 팔아서"),
        ("택시비 12300원.", "택시비"),
        ("관리비...23만", "관리비"),
        ("마트 장본거 76,500원!!", "마트 장본거"),
        ("점심 8,000원 (회사 근처)", "점심 회사 근처"),
        ("(점심) 8000원", "점심"),
        ("점심: 8000", "점심"),
        ("점심 - 8000", "점심"),
        ("점심=8000", "점심"),
        ("3,000원짜리 우산", "우산"),
        ("5000원에 팔았음", "팔았음"),
        ("총 5만원 장보기", "장보기"),
        ("약 3만원 택시", "택시"),
        ("약 5000", "약"),
        ("주차비 ₩3,000", "주차비"),
        ("  점심   김밥    5000  ", "점심 김밥"),
        ("5000", ""),
        ("☕ 4500", "☕"),
        ("커피☕ 4500", "커피☕"),
    ],
)
def test_memo_is_the_items_words_without_amount_and_date(text, memo):
    (item,) = parse_message(text, TODAY).items
    assert item.memo == memo


@pytest.mark.parametrize(
    "text",
    ["안녕하세요", "점심 먹었음", "ㅋㅋㅋ", "", "   ", "\n\n", "고마워~", "남편이 커피 사줌", "오늘은 지출 없음"],
)
def test_chatter_has_no_items_and_is_no_question(text):
    assert parse_message(text, TODAY) == ParseResult(items=(), refused=(), is_question=False)


@pytest.mark.parametrize(
    "text",
    [
        "이번 달 얼마 썼어?",
        "이번 달 얼마 썼어",
        "지난달 식비 알려줘",
        "오늘 뭐 먹었지",
        "예산 얼마 남았어",
        "카드값 언제 나가지?",
        "통계 보여줘",
        "어제 택시비 맞게 들어갔어？",
        "이번주 외식 몇 번 했지",
        "식비 합계",
    ],
)
def test_questions_without_amounts(text):
    result = parse_message(text, TODAY)
    assert result.items == ()
    assert result.is_question is True


def test_a_message_with_an_amount_is_not_a_question():
    result = parse_message("커피 5000원 맞나요?", TODAY)
    assert result.is_question is False
    assert [i.amount_krw for i in result.items] == [5000]


def test_a_message_with_only_a_foreign_amount_is_not_a_question():
    result = parse_message("라멘 1200엔 얼마야?", TODAY)
    assert result.is_question is False
    assert result.refused == (RefusedAmount("1200엔", "JPY"),)


def test_the_result_types():
    result = parse_message("어제 점심 8천", TODAY)
    assert result == ParseResult(
        items=(ParsedItem(kind="expense", amount_krw=8000, spent_on=date(2026, 11, 25), memo="점심"),),
        refused=(),
        is_question=False,
    )
    assert isinstance(result.items, tuple)


def test_decomposed_hangul_and_fullwidth_forms_are_read():
    import unicodedata

    text = unicodedata.normalize("NFD", "어제 점심 김밥 오천원")
    (item,) = parse_message(text, TODAY).items
    assert (item.amount_krw, item.spent_on, item.memo) == (5000, date(2026, 11, 25), "점심 김밥")
    (item,) = parse_message("커피\u3000４，５００원", TODAY).items
    assert item.amount_krw == 4500


def test_zero_width_and_control_characters_do_not_split_words():
    (item,) = parse_message("만\u200b두 5000\x00", TODAY).items
    assert (item.amount_krw, item.memo) == (5000, "만두")


def test_a_long_list_is_read_in_order():
    text = "\n".join(f"항목{i} {1000 + i}원" for i in range(200))
    items = parse_message(text, TODAY).items
    assert [i.amount_krw for i in items] == [1000 + i for i in range(200)]
    assert items[42].memo == "항목42"
