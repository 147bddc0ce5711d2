"""Questions about the ledger: one function answers the web box, Telegram and Kakao, and records nothing."""

import datetime as dt
import html

import pytest
from django.utils import timezone

from expenses.budgets.services import budgets_set
from expenses.entries.questions import question_answer, question_read
from expenses.models import Entry, Message, MessageOutcome
from expenses.parser.questions import DAY, MONTH, SPAN, WEEK, YEAR, read_question
from households.periods import period_containing
from tests.chatbots.conftest import (
    _chat_settings,  # noqa: F401 - the chat settings for the webhooks below
    fake_kakao_callback,  # noqa: F401
    fake_telegram,  # noqa: F401
    kakao_payload,
    kakao_text,
    link_kakao,
    link_telegram,
    post_kakao,
    post_telegram,
    reply_text,
    tg_message,
)
from tests.conftest import membership_of
from tests.factories import EntryFactory, MembershipFactory, UserFactory

BOB_TG = 7012345678
VERA_TG = 7022222222
BOB_KAKAO = "226f81aef15e8f58bob"
HTMX = {"HTTP_HX_REQUEST": "true"}
THURSDAY = dt.date(2026, 11, 26)


# --- the grammar (pure: no database) -------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "unit", "start", "end"),
    [
        ("오늘 얼마 썼어?", DAY, THURSDAY, THURSDAY),
        ("어제 뭐 샀지", DAY, dt.date(2026, 11, 25), dt.date(2026, 11, 25)),
        ("지난주 화요일 내역", DAY, dt.date(2026, 11, 17), dt.date(2026, 11, 17)),
        ("이번 주 카페?", WEEK, dt.date(2026, 11, 23), dt.date(2026, 11, 29)),
        ("지난주 얼마", WEEK, dt.date(2026, 11, 16), dt.date(2026, 11, 22)),
        ("지난 주말에 얼마 썼어", WEEK, dt.date(2026, 11, 21), dt.date(2026, 11, 22)),
        ("최근 7일 식비", SPAN, dt.date(2026, 11, 20), THURSDAY),
        ("11/1부터 11/15까지 식비", SPAN, dt.date(2026, 11, 1), dt.date(2026, 11, 15)),
    ],
)
def test_days_weeks_and_spans(text, unit, start, end):
    period = read_question(text, THURSDAY).period
    assert (period.unit, period.start, period.end) == (unit, start, end)


@pytest.mark.parametrize(
    ("text", "unit", "step", "year", "month"),
    [
        ("이번 달 식비?", MONTH, 0, None, None),
        ("이번달 식비 얼마야?", MONTH, 0, None, None),
        ("지난달 카페 얼마?", MONTH, -1, None, None),
        ("지지난달 얼마", MONTH, -2, None, None),
        ("11월 식비", MONTH, None, None, 11),
        ("시월 외식", MONTH, None, None, 10),
        ("작년 11월 얼마", MONTH, None, 2025, 11),
        ("2025년 3월 식비", MONTH, None, 2025, 3),
        ("올해 얼마 썼어", YEAR, 0, 2026, None),
        ("작년 수입", YEAR, -1, 2025, None),
    ],
)
def test_months_and_years(text, unit, step, year, month):
    period = read_question(text, THURSDAY).period
    assert (period.unit, period.step, period.year, period.month) == (unit, step, year, month)


@pytest.mark.parametrize(
    ("text", "words", "flags"),
    [
        ("이번 달 식비?", ("식비",), {}),
        ("준호 이번 주 얼마 썼어?", ("준호",), {"kind": "expense"}),
        ("예산 얼마 남았어?", (), {"budget": True}),
        ("어제 뭐 샀지?", (), {"listing": True}),
        ("내가 이번 달 얼마 썼어?", (), {"me": True}),
        ("이번 달 수입 얼마?", (), {"kind": "income"}),
        ("식비얼마", ("식비",), {}),
        ("교통비는?", ("교통비는",), {}),
    ],
)
def test_the_words_left_to_resolve(text, words, flags):
    question = read_question(text, THURSDAY)
    assert question.words == words
    for name, value in flags.items():
        assert getattr(question, name) == value


# --- resolved against a household ------------------------------------------------------------------


@pytest.fixture
def junho(household, alice):
    return MembershipFactory(household=household, role="member", user=UserFactory(display_name="준호"))


