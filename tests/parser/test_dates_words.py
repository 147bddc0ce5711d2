"""Dates as families write them: two-step words, word boundaries, spacing, Hangul numerals, counted days.

The first block is the table of issue 19, one named test per row (today 2026-09-28, a Monday, unless
noted), through `parse_message` and through `parse_expense --jsonl`.
"""

import io
import json
import sys
from datetime import date

import pytest
from django.core.management import call_command

from expenses.parser import parse_message

MON = date(2026, 9, 28)


def item(text: str, today: date = MON):
    (only,) = parse_message(text, today).items
    return only


def day_of(text: str, today: date = MON) -> date:
    return item(text, today).spent_on


# -------------------------------------------------------------------------------------------------
# Issue 19, row by row.

ISSUE_ROWS = [
    pytest.param("그그제 택시 12000원", MON, date(2026, 9, 25), id="그그제 is three days back"),
    pytest.param("저저번달 말일 관리비 18만원", MON, date(2026, 7, 31), id="저저번달 말일 is two months back"),
    pytest.param("저저번주 금요일 회식 5만", MON, date(2026, 9, 18), id="저저번주 is two weeks back"),
    pytest.param("전전주 금요일 회식 5만", MON, date(2026, 9, 18), id="전전주 is two weeks back"),
    pytest.param("전전달 10일 병원비 3만원", MON, date(2026, 7, 10), id="전전달 is two months back"),
    pytest.param("다다음주 월요일 학원비 30만", MON, date(2026, 10, 12), id="다다음주 is two weeks ahead"),
    pytest.param("다다음달 5일 학원비 30만", MON, date(2026, 11, 5), id="다다음달 is two months ahead"),
    pytest.param("내일모레 카드값 50만원", MON, date(2026, 9, 30), id="내일모레 is the day after tomorrow"),
    pytest.param("지난주  화요일 회식 5만", date(2026, 10, 1), date(2026, 9, 22), id="two spaces between words"),
    pytest.param("내일배움카드 자부담 5만원", MON, MON, id="내일배움카드 holds no date"),
    pytest.param("내일신문 구독료 15000원", MON, MON, id="내일신문 holds no date"),
    pytest.param("99.03.01 적금 만기 300만원", MON, date(1999, 3, 1), id="a two-digit year by closeness"),
    pytest.param("7일 이내 반품 택배비 5000원", MON, MON, id="7일 이내 is a duration"),
    pytest.param("지난 5월 3일 병원비 2만", date(2027, 4, 28), date(2026, 5, 3), id="지난 5월 3일 is before today"),
    pytest.param("오는 금요일 관리비 20만원", MON, date(2026, 10, 2), id="오는 금요일 is the coming one"),
    pytest.param("다음 달의 말일 적금 30만원", MON, date(2026, 10, 31), id="다음 달의 말일"),
    pytest.param("지난 15일 병원비 3만원", MON, date(2026, 9, 15), id="지난 15일"),
    pytest.param("4월달 14일 치과 5만원", MON, date(2026, 4, 14), id="4월달 is a month"),
]


@pytest.mark.parametrize(("text", "today", "expected"), ISSUE_ROWS)
def test_issue_row(text, today, expected):
    assert day_of(text, today) == expected


def test_issue_row_memos_keep_what_is_not_a_date():
    assert item("그그제 택시 12000원").memo == "택시"
    assert item("내일배움카드 자부담 5만원").memo == "내일배움카드 자부담"
    assert item("내일신문 구독료 15000원").memo == "내일신문 구독료"
    assert item("7일 이내 반품 택배비 5000원").memo == "7일 이내 반품 택배비"
    assert (item("99.03.01 적금 만기 300만원").amount_krw, item("99.03.01 적금 만기 300만원").memo) == (
        3_000_000,
        "적금 만기",
    )


@pytest.mark.django_db
def test_issue_rows_through_parse_expense_jsonl():
    lines = [
        json.dumps({"text": p.values[0], "today": p.values[1].isoformat()}, ensure_ascii=False) for p in ISSUE_ROWS
    ]
    stdin, stdout = io.StringIO("\n".join(lines) + "\n"), io.StringIO()
    real_stdin, sys.stdin = sys.stdin, stdin
    try:
        call_command("parse_expense", "--jsonl", stdout=stdout)
    finally:
        sys.stdin = real_stdin
    outputs = [json.loads(line) for line in stdout.getvalue().splitlines()]
    assert [o["items"][0]["date"] for o in outputs] == [p.values[2].isoformat() for p in ISSUE_ROWS]


