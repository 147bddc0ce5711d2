"""Hypothesis-generated JSON against both webhooks: never a 5xx, Telegram always 200, Kakao valid or 4xx."""

import json

import pytest
from django.core.cache import cache
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chatbots import kakao
from expenses.models import Entry
from tests.chatbots.conftest import BOB_KAKAO, BOB_TG, kakao_payload, post_kakao, post_telegram, tg_button, tg_message

pytestmark = pytest.mark.django_db

FUZZ = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)

scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=False)
    | st.text(max_size=40)
    | st.sampled_from(["점심 8천, 커피 4500", "취소", "오늘", "이번 달", "방금 거 카페로", "/start", "연결 ABCD2345"])
)
any_json = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4),
    max_leaves=20,
)
maybe = lambda strategy: st.one_of(strategy, any_json)  # noqa: E731 - the field, or anything in its place

telegram_updates = st.fixed_dictionaries(
    {"update_id": maybe(st.integers(min_value=1, max_value=2**40))},
    optional={
        "message": maybe(
            st.fixed_dictionaries(
                {
                    "message_id": maybe(st.integers(min_value=1, max_value=10**6)),
                    "from": maybe(st.fixed_dictionaries({"id": maybe(st.just(BOB_TG)), "is_bot": any_json})),
                    "chat": maybe(
                        st.fixed_dictionaries(
                            {"id": maybe(st.sampled_from([BOB_TG, -1002233445566])), "type": any_json}
                        )
                    ),
                    "text": maybe(st.text(max_size=80)),
                    "date": any_json,
                }
            )
        ),
        "callback_query": maybe(
            st.fixed_dictionaries(
                {
                    "id": maybe(st.text(min_size=1, max_size=10)),
                    "from": maybe(st.fixed_dictionaries({"id": maybe(st.just(BOB_TG))})),
                    "message": any_json,
                    "data": maybe(
                        st.sampled_from(["undo:1", "pick:2", "cat:1:cafe", "back:3", "today", "month"])
                        | st.text(max_size=70)
                    ),
                }
            )
        ),
    },
)

kakao_requests = st.fixed_dictionaries(
    {
        "userRequest": maybe(
            st.fixed_dictionaries(
                {
                    "utterance": maybe(st.text(max_size=80)),
                    "user": maybe(st.fixed_dictionaries({"id": maybe(st.just(BOB_KAKAO))})),
                },
                optional={"callbackUrl": maybe(st.sampled_from(["https://bot-api.kakao.com/cb", "http://x/"]))},
            )
        ),
    },
    optional={
        "action": maybe(
            st.fixed_dictionaries(
                {
                    "clientExtra": maybe(
                        st.fixed_dictionaries(
                            {"a": maybe(st.sampled_from(["undo", "pick", "cat", "back", "today", "month"]))},
                            optional={"e": any_json, "c": any_json, "p": any_json},
                        )
                    )
                }
            )
        ),
        "bot": any_json,
    },
)


# Deep fuzzing: the envelope is right, so every example reaches the linked member's conversation,
# and only what a user (or a forged client) controls is arbitrary.
utterances = st.sampled_from(
    ["점심 8천, 커피 4500", "취소", "오늘", "이번 달", "방금 거 카페로", "분류 바꾸기"]
) | st.text(max_size=60)
kakao_deep = st.builds(
    lambda utterance, extra: kakao_payload(utterance, extra=extra),
    utterances,
    st.dictionaries(st.sampled_from(["a", "e", "c", "p"]), any_json | st.sampled_from(["undo", "pick", "cat", "back"])),
)
telegram_deep = st.one_of(
    st.builds(lambda text: tg_message(text), utterances),
    st.builds(
        lambda data: tg_button(data),
        st.text(max_size=70) | st.from_regex(r"\A(undo|pick|back|cat):\d{1,20}(:[a-z_]{1,45})?\Z"),
    ),
)


@pytest.fixture
def linked_everywhere(client, household, bob_on_telegram, bob_on_kakao):
    from tests.conftest import membership_of
    from tests.factories import EntryFactory

    EntryFactory(paid_by=membership_of(bob_on_telegram, household))
    return client


@FUZZ
@given(payload=telegram_updates | any_json)
def test_telegram_never_fails(linked_everywhere, payload, caplog):
    caplog.clear()
    cache.clear()  # each example starts under the rate limit and outside the double-send window
    response = post_telegram(linked_everywhere, payload)

    assert response.status_code == 200
    assert "not handled" not in caplog.text  # no exception was swallowed on the way
    if response.content:
        body = response.json()
        assert body["method"] in ("sendMessage", "editMessageText", "answerCallbackQuery")
        assert len(body.get("text", "")) <= 4096


@FUZZ
@given(payload=kakao_requests | any_json)
def test_kakao_never_fails(linked_everywhere, payload, caplog):
    caplog.clear()
    cache.clear()  # each example starts under the rate limit and outside the double-send window
    response = post_kakao(linked_everywhere, payload)

    assert "not handled" not in caplog.text  # no exception was swallowed on the way
    assert response.status_code in (200, 400)
    if response.status_code == 200:
        assert kakao.problems(response.json()) == []


@FUZZ
@given(payload=kakao_deep)
def test_kakao_deep_never_fails(linked_everywhere, payload, caplog):
    caplog.clear()
    cache.clear()  # each example starts under the rate limit and outside the double-send window
    response = post_kakao(linked_everywhere, payload)

    assert response.status_code == 200 and kakao.problems(response.json()) == []
    assert "not handled" not in caplog.text


@FUZZ
@given(payload=telegram_deep)
def test_telegram_deep_never_fails(linked_everywhere, payload, caplog):
    caplog.clear()
    cache.clear()  # each example starts under the rate limit and outside the double-send window
    response = post_telegram(linked_everywhere, payload)

    assert response.status_code == 200
    assert "not handled" not in caplog.text


@FUZZ
@given(raw=st.binary(max_size=200))
def test_raw_bytes_never_fail(linked_everywhere, raw):
    assert post_telegram(linked_everywhere, None, raw=raw).status_code == 200
    assert post_kakao(linked_everywhere, None, raw=raw).status_code in (200, 400)


def test_fuzzing_left_the_ledger_consistent(linked_everywhere):
    # Sanity for the fixture the fuzzers use: one entry exists and is readable.
    assert Entry.objects.count() == 1 and json.dumps(list(Entry.objects.values("amount_krw")))
