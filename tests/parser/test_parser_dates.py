"""Dates: relative words, numeric and Korean forms, weeks from Monday, the 7-days-ahead rule."""

from datetime import date

import pytest

from expenses.parser import parse_message

THU = date(2026, 11, 26)  # a Thursday


def day_of(text: str, today: date = THU) -> date:
    (item,) = parse_message(text, today).items
    return item.spent_on


def days_of(text: str, today: date = THU) -> list[date]:
    return [item.spent_on for item in parse_message(text, today).items]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("커피 3000", date(2026, 11, 26)),
        ("오늘 커피 3000", date(2026, 11, 26)),
        ("금일 커피 3000", date(2026, 11, 26)),
        ("어제 커피 3000", date(2026, 11, 25)),
        ("어저께 커피 3000", date(2026, 11, 25)),
        ("어젯밤 치킨 2만", date(2026, 11, 25)),
        ("그제 커피 3000", date(2026, 11, 24)),
        ("그저께 커피 3000", date(2026, 11, 24)),
        ("엊그제 커피 3000", date(2026, 11, 24)),
        ("엊그저께 커피 3000", date(2026, 11, 24)),
        ("그끄저께 커피 3000", date(2026, 11, 23)),
        ("내일 학원비 30만", date(2026, 11, 27)),
        ("모레 학원비 30만", date(2026, 11, 28)),
        ("2일 전 커피 3000", date(2026, 11, 24)),
        ("3일전 커피 3000", date(2026, 11, 23)),
        ("10일 전에 커피 3000", date(2026, 11, 16)),
        ("하루 전 커피 3000", date(2026, 11, 25)),
        ("이틀 전 커피 3000", date(2026, 11, 24)),
        ("사흘 전 커피 3000", date(2026, 11, 23)),
        ("일주일 전 커피 3000", date(2026, 11, 19)),
        ("일주일전 커피 3000", date(2026, 11, 19)),
        ("1주일 전 커피 3000", date(2026, 11, 19)),
        ("2주 전 커피 3000", date(2026, 11, 12)),
        ("한 달 전 커피 3000", date(2026, 10, 26)),
        ("1달 전 커피 3000", date(2026, 10, 26)),
        ("11/20 커피 3000", date(2026, 11, 20)),
        ("11.8 커피 3000", date(2026, 11, 8)),
        ("11-8 커피 3000", date(2026, 11, 8)),
        ("10월 30일 커피 3000", date(2026, 10, 30)),
        ("10월30일 커피 3000", date(2026, 10, 30)),
        ("10월 말 관리비 20만", date(2026, 10, 31)),
        ("2026-10-05 커피 3000", date(2026, 10, 5)),
        ("2026.10.05 커피 3000", date(2026, 10, 5)),
        ("2026. 10. 5. 커피 3000", date(2026, 10, 5)),
        ("2026/10/05 커피 3000", date(2026, 10, 5)),
        ("26.10.5 커피 3000", date(2026, 10, 5)),
        ("26-10-05 커피 3000", date(2026, 10, 5)),
        ("2026년 10월 5일 커피 3000", date(2026, 10, 5)),
        ("26년 10월 5일 커피 3000", date(2026, 10, 5)),
        ("2025-12-31 커피 3000", date(2025, 12, 31)),
        ("작년 12월 3일 커피 3000", date(2025, 12, 3)),
        ("올해 1월 5일 커피 3000", date(2026, 1, 5)),
        ("지난달 10일 커피 3000", date(2026, 10, 10)),
        ("지난 달 10일 커피 3000", date(2026, 10, 10)),
        ("저번달 말일 관리비 20만", date(2026, 10, 31)),
        ("이번달 1일 커피 3000", date(2026, 11, 1)),
        ("이번 달 15일 커피 3000", date(2026, 11, 15)),
        ("지지난달 5일 커피 3000", date(2026, 9, 5)),
        ("30일 관리비 20만", date(2026, 11, 30)),
        ("27일 관리비 20만", date(2026, 11, 27)),
        ("25일 관리비 20만", date(2026, 11, 25)),
        ("5일 관리비 20만", date(2026, 11, 5)),
        ("말일 관리비 20만", date(2026, 11, 30)),
    ],
)
def test_each_date_form(text, expected):
    assert day_of(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Weeks start on Monday; 2026-11-26 is a Thursday, so this week is 11/23–11/29.
        ("지난주 화요일 커피 3000", date(2026, 11, 17)),
        ("지난주 일요일 커피 3000", date(2026, 11, 22)),
        ("지난주 월요일 커피 3000", date(2026, 11, 16)),
        ("저번주 금 커피 3000", date(2026, 11, 20)),
        ("저번주 금요일 커피 3000", date(2026, 11, 20)),
        ("지난 주 토요일 커피 3000", date(2026, 11, 21)),
        ("지지난주 수요일 커피 3000", date(2026, 11, 11)),
        ("이번주 수요일 커피 3000", date(2026, 11, 25)),
        ("이번주 월요일 커피 3000", date(2026, 11, 23)),
        ("이번 주 토요일 커피 3000", date(2026, 11, 28)),
        ("다음주 월요일 학원비 30만", date(2026, 11, 30)),
        ("월요일 커피 3000", date(2026, 11, 23)),
        ("월욜 커피 3000", date(2026, 11, 23)),
        ("목요일 커피 3000", date(2026, 11, 26)),
        ("금요일 커피 3000", date(2026, 11, 20)),
        ("일요일 커피 3000", date(2026, 11, 22)),
        ("토욜 영화 2만", date(2026, 11, 21)),
        ("지난 목요일 커피 3000", date(2026, 11, 19)),
        ("지난 수요일 커피 3000", date(2026, 11, 25)),
        ("지난주 주말 캠핑 15만", date(2026, 11, 21)),
        ("지난 주말 캠핑 15만", date(2026, 11, 21)),
        ("저번 주말에 캠핑 15만", date(2026, 11, 21)),
        ("이번 주말 캠핑 15만", date(2026, 11, 28)),
    ],
)
def test_weeks_start_on_monday(text, expected):
    assert day_of(text) == expected