@pytest.fixture
def ledger(household, alice, bob, junho):
    """This month, last month and this week of a family: alice, bob and 준호 spend."""
    today = timezone.localdate()
    period = period_containing(today, household.month_start_day)
    last = period.previous(household.month_start_day)
    a, b = membership_of(alice, household), membership_of(bob, household)
    cafe = household.categories.get(slug="cafe")
    food = household.categories.get(slug="food")
    EntryFactory(paid_by=a, category=food, memo="점심", amount_krw=8000, spent_on=today)
    EntryFactory(paid_by=b, category=cafe, memo="커피", amount_krw=4500, spent_on=today)
    EntryFactory(paid_by=junho, category=cafe, memo="라떼", amount_krw=5500, spent_on=today)
    EntryFactory(paid_by=junho, category=food, memo="쿠팡 장보기", amount_krw=30000, spent_on=period.start)
    EntryFactory(paid_by=a, category=cafe, memo="케이크", amount_krw=7000, spent_on=last.start)
    EntryFactory(paid_by=a, category=cafe, memo="커피", amount_krw=3000, spent_on=last.end)
    EntryFactory(
        paid_by=a,
        kind="income",
        category=household.categories.get(slug="salary"),
        memo="월급",
        amount_krw=3_500_000,
        spent_on=period.start,
    )
    return {"today": today, "period": period, "last": last}


def _ask(household, user, text):
    asked = question_read(membership=membership_of(user, household), text=text, today=timezone.localdate())
    assert asked is not None, text
    return question_answer(asked=asked)


@pytest.mark.django_db
def test_a_category_this_month_is_a_total(household, alice, ledger):
    answer = _ask(household, alice, "이번 달 식비?")
    assert "이번 달" in answer and "식비 지출 38,000원 · 2건" in answer


@pytest.mark.django_db
def test_a_category_last_month_by_a_shop_word_or_a_part_of_its_name(household, alice, ledger):
    for text in ("지난달 카페 얼마?", "지난달 커피 얼마?", "지난 달 카페/간식 얼마"):
        assert "지난달" in _ask(household, alice, text) and "카페/간식 지출 10,000원 · 2건" in _ask(
            household, alice, text
        )


@pytest.mark.django_db
def test_a_member_this_week(household, alice, ledger):
    answer = _ask(household, alice, "준호 이번 주 얼마 썼어?")
    week_start = ledger["today"] - dt.timedelta(days=ledger["today"].weekday())
    expected = 5500 + (30000 if ledger["period"].start >= week_start else 0)
    assert "이번 주" in answer and f"준호님 지출 {expected:,}원" in answer


@pytest.mark.django_db
def test_me_is_the_asker(household, bob, ledger):
    assert "밥님 지출 4,500원 · 1건" in _ask(household, bob, "내가 이번 달 얼마 썼어?")


@pytest.mark.django_db
def test_the_budget_left(household, alice, ledger):
    owner = membership_of(alice, household)
    food = household.categories.get(slug="food")
    budgets_set(by=owner, amounts={None: 100_000, food.pk: 40_000})

    answer = _ask(household, alice, "예산 얼마 남았어?")
    assert "전체 지출 48,000원 / 100,000원 (48%) · 52,000원 남음" in answer
    assert "식비 38,000원 / 40,000원 (95%) · 2,000원 남음" in answer
    assert "식비 38,000원 / 40,000원" in _ask(household, alice, "식비 예산은?")
    assert "예산 40,000원의 95% · 2,000원 남음" in _ask(household, alice, "이번 달 식비 얼마?")


@pytest.mark.django_db
def test_no_budget_says_where_to_set_one(household, alice, ledger):
    assert "예산은 아직 정하지 않았어요" in _ask(household, alice, "예산 얼마 남았어?")


@pytest.mark.django_db
def test_a_day_lists_its_entries(household, alice, ledger):
    answer = _ask(household, alice, "오늘 뭐 샀어?")
    assert "오늘" in answer and "지출 18,000원 · 3건" in answer
    assert "라떼" in answer and "준호" in answer and "커피" in answer


@pytest.mark.django_db
def test_a_period_alone_is_totals_by_category(household, alice, ledger):
    answer = _ask(household, alice, "이번 달")
    assert "지출 48,000원 · 수입 3,500,000원" in answer and "남은 날" in answer
    assert "• 식비 38,000원" in answer and "• 카페/간식 10,000원" in answer and "• 급여 3,500,000원" in answer
    assert "금액도" not in answer


@pytest.mark.django_db
def test_income(household, alice, ledger):
    assert "수입 3,500,000원" in _ask(household, alice, "월급 얼마 들어왔어?")
    assert "수입 3,500,000원 · 1건" in _ask(household, alice, "이번 달 수입 얼마?")