# -------------------------------------------------------------------------------------------------
# The vocabulary.


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("그제 택시 12000", date(2026, 9, 26)),
        ("그저께 택시 12000", date(2026, 9, 26)),
        ("엊그제 택시 12000", date(2026, 9, 26)),
        ("그끄저께 택시 12000", date(2026, 9, 25)),
        ("그끄제 택시 12000", date(2026, 9, 25)),
        ("엇그제 택시 12000", date(2026, 9, 26)),
        ("어젯저녁 치킨 2만", date(2026, 9, 27)),
        ("글피 학원비 30만", date(2026, 10, 1)),
        ("그글피 학원비 30만", date(2026, 10, 2)),
        ("낼모레 카드값 50만", date(2026, 9, 30)),
        ("내일 모레 카드값 50만", date(2026, 9, 30)),
        ("낼 학원비 30만", date(2026, 9, 29)),
        ("명일 학원비 30만", date(2026, 9, 29)),
        ("어젯밤 치킨 2만", date(2026, 9, 27)),
        ("간밤 편의점 5000", date(2026, 9, 27)),
        ("작일 주유 5만", date(2026, 9, 27)),
        ("금일 주유 5만", MON),
    ],
)
def test_relative_day_words(text, expected):
    assert day_of(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("지지난주 수요일 회비 3만", date(2026, 9, 16)),
        ("저저번주 월요일 회비 3만", date(2026, 9, 14)),
        ("다담주 화요일 학원비 30만", date(2026, 10, 13)),
        ("다음다음 주 목요일 학원비 30만", date(2026, 10, 15)),
        ("담주 금요일 회비 3만", date(2026, 10, 9)),
        ("차주 화요일 회비 3만", date(2026, 10, 6)),
        ("이번주 일요일 외식 8만", date(2026, 10, 4)),
        ("지난주 주말 캠핑 15만", date(2026, 9, 26)),
        ("다음주말 캠핑 15만", date(2026, 10, 10)),
        ("지지난달 5일 병원 3만", date(2026, 7, 5)),
        ("저번 달 말일 관리비 20만", date(2026, 8, 31)),
        ("다담달 1일 적금 10만", date(2026, 11, 1)),
        ("내달 10일 적금 10만", date(2026, 10, 10)),
        ("이달 말일 관리비 20만", date(2026, 9, 30)),
        ("이번 달 첫날 관리비 20만", date(2026, 9, 1)),
        ("재작년 12월 3일 가구 30만", date(2024, 12, 3)),
        ("올 3월 5일 병원 2만", date(2026, 3, 5)),
        ("내년 1월 5일 등록금 300만", date(2027, 1, 5)),
        ("작년 2월 말일 관리비 20만", date(2025, 2, 28)),
        ("2월 말일 관리비 20만", date(2026, 2, 28)),
        ("12월 말 보너스 100만", date(2025, 12, 31)),
        ("올해 마지막 날 케이크 3만", date(2026, 12, 31)),
    ],
)
def test_week_month_and_year_words(text, expected):
    assert day_of(text) == expected