def test_a_day_count_inside_an_item_is_no_date():
    (item,) = parse_message("렌터카 제주 3일 15만", THU).items
    assert (item.spent_on, item.amount_krw, item.memo) == (THU, 150000, "렌터카 제주 3일")
    assert day_of("관리비 25일에 23만") == date(2026, 11, 25)
    assert day_of("20일 커피 3000") == date(2026, 11, 20)
    assert days_of("점심 5000\n20일 커피 3000") == [THU, date(2026, 11, 20)]
    assert days_of("점심 5000, 20일 커피 3000") == [THU, date(2026, 11, 20)]


def test_a_week_word_before_a_salary_is_not_a_weekday():
    (item,) = parse_message("이번주 월급 350만원", THU).items
    assert item.spent_on == THU
    assert item.kind == "income"


@pytest.mark.parametrize(
    ("text", "today", "expected"),
    [
        ("어제 커피 3000", date(2026, 3, 1), date(2026, 2, 28)),
        ("어제 커피 3000", date(2028, 3, 1), date(2028, 2, 29)),
        ("어제 커피 3000", date(2027, 1, 1), date(2026, 12, 31)),
        ("그저께 커피 3000", date(2026, 1, 1), date(2025, 12, 30)),
        ("일주일 전 커피 3000", date(2026, 1, 3), date(2025, 12, 27)),
        ("내일 커피 3000", date(2026, 12, 31), date(2027, 1, 1)),
        ("12/30 커피 3000", date(2027, 1, 2), date(2026, 12, 30)),
        ("1/3 커피 3000", date(2026, 12, 30), date(2027, 1, 3)),
        ("12/31 커피 3000", date(2026, 12, 24), date(2026, 12, 31)),
        ("1/1 커피 3000", date(2026, 12, 24), date(2026, 1, 1)),
        ("12/3 커피 3000", date(2026, 11, 26), date(2026, 12, 3)),
        ("12/4 커피 3000", date(2026, 11, 26), date(2025, 12, 4)),
        ("2/29 커피 3000", date(2028, 3, 10), date(2028, 2, 29)),
        ("2/29 커피 3000", date(2026, 3, 10), date(2024, 2, 29)),
        ("31일 커피 3000", date(2026, 12, 2), date(2026, 10, 31)),
        ("30일 커피 3000", date(2026, 3, 2), date(2026, 1, 30)),
        ("1일 커피 3000", date(2026, 12, 28), date(2027, 1, 1)),
        ("지난달 말일 관리비 20만", date(2026, 3, 15), date(2026, 2, 28)),
        ("지난달 말일 관리비 20만", date(2028, 3, 15), date(2028, 2, 29)),
        ("지난달 10일 커피 3000", date(2026, 1, 15), date(2025, 12, 10)),
        ("지난주 월요일 커피 3000", date(2026, 1, 1), date(2025, 12, 22)),
        ("한 달 전 커피 3000", date(2026, 3, 31), date(2026, 2, 28)),
        ("말일 관리비 20만", date(2026, 2, 25), date(2026, 2, 28)),
        ("말일 관리비 20만", date(2026, 2, 10), date(2026, 1, 31)),
    ],
)
def test_month_year_and_leap_boundaries(text, today, expected):
    assert day_of(text, today) == expected


