"""Kakao skill: linking by code, recording, quick replies, dedupe, limits and bad requests."""

import pytest

from chatbots import kakao, services
from chatbots.models import ChatLink, LinkAttempt
from expenses.models import BudgetAlert, Entry, Message, MessageOutcome
from expenses.signals import budget_alert_recorded
from tests.chatbots.conftest import (
    BOB_KAKAO,
    CHARLIE_KAKAO,
    KAKAO_TOKEN,
    kakao_payload,
    kakao_text,
    link_kakao,
    post_kakao,
    quick_replies,
)
from tests.conftest import membership_of

pytestmark = pytest.mark.django_db


def assert_valid(response):
    assert response.status_code == 200
    assert kakao.problems(response.json()) == []


def test_it_links_with_an_8_character_code(client, household, bob):
    _, code = services.link_codes_create(membership=membership_of(bob, household))
    assert len(code) == 8

    response = post_kakao(client, kakao_payload(f"연결 {code.lower()}"))

    assert_valid(response)
    assert "앨리스네" in kakao_text(response) and "밥님" in kakao_text(response)
    assert ChatLink.objects.get(kakao_user_key=BOB_KAKAO).membership == membership_of(bob, household)
    assert not Message.objects.filter(raw_text__icontains=code).exists()


def test_a_code_works_once(client, household, bob):
    _, code = services.link_codes_create(membership=membership_of(bob, household))
    post_kakao(client, kakao_payload(f"연결 {code}"))

    response = post_kakao(client, kakao_payload(f"연결 {code}", user_key=CHARLIE_KAKAO))

    assert "만료" in kakao_text(response)
    assert not ChatLink.objects.filter(kakao_user_key=CHARLIE_KAKAO).exists()


def test_five_wrong_codes_lock_the_chat_for_ten_minutes(client, household, bob):
    for _ in range(5):
        assert "맞지 않거나" in kakao_text(post_kakao(client, kakao_payload("연결 ZZZZ9999", user_key=CHARLIE_KAKAO)))
    _, code = services.link_codes_create(membership=membership_of(bob, household))

    locked = post_kakao(client, kakao_payload(f"연결 {code}", user_key=CHARLIE_KAKAO))

    assert "10분 뒤" in kakao_text(locked)
    assert not ChatLink.objects.exists()
    # Another chat is not affected, and the code is still good.
    assert "연결됐어요" in kakao_text(post_kakao(client, kakao_payload(f"연결 {code}")))
    assert LinkAttempt.objects.filter(chat_key=CHARLIE_KAKAO).count() == 5


def test_an_unlinked_user_is_told_how_to_link(client, household):
    response = post_kakao(client, kakao_payload("점심 김밥 5000원"))

    assert_valid(response)
    assert "연결 ABCD2345" in kakao_text(response)
    assert not Entry.objects.exists() and not Message.objects.exists()


def test_recording_several_items_answers_with_quick_replies(client, household, bob_on_kakao):
    response = post_kakao(client, kakao_payload("점심 8천, 커피 4500"))

    assert_valid(response)
    lunch, coffee = Entry.objects.order_by("pk")
    assert (lunch.channel, lunch.amount_krw, coffee.category.slug) == ("kakao", 8000, "cafe")
    text = kakao_text(response)
    assert "식비 점심 8,000원" in text and "카페/간식 커피 4,500원" in text and "이번 달 식비 합계 8,000원" in text
    labels = [q["label"] for q in quick_replies(response)]
    assert labels[-2:] == ["오늘", "이번 달"]
    undo = next(q for q in quick_replies(response) if q["extra"] == {"a": "undo", "e": coffee.pk})
    assert undo["messageText"] == "취소"