@pytest.mark.parametrize(
    ("text", "today", "expected"),
    [
        ("오는 토요일 캠핑 15만", MON, date(2026, 10, 3)),
        ("다가오는 금요일 회비 3만", MON, date(2026, 10, 2)),
        ("돌아오는 수요일 회비 3만", MON, date(2026, 9, 30)),
        ("오는 금요일 회비 3만", date(2026, 10, 2), date(2026, 10, 9)),  # on a Friday: next week's
        ("이번 금요일 회비 3만", MON, date(2026, 10, 2)),
        ("이번 금요일 회비 3만", date(2026, 10, 4), date(2026, 10, 2)),  # on a Sunday: this week's, past
        ("지난 금요일 회식 5만", MON, date(2026, 9, 25)),
        ("지난 월요일 회식 5만", MON, date(2026, 9, 21)),  # before today, never today
        ("다음 금요일 회비 3만", MON, date(2026, 10, 2)),
        ("오는 주말 캠핑 15만", MON, date(2026, 10, 3)),
        ("오는 15일 카드값 50만", MON, date(2026, 10, 15)),
        ("다가오는 31일 카드값 50만", MON, date(2026, 10, 31)),
        ("지난 31일 병원 3만", MON, date(2026, 8, 31)),
        ("지난 28일 병원 3만", MON, date(2026, 8, 28)),  # today is the 28th: the one before
        ("이번 25일 관리비 20만", MON, date(2026, 9, 25)),
        ("오는 12월 31일 적금 100만", MON, date(2026, 12, 31)),
        ("지난 9월 30일 병원 3만", MON, date(2025, 9, 30)),
    ],
)
def test_modifiers_before_weekdays_and_days(text, today, expected):
    assert day_of(text, today) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("삼월 오일 병원 2만", date(2026, 3, 5)),
        ("시월 삼일 회비 3만", date(2026, 10, 3)),
        ("유월 이십오일 여행 50만", date(2026, 6, 25)),
        ("십이월 이십오일 선물 10만", date(2025, 12, 25)),
        ("9월 이십일 병원 2만", date(2026, 9, 20)),
        ("이십구일 관리비 20만", date(2026, 9, 29)),  # at most 7 days ahead
        ("십오일 관리비 20만", date(2026, 9, 15)),
        ("삼일 전 택시 12000", date(2026, 9, 25)),
        ("일주일 전 택시 12000", date(2026, 9, 21)),
    ],
)
def test_hangul_numerals_in_dates(text, expected):
    assert day_of(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("지난주금요일 회식 5만", date(2026, 9, 25)),
        ("지난 주 금요일 회식 5만", date(2026, 9, 25)),
        ("지난   주   금요일 회식 5만", date(2026, 9, 25)),
        ("다음달5일 학원비 30만", date(2026, 10, 5)),
        ("다음  달  5일 학원비 30만", date(2026, 10, 5)),
        ("9월28일 점심 8000", MON),
        ("9 월 25 일 점심 8000", date(2026, 9, 25)),
        ("2026년3월5일 병원 2만", date(2026, 3, 5)),
        ("지난\t주\t금요일 회식 5만", date(2026, 9, 25)),
    ],
)
def test_any_spacing_between_words(text, expected):
    assert day_of(text) == expected


def test_a_line_break_ends_a_date():
    assert day_of("다음주\n화요일 회식 5만") == date(2026, 9, 22)  # 화요일 alone: the latest
    assert day_of("다음 달\n25일 학원비 30만") == date(2026, 9, 25)  # 25일 alone: the latest


@pytest.mark.parametrize(
    ("text", "today", "expected"),
    [
        ("99.03.01 적금 300만", MON, date(1999, 3, 1)),
        ("99년 3월 1일 적금 300만", MON, date(1999, 3, 1)),
        ("26.03.05 병원 2만", MON, date(2026, 3, 5)),
        ("26년 3월 5일 병원 2만", MON, date(2026, 3, 5)),
        ("76.1.1 적금 10만", MON, date(1976, 1, 1)),  # 50 years either way: the earlier
        ("77.1.1 적금 10만", MON, date(1977, 1, 1)),
        ("75.1.1 적금 10만", MON, date(2075, 1, 1)),
        ("50.1.1 적금 10만", date(2000, 1, 1), date(1950, 1, 1)),
        ("2026-03-05 병원 2만", MON, date(2026, 3, 5)),
        ("20260305 병원 2만", MON, date(2026, 3, 5)),
        ("3/5 병원 2만", MON, date(2026, 3, 5)),
        ("3.5 병원 2만", MON, date(2026, 3, 5)),
        ("3/5일 병원 2만", MON, date(2026, 3, 5)),
        ("9/28(월) 점심 8000", MON, MON),
        ("9월 25일 금요일 회식 5만", MON, date(2026, 9, 25)),
        ("12일날 관리비 20만", MON, date(2026, 9, 12)),
        ("30일에 관리비 20만", MON, date(2026, 9, 30)),
        ("5일자 관리비 20만", MON, date(2026, 10, 5)),
    ],
)
def test_numbers_and_years(text, today, expected):
    assert day_of(text, today) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("3일 전 택시 12000", date(2026, 9, 25)),
        ("2주 전 회식 5만", date(2026, 9, 14)),
        ("3주 전 회식 5만", date(2026, 9, 7)),
        ("한 달 전 병원 3만", date(2026, 8, 28)),
        ("두 달 전 병원 3만", date(2026, 7, 28)),
        ("석 달 전 병원 3만", date(2026, 6, 28)),
        ("3개월 전 병원 3만", date(2026, 6, 28)),
        ("보름 전 병원 3만", date(2026, 9, 13)),
        ("열흘 전 병원 3만", date(2026, 9, 18)),
        ("2주 3일 전 병원 3만", date(2026, 9, 11)),
        ("3일 후 카드값 50만", date(2026, 10, 1)),
        ("이틀 뒤 카드값 50만", date(2026, 9, 30)),
        ("오늘로부터 한 달 후 적금 10만", date(2026, 10, 28)),
        ("작년 이맘때 보험 30만", date(2025, 9, 28)),
        ("다음 달 첫날 다음 날 적금 10만", date(2026, 10, 2)),
    ],
)
def test_counts_from_today(text, expected):
    assert day_of(text) == expected