@pytest.mark.parametrize("text", ["2/30 커피 3000", "13/1 커피 3000", "2/29 커피 3000", "11/31 커피 3000"])
def test_invalid_dates_are_neither_dates_nor_money(text):
    (item,) = parse_message(text, date(2027, 3, 10)).items
    if text.startswith("2/29"):
        assert item.spent_on == date(2024, 2, 29)  # valid in a leap year: the closest one
        return
    assert item.spent_on == date(2027, 3, 10)
    assert item.amount_krw == 3000
    assert text.split()[0] in item.memo


def test_a_leading_date_applies_to_every_item():
    assert days_of("어제 점심 8천, 커피 4500") == [date(2026, 11, 25)] * 2
    assert days_of("11/20 점심 8천 커피 4500 택시 12000") == [date(2026, 11, 20)] * 3
    assert days_of("어제\n점심 5000\n커피 3000") == [date(2026, 11, 25)] * 2
    assert days_of("[어제] 점심 8000") == [date(2026, 11, 25)]


def test_an_item_with_its_own_date_keeps_it():
    assert days_of("어제 점심 8천\n오늘 커피 4500") == [date(2026, 11, 25), date(2026, 11, 26)]
    assert days_of("점심 8천, 어제 커피 4500") == [date(2026, 11, 26), date(2026, 11, 25)]
    assert days_of("11/20 점심 8천, 11/21 택시 9천") == [date(2026, 11, 20), date(2026, 11, 21)]


def test_a_single_date_at_the_very_end_applies_to_every_item():
    assert days_of("점심 8천 커피 4500 어제") == [date(2026, 11, 25)] * 2


def test_date_words_are_not_in_the_memo():
    (item,) = parse_message("그저께 영화 두 명 3만원", THU).items
    assert item.memo == "영화 두 명"
    (item,) = parse_message("지난주 화요일 회식 5만", THU).items
    assert item.memo == "회식"
    (item,) = parse_message("2026년 10월 5일 병원 2만", THU).items
    assert item.memo == "병원"


def test_the_shop_named_today_is_not_a_date():
    (item,) = parse_message("오늘의집 선반 3만원", date(2026, 11, 26)).items
    assert item.memo == "오늘의집 선반"


@pytest.mark.parametrize("today", [date(1, 1, 1), date(9999, 12, 31), date(9999, 12, 25), date(1, 1, 7)])
def test_dates_near_the_ends_of_the_calendar_do_not_break_parsing(today):
    for text in ["어제 커피 3000", "내일 커피 3000", "지난주 월요일 커피 3000", "12/31 커피 3000", "1/1 커피 3000"]:
        (item,) = parse_message(text, today).items
        assert item.amount_krw == 3000