def test_undo_by_quick_reply_removes_exactly_that_entry(client, household, bob_on_kakao):
    post_kakao(client, kakao_payload("점심 8천, 커피 4500"))
    lunch, coffee = Entry.objects.order_by("pk")

    response = post_kakao(client, kakao_payload("취소", extra={"a": "undo", "e": lunch.pk}))

    assert_valid(response)
    assert list(Entry.objects.all()) == [coffee]
    assert "취소했어요" in kakao_text(response) and "점심" in kakao_text(response)
    assert Message.objects.filter(raw_text="취소", outcome=MessageOutcome.COMMAND).exists()


def test_typed_undo_removes_the_last_entry_of_this_chat(client, household, bob_on_kakao):
    post_kakao(client, kakao_payload("점심 8천, 커피 4500"))

    response = post_kakao(client, kakao_payload("취소"))

    assert "커피" in kakao_text(response)
    assert list(Entry.objects.values_list("memo", flat=True)) == ["점심"]


def test_category_fix_by_quick_reply_pages_through_categories(client, household, bob_on_kakao):
    post_kakao(client, kakao_payload("점심 김밥 5000원"))
    entry = Entry.objects.get()

    picker = post_kakao(client, kakao_payload("분류 바꾸기", extra={"a": "pick", "e": entry.pk}))
    assert_valid(picker)
    choices = quick_replies(picker)
    assert len(choices) == 10 and choices[-2]["label"] == "더 보기" and choices[-1]["label"] == "돌아가기"
    more = post_kakao(client, kakao_payload("분류 더 보기", extra=choices[-2]["extra"]))
    assert_valid(more)
    seen = {q["label"] for q in choices[:-2]} | {q["label"] for q in quick_replies(more)[:-2]}
    assert "카페/간식" in seen and "식비" not in seen and "급여" not in seen

    cafe = next(q for q in choices + quick_replies(more) if q["label"] == "카페/간식")
    response = post_kakao(client, kakao_payload(cafe["messageText"], extra=cafe["extra"]))

    assert_valid(response)
    entry.refresh_from_db()
    assert (entry.category.slug, entry.category_source) == ("cafe", "user")
    assert "카페/간식(으)로 바꿨어요" in kakao_text(response)


def test_category_fix_by_text(client, household, bob_on_kakao):
    post_kakao(client, kakao_payload("점심 김밥 5000원"))

    response = post_kakao(client, kakao_payload("방금 거 카페로"))

    assert "바꿨어요" in kakao_text(response)
    assert Entry.objects.get().category.slug == "cafe"


def test_questions(client, household, bob_on_kakao):
    post_kakao(client, kakao_payload("점심 8천, 커피 4500"))

    today = post_kakao(client, kakao_payload("오늘"))
    month = post_kakao(client, kakao_payload("이번 달"))
    question = post_kakao(client, kakao_payload("식비 얼마 썼어?"))

    assert "지출 12,500원" in kakao_text(today)
    assert "식비 8,000원" in kakao_text(month) and "카페/간식 4,500원" in kakao_text(month)
    assert "이번 달" in kakao_text(question) and "식비 지출 8,000원 · 1건" in kakao_text(question)
    assert Message.objects.get(raw_text="식비 얼마 썼어?").outcome == MessageOutcome.QUESTION
    assert Entry.objects.count() == 2


def test_an_identical_utterance_within_10_seconds_is_recorded_once_and_kept(client, household, bob_on_kakao):
    first = post_kakao(client, kakao_payload("점심 김밥 5000원"))
    second = post_kakao(client, kakao_payload("점심 김밥 5000원"))

    assert_valid(second)
    assert Entry.objects.count() == 1
    assert "한 번만 기록했어요" in kakao_text(second) and "✅" in kakao_text(first)
    outcomes = Message.objects.filter(raw_text="점심 김밥 5000원").values_list("outcome", flat=True)
    assert sorted(outcomes) == [MessageOutcome.DUPLICATE, MessageOutcome.RECORDED]


def test_the_same_words_after_the_window_record_again(client, household, bob_on_kakao, monkeypatch):
    from chatbots import throttle

    monkeypatch.setattr(throttle, "_now", lambda: 1_800_000_000.0)
    post_kakao(client, kakao_payload("커피 4500"))
    monkeypatch.setattr(throttle, "_now", lambda: 1_800_000_011.0)  # the 10-second window has passed

    post_kakao(client, kakao_payload("커피 4500"))

    assert Entry.objects.count() == 2