# -------------------------------------------------------------------------------------------------
# What is not a date, and keeps its words in the memo.


@pytest.mark.parametrize(
    ("text", "memo"),
    [
        ("내일배움카드 자부담 5만원", "내일배움카드 자부담"),
        ("청년내일채움공제 12만5천", "청년내일채움공제"),
        ("내일로 티켓 6만", "내일로 티켓"),
        ("오늘의집 선반 3만원", "오늘의집 선반"),
        ("아모레퍼시픽 화장품 5만", "아모레퍼시픽 화장품"),
        ("월요병 커피 4500", "월요병 커피"),
        ("주말농장 분양 10만", "주말농장 분양"),
        ("십일조 10만원", "십일조"),
        ("오일 교환 5만원", "오일 교환"),
        ("엔진오일 교환 5만원", "엔진오일 교환"),
        ("이월 잔액 정리 5만", "이월 잔액 정리"),
        ("3일치 약값 12000", "3일치 약값"),
        ("5일분 약값 12000", "5일분 약값"),
        ("2박3일 숙박 30만", "2박3일 숙박"),
        ("2박 3일 숙박 30만", "2박 3일 숙박"),
        ("1일 1커피 4500원", "1일 1커피"),
        ("3-5일 렌트 15만", "3-5일 렌트"),
        ("3.5일 렌트 15만", "3.5일 렌트"),
        ("3일 동안 주차비 3만", "3일 동안 주차비"),
        ("30일 내로 환불 2만", "30일 내로 환불"),
        ("3일간 렌트 15만", "3일간 렌트"),
        ("여행 3일차 숙소 10만", "여행 3일차 숙소"),
        ("매주 월요일 학원 셔틀 3만", "매주 월요일 학원 셔틀"),
        ("매월 25일 적금 30만", "매월 25일 적금"),
        ("매달 말일 관리비 20만", "매달 말일 관리비"),
        ("격주 토요일 레슨 5만", "격주 토요일 레슨"),
        ("금요일마다 레슨 5만", "금요일마다 레슨"),
        ("새벽 2시 택시 25000", "새벽 2시 택시"),
        ("작년 크리스마스 케이크 3만", "작년 크리스마스 케이크"),
        ("다음달 첫째주 금요일 회비 3만", "다음달 첫째주 금요일 회비"),
        ("이번 달 둘째 토요일 레슨 5만", "이번 달 둘째 토요일 레슨"),
        ("마지막 금요일 회식 5만", "마지막 금요일 회식"),
        ("10년 전 산 가방 수선 3만", "10년 전 산 가방 수선"),
        ("이번 달 초 관리비 20만", "이번 달 초 관리비"),
        ("월말 정산 5만", "월말 정산"),
        ("주말 브런치 32000", "주말 브런치"),
        ("익일 배송비 3000원", "익일 배송비"),
        ("어제택시 12000", "어제택시"),
    ],
)
def test_not_a_date_keeps_its_words(text, memo):
    only = item(text)
    assert (only.spent_on, only.memo) == (MON, memo)