@pytest.mark.django_db
def test_a_word_that_names_nothing_searches_the_memos(household, alice, ledger):
    assert "메모 '쿠팡' 지출 30,000원 · 1건" in _ask(household, alice, "이번 달 쿠팡 얼마?")


@pytest.mark.django_db
def test_an_unknown_question_says_what_can_be_asked_with_the_households_names(household, alice, ledger):
    for text in ("내일 날씨 어때?", "뭐해?"):
        answer = _ask(household, alice, text)
        assert "잘 모르겠어요" in answer and "이번 주 얼마 썼어?" in answer
    assert "밥 이번 주 얼마 썼어?" in _ask(household, alice, "?")


@pytest.mark.django_db
def test_chatter_and_a_word_without_an_amount_are_no_questions(household, alice, ledger):
    owner = membership_of(alice, household)
    for text in ("커피", "오늘 날씨 좋다", "안녕하세요"):
        assert question_read(membership=owner, text=text, today=timezone.localdate()) is None, text


@pytest.mark.django_db
def test_a_period_and_a_name_without_a_question_mark_is_a_question(household, alice, ledger):
    answer = _ask(household, alice, "오늘 커피")
    assert "카페/간식 지출 10,000원 · 2건" in answer and "금액도 함께 적어 주세요" in answer


@pytest.mark.django_db
def test_another_households_entries_are_never_counted(household, alice, ledger, charlie, other_household):
    stranger = charlie.memberships.get()
    cafe = other_household.categories.get(slug="cafe")
    EntryFactory(paid_by=stranger, category=cafe, memo="커피", amount_krw=99_000, spent_on=timezone.localdate())
    assert "카페/간식 지출 10,000원 · 2건" in _ask(household, alice, "오늘 카페 얼마?")
    assert "지출 99,000원" in _ask(other_household, charlie, "오늘 카페 얼마?")


# --- one function behind every door ----------------------------------------------------------------

FAMILY_QUESTIONS = ["이번달 식비 얼마야?", "지난달 카페 얼마?", "준호 이번 주 얼마 썼어?", "예산 얼마 남았어?"]


def _web(client, text: str) -> str:
    response = client.post("/entries/message/", {"text": text, "month": ""}, **HTMX)
    assert response.status_code == 200
    page = html.unescape(response.content.decode())
    notice = page.split('class="notice notice-info">', 1)[1].split("</p>", 1)[0]  # an answer, not a record
    return notice.replace("<br>", "\n")


@pytest.mark.django_db
@pytest.mark.parametrize("text", FAMILY_QUESTIONS)
def test_the_web_box_telegram_and_kakao_give_the_same_answer_and_record_nothing(
    client, client_for, household, bob, ledger, text
):
    budgets_set(by=membership_of(household.memberships.get(role="owner").user, household), amounts={None: 100_000})
    link_telegram(client, bob, household, user_id=BOB_TG)
    link_kakao(client, bob, household, user_key=BOB_KAKAO)
    before = list(Entry.objects.order_by("pk").values_list("pk", "amount_krw"))
    expected = _ask(household, bob, text)

    by_telegram = reply_text(post_telegram(client, tg_message(text, user_id=BOB_TG)))
    by_kakao = kakao_text(post_kakao(client, kakao_payload(text, user_key=BOB_KAKAO))).split("\n\n")[0]
    by_web = _web(client_for(bob), text)

    assert by_telegram == by_kakao == by_web == expected
    assert "금액을 찾지 못했어요" not in by_web
    assert list(Entry.objects.order_by("pk").values_list("pk", "amount_krw")) == before
    assert Message.objects.filter(raw_text=text, outcome=MessageOutcome.QUESTION).count() == 3


@pytest.mark.django_db
def test_a_viewer_may_ask_in_the_chats(client, household, vera, ledger):
    link_telegram(client, vera, household, user_id=VERA_TG)

    answer = reply_text(post_telegram(client, tg_message("이번 달 식비?", user_id=VERA_TG)))

    assert "식비 지출 38,000원" in answer
    assert Message.objects.get(raw_text="이번 달 식비?").outcome == MessageOutcome.QUESTION


@pytest.mark.django_db
def test_the_web_box_without_htmx_shows_the_answer_after_the_redirect(client_for, household, alice, ledger):
    response = client_for(alice).post("/entries/message/", {"text": "이번 달 식비?"}, follow=True)

    assert "식비 지출 38,000원" in html.unescape(response.content.decode())
    assert Entry.objects.count() == 7