def test_a_viewer_can_ask_but_not_record(client, household, vera):
    link_kakao(client, vera, household, user_key="vera-key")

    refused = post_kakao(client, kakao_payload("점심 김밥 5000원", user_key="vera-key"))
    asked = post_kakao(client, kakao_payload("이번 달", user_key="vera-key"))

    assert "보기 전용" in kakao_text(refused) and "지출 0원" in kakao_text(asked)
    assert not Entry.objects.exists()


def test_a_stranger_cannot_reach_another_households_entry_through_extra(
    client, household, bob, charlie, other_household
):
    from tests.factories import EntryFactory

    link_kakao(client, charlie, other_household, user_key=CHARLIE_KAKAO)
    entry = EntryFactory(paid_by=membership_of(bob, household))

    for extra in ({"a": "undo", "e": entry.pk}, {"a": "cat", "e": entry.pk, "c": "cafe"}, {"a": "pick", "e": entry.pk}):
        response = post_kakao(client, kakao_payload("취소", user_key=CHARLIE_KAKAO, extra=extra))
        assert_valid(response)
        assert "찾지 못했어요" in kakao_text(response)
    entry.refresh_from_db()
    assert entry.category.slug == "food"


def test_rate_limit_per_user_answers_politely_and_keeps_the_message(client, household, bob_on_kakao, monkeypatch):
    from chatbots import throttle

    monkeypatch.setattr(throttle, "_now", lambda: 1_800_000_000.0)
    responses = [post_kakao(client, kakao_payload(f"오늘 {i}")) for i in range(31)]

    assert_valid(responses[-1])
    assert "너무 빨리" in kakao_text(responses[-1]) and "너무 빨리" not in kakao_text(responses[-2])
    assert Message.objects.filter(outcome=MessageOutcome.RATE_LIMITED).count() == 1


def test_a_long_message_is_refused_politely(client, household, bob_on_kakao):
    response = post_kakao(client, kakao_payload("점심 5000원 " + "아" * 1000))

    assert_valid(response)
    assert "너무 길어요" in kakao_text(response) and not Entry.objects.exists()


@pytest.mark.parametrize("token", [None, "", "wrong", KAKAO_TOKEN[:-1]])
def test_a_wrong_skill_token_is_403(client, household, bob_on_kakao, token):
    response = post_kakao(client, kakao_payload("점심 5000원"), token=token)

    assert response.status_code == 403 and not Entry.objects.exists()


@pytest.mark.parametrize("raw", ["{oops", "", "[" * 50_000 + "]" * 50_000, b"\xff\xfe"])
def test_malformed_json_is_400(client, household, bob_on_kakao, raw):
    assert post_kakao(client, None, raw=raw).status_code == 400


@pytest.mark.parametrize(
    "payload",
    [
        {},
        [],
        {"userRequest": {"utterance": "점심 5000원"}},
        {"userRequest": {"utterance": "점심 5000원", "user": {"id": 12345}}},
        {"userRequest": {"utterance": 5000, "user": {"id": BOB_KAKAO}}},
        {"userRequest": {"utterance": "점심 5000원", "user": {"id": "x" * 200}}},
        {"userRequest": "점심 5000원"},
    ],
)
def test_missing_fields_and_wrong_types_are_400(client, household, bob_on_kakao, payload):
    assert post_kakao(client, payload).status_code == 400
    assert not Entry.objects.exists()


@pytest.mark.parametrize(
    "extra",
    [
        None,
        "undo",
        [1],
        {"a": "undo"},
        {"a": "undo", "e": "12"},
        {"a": "undo", "e": True},
        {"a": "cat", "e": 1, "c": "../x"},
        {"a": ["undo"], "e": 1},
        {"a": {"x": 1}},
    ],
)
def test_odd_client_extra_is_read_as_plain_text(client, household, bob_on_kakao, extra):
    payload = kakao_payload("커피 4500")
    payload["action"]["clientExtra"] = extra

    assert_valid(post_kakao(client, payload))
    assert Entry.objects.count() == 1