def test_a_time_of_day_after_a_date_word_is_allowed_and_stays_in_the_memo():
    assert (item("오늘점심 8000").spent_on, item("오늘점심 8000").memo) == (MON, "점심")
    assert (item("어제저녁 치킨 2만").spent_on, item("어제저녁 치킨 2만").memo) == (date(2026, 9, 27), "저녁 치킨")
    assert (item("어제 저녁 치킨 2만").spent_on, item("어제 저녁 치킨 2만").memo) == (date(2026, 9, 27), "저녁 치킨")
    assert item("어제밤 택시 2만").spent_on == date(2026, 9, 27)


def test_particles_after_a_date_are_part_of_it():
    assert (item("어제는 택시 12000").spent_on, item("어제는 택시 12000").memo) == (date(2026, 9, 27), "택시")
    assert item("15일에 관리비 20만").spent_on == date(2026, 9, 15)
    assert item("지난주 금요일에 회식 5만").memo == "회식"
    assert item("어제꺼 택시비 12000").memo == "택시비"


def test_a_date_restated_in_brackets_is_one_date():
    assert (item("오늘(28일) 점심 9000").spent_on, item("오늘(28일) 점심 9000").memo) == (MON, "점심")
    assert item("어제 (일) 점심 9000").memo == "점심"
    assert item("지난주 금요일(9/25) 회식 5만").memo == "회식"
    assert (item("금요일날 회식 5만").spent_on, item("금요일날 회식 5만").memo) == (date(2026, 9, 25), "회식")
    taxi = item("택시 어제(12000)")  # brackets with no date letter are not the date's
    assert (taxi.spent_on, taxi.amount_krw, taxi.memo) == (date(2026, 9, 27), 12000, "택시")
    assert (item("하루 전날 택시 12000").spent_on, item("하루 전날 택시 12000").memo) == (MON, "하루 전날 택시")


def test_amounts_and_dates_do_not_eat_each_other():
    assert (item("5일 택시 5000원").spent_on, item("5일 택시 5000원").amount_krw) == (date(2026, 10, 5), 5000)
    late = item("택시 5000원 5일")
    assert (late.spent_on, late.amount_krw, late.memo) == (MON, 5000, "택시 5일")
    assert [(i.spent_on, i.amount_krw) for i in parse_message("5일 5000원 택시", MON).items] == [
        (date(2026, 10, 5), 5000)
    ]
    assert item("삼월 오일 택시 오천원").amount_krw == 5000
    assert item("12월 3일 3만원 케이크").amount_krw == 30000
    assert item("3/5 5000 택시").amount_krw == 5000
    assert item("20260305 병원 2만").amount_krw == 20000
    assert item("20260305원 송금").amount_krw == 20_260_305  # with 원 it is money


def test_the_nth_weekday_of_another_week_is_not_this_weeks():
    assert day_of("그다음 주 토요일 캠핑 15만") == MON
    assert day_of("다음달 수요일 회비 3만") == MON
    assert day_of("10월 수요일 회비 3만") == MON


def test_an_offset_from_a_day_not_read_is_not_from_today():
    assert day_of("다음 달 마지막 금요일에서 이틀 뒤 회비 3만") == MON


def test_a_range_is_dated_by_its_first_day():
    assert day_of("내일부터 3일 뒤까지 주차 3만") == date(2026, 9, 29)
    assert day_of("25일부터 3일까지 여행 50만") == date(2026, 9, 25)
    assert day_of("1일부터 3일까지 숙박 30만") == date(2026, 10, 1)
    assert day_of("10/1~10/3 여행 50만") == date(2026, 10, 1)


@pytest.mark.parametrize(
    "text", ["2월 30일 커피 3000", "4월 31일 커피 3000", "이번달 31일 커피 3000", "13월 1일 커피 3000"]
)
def test_days_that_do_not_exist_are_no_date(text):
    only = item(text)
    assert only.spent_on == MON
    assert only.amount_krw == 3000


def test_a_leading_date_speaks_for_every_item_and_an_own_date_wins():
    items = parse_message("그그제 점심 8천, 커피 4500, 지난주화요일 택시 12000", MON).items
    assert [i.spent_on for i in items] == [date(2026, 9, 25), date(2026, 9, 25), date(2026, 9, 22)]
    assert [i.memo for i in items] == ["점심", "커피", "택시"]