def test_a_huge_payload_is_refused_without_a_5xx(client, household, bob_on_kakao):
    response = post_kakao(client, kakao_payload("점심 5000원 " + "가" * 1_000_000))

    assert response.status_code == 400 and not Entry.objects.exists()


def test_the_builders_own_test_surface_and_extra_fields_are_accepted(client, household, bob_on_kakao):
    payload = kakao_payload("커피 4500")
    payload["userRequest"]["params"]["surface"] = "BuilderBotTest"
    payload["userRequest"]["user"]["properties"]["appUserId"] = "123"
    payload["user_request"] = {"snake": "case"}

    assert_valid(post_kakao(client, payload))
    assert Entry.objects.count() == 1


def test_a_budget_alert_rides_along_with_the_next_reply_once(
    client, household, bob_on_kakao, django_capture_on_commit_callbacks
):
    alert = BudgetAlert.objects.create(
        household=household,
        category=None,
        period_key="2026-11",
        period_start="2026-11-01",
        period_end="2026-11-30",
        threshold=80,
        spent_krw=800_000,
        budget_krw=1_000_000,
    )
    with django_capture_on_commit_callbacks(execute=True):
        budget_alert_recorded.send(sender=BudgetAlert, alert=alert)

    first = post_kakao(client, kakao_payload("오늘"))
    second = post_kakao(client, kakao_payload("오늘"))

    assert_valid(first)
    assert len(first.json()["template"]["outputs"]) == 2
    assert "전체 예산의 80%" in kakao_text(first) and "예산" not in kakao_text(second)


def test_claudes_later_category_shows_in_the_next_reply(
    client, household, bob_on_kakao, fake_claude, django_capture_on_commit_callbacks
):
    from expenses.tasks import categorize_entries

    household.llm_enabled = True
    household.save(update_fields=["llm_enabled"])
    first = post_kakao(client, kakao_payload("뭉뭉 12000원"))
    assert "분류 확인 중" in kakao_text(first)

    with django_capture_on_commit_callbacks(execute=True):
        categorize_entries.delay([Entry.objects.get().pk])
    later = post_kakao(client, kakao_payload("오늘"))

    assert "분류를 정했어요: 반려동물 뭉뭉 12,000원" in kakao_text(later)


def test_the_callback_url_gets_the_refined_answer_once(
    client, household, bob_on_kakao, fake_kakao_callback, fake_claude, django_capture_on_commit_callbacks
):
    household.llm_enabled = True
    household.save(update_fields=["llm_enabled"])
    url = "https://bot-api.kakao.com/v1/callback/abc"

    response = post_kakao(client, kakao_payload("뭉뭉 12000원", callback_url=url))

    assert response.status_code == 200
    assert response.json()["useCallback"] is True and kakao.problems(response.json()) == []
    ((posted_url, body),) = fake_kakao_callback.posts
    assert posted_url == url and kakao.problems(body) == []
    assert "12,000원" in body["template"]["outputs"][0]["simpleText"]["text"]


@pytest.mark.parametrize(
    "url",
    [
        "https://evil.example.com/kakao.com",
        "http://bot-api.kakao.com/x",
        "https://kakao.com.evil.io/x",
        "https://user@kakao.com.evil.io/",
    ],
)
def test_the_callback_url_is_used_only_for_kakao_hosts(client, household, bob_on_kakao, fake_kakao_callback, url):
    household.llm_enabled = True
    household.save(update_fields=["llm_enabled"])

    response = post_kakao(client, kakao_payload("뭉뭉 12000원", callback_url=url))

    assert_valid(response)
    assert "useCallback" not in response.json() and fake_kakao_callback.posts == []
