"""The webhooks (Telegram, Kakao, the forwarding address) on generated payloads: never a 5xx, and no exception
inside them, even a caught one.

The views catch everything so that Telegram is never made to resend forever and Kakao always gets a
skill response; the fuzz therefore also fails on any error the views logged while catching it.
Payloads: well-formed updates from a linked chat carrying generated text, the same shapes with any
field replaced by arbitrary JSON, arbitrary JSON, and bytes that are not JSON at all.
"""

import json
import logging
import time

import pytest
from django.core.cache import cache
from hypothesis import given
from hypothesis import strategies as st

from chatbots import kakao
from chatbots.models import ChatCounter, ChatLink
from chatbots.services import inbox_address_create
from expenses.models import Entry
from tests.conftest import membership_of
from tests.fuzz.conftest import KAKAO_TOKEN, TELEGRAM_SECRET, examples
from tests.fuzz.strategies import message_text

pytestmark = pytest.mark.django_db

ALICE_TG = 7_300_000_001
ALICE_KAKAO = "fuzz-alice-kakao-key"
NOW = int(time.time())
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=30),
)
any_json = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4),
    max_leaves=25,
)


def maybe(strategy):
    """Nine times in ten the field as documented, else anything at all in its place: most payloads get deep."""
    return st.one_of(*[strategy] * 9, any_json)


telegram_message = st.fixed_dictionaries(
    {
        "message_id": maybe(st.integers(min_value=1, max_value=2**31)),
        "date": maybe(st.one_of(st.integers(min_value=NOW - 3 * 86400, max_value=NOW + 60), st.integers())),
        "from": maybe(
            st.fixed_dictionaries(
                {
                    "id": maybe(st.sampled_from([ALICE_TG, ALICE_TG, 7_300_000_999])),
                    "is_bot": maybe(st.booleans()),
                    "first_name": maybe(st.text(max_size=20)),
                }
            )
        ),
        "chat": maybe(
            st.fixed_dictionaries(
                {
                    "id": maybe(st.sampled_from([ALICE_TG, ALICE_TG, -100_123_456_789])),
                    "type": maybe(st.sampled_from(["private", "group", "supergroup", "channel"])),
                }
            )
        ),
        "text": maybe(message_text),
    }
)
telegram_callback = st.fixed_dictionaries(
    {
        "id": maybe(st.text(min_size=1, max_size=30)),
        "from": maybe(st.fixed_dictionaries({"id": maybe(st.just(ALICE_TG))})),
        "message": maybe(
            st.fixed_dictionaries(
                {
                    "message_id": maybe(st.integers(min_value=1, max_value=2**31)),
                    "chat": maybe(st.fixed_dictionaries({"id": maybe(st.just(ALICE_TG)), "type": st.just("private")})),
                }
            )
        ),
        "data": maybe(
            st.one_of(
                st.from_regex(r"(undo|pick|back|cat|today|month)(:[0-9]{1,6})?(:[a-z_]{1,12})?", fullmatch=True),
                st.text(max_size=70),
            )
        ),
    }
)
telegram_updates = st.one_of(
    st.fixed_dictionaries({"update_id": maybe(st.integers(min_value=0, max_value=2**40)), "message": telegram_message}),
    st.fixed_dictionaries(
        {"update_id": maybe(st.integers(min_value=0, max_value=2**40)), "callback_query": telegram_callback}
    ),
    any_json,
)
raw_bodies = st.one_of(st.binary(max_size=300), st.text(max_size=300).map(lambda t: t.encode("utf-8", "surrogatepass")))

kakao_extra = st.one_of(
    st.fixed_dictionaries(
        {},
        optional={
            "a": maybe(st.sampled_from(["undo", "pick", "cat", "back", "today", "month", "x"])),
            "e": maybe(st.integers(min_value=-5, max_value=10**6)),
            "c": maybe(st.sampled_from(["food", "cafe", "other", "salary", "nope", "../x"])),
            "p": maybe(st.integers(min_value=-2, max_value=60)),
        },
    ),
    any_json,
)
kakao_requests = st.one_of(
    st.fixed_dictionaries(
        {
            "userRequest": maybe(
                st.fixed_dictionaries(
                    {
                        "utterance": maybe(message_text),
                        "user": maybe(
                            st.fixed_dictionaries({"id": maybe(st.sampled_from([ALICE_KAKAO, "stranger-key"]))})
                        ),
                    },
                    optional={
                        "callbackUrl": maybe(
                            st.sampled_from(["https://bot-api.kakao.com/cb/1", "http://evil.example/"])
                        )
                    },
                )
            ),
            "action": maybe(st.fixed_dictionaries({"clientExtra": kakao_extra})),
        }
    ),
    any_json,
)


@pytest.fixture
def alice_linked(household, alice):
    membership = membership_of(alice, household)
    ChatLink.objects.create(
        household=household,
        membership=membership,
        platform="telegram",
        telegram_chat_id=ALICE_TG,
        telegram_user_id=ALICE_TG,
    )
    ChatLink.objects.create(household=household, membership=membership, platform="kakao", kakao_user_key=ALICE_KAKAO)
    return alice


class _Errors(logging.Handler):
    """Every ERROR the app logs, including the ones a view logs while catching an exception."""

    def __init__(self):
        super().__init__(level=logging.ERROR)
        self.seen: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.seen.append(f"{record.name}: {record.getMessage()} {record.exc_text or ''}"[:2000])


@pytest.fixture
def logged_errors():
    handler = _Errors()
    logging.getLogger().addHandler(handler)
    yield handler.seen
    logging.getLogger().removeHandler(handler)


@examples("telegram")
@given(payload=st.one_of(telegram_updates.map(lambda p: json.dumps(p).encode()), raw_bodies))
def test_the_telegram_webhook_answers_200_to_anything_with_the_right_secret(
    client, chat_settings, telegram_calls, alice_linked, logged_errors, payload
):
    cache.clear()
    logged_errors.clear()
    if Entry.objects.count() > 50:  # "이번 달" answers sum the month: keep it small over thousands of examples
        Entry.objects.all().delete()
    response = client.post(
        "/hooks/telegram/",
        data=payload,
        content_type="application/json",
        HTTP_X_TELEGRAM_BOT_API_SECRET_TOKEN=TELEGRAM_SECRET,
    )
    assert response.status_code == 200, (payload, response.status_code)
    if response.content:
        body = json.loads(response.content)
        assert body["method"] in ("sendMessage", "editMessageText", "answerCallbackQuery"), body
        assert len(body.get("text", "")) <= 4096
    assert not logged_errors, (payload, logged_errors)


@examples("kakao")
@given(payload=st.one_of(kakao_requests.map(lambda p: json.dumps(p).encode()), raw_bodies))
def test_the_kakao_skill_answers_a_valid_response_or_a_4xx(
    client, chat_settings, telegram_calls, alice_linked, logged_errors, payload
):
    cache.clear()
    logged_errors.clear()
    if Entry.objects.count() > 50:  # "이번 달" answers sum the month: keep it small over thousands of examples
        Entry.objects.all().delete()
    response = client.post(
        "/hooks/kakao/", data=payload, content_type="application/json", HTTP_X_SKILL_TOKEN=KAKAO_TOKEN
    )
    assert response.status_code in (200, 400), (payload, response.status_code)
    if response.status_code == 200:
        assert kakao.problems(json.loads(response.content)) == [], (payload, response.content)
    assert not logged_errors, (payload, logged_errors)


card_texts = st.builds(
    lambda amount, merchant, month, day, cancel: (
        f"[Web발신]\n신한카드(3821)승인{'취소' if cancel else ''} 홍*동 {amount:,}원(일시불)"
        f"{month:02d}/{day:02d} 08:42 {merchant}"
    ),
    st.integers(min_value=-5, max_value=10**13),
    st.text(max_size=20),
    st.integers(min_value=0, max_value=13),
    st.integers(min_value=0, max_value=32),
    st.booleans(),
)
inbox_bodies = st.one_of(
    st.tuples(
        st.one_of(message_text, card_texts).map(lambda t: t.encode("utf-8", "surrogatepass")),
        st.just("text/plain; charset=utf-8"),
    ),
    st.tuples(
        st.one_of(any_json, st.fixed_dictionaries({"text": st.one_of(message_text, card_texts, any_json)})).map(
            lambda p: json.dumps(p).encode()
        ),
        st.just("application/json"),
    ),
    st.tuples(
        raw_bodies,
        st.sampled_from(
            [
                "text/plain",
                "application/json",
                "application/x-www-form-urlencoded",
                "text/plain; charset=euc-kr",
                "application/octet-stream",
                "",
            ]
        ),
    ),
)


@pytest.fixture
def alice_address(household, alice):
    return inbox_address_create(membership=membership_of(alice, household))[1]


@examples("inbox")
@given(body=inbox_bodies)
def test_the_forwarding_address_answers_json_and_never_a_5xx(client, alice_address, logged_errors, body):
    cache.clear()
    ChatCounter.objects.all().delete()  # the address's rate limit is counted in the database
    logged_errors.clear()
    if Entry.objects.count() > 50:
        Entry.objects.all().delete()
    payload, content_type = body
    response = client.generic("POST", f"/hooks/inbox/{alice_address}/", data=payload, content_type=content_type)
    assert response.status_code in (200, 400, 413, 415, 422), (payload, response.status_code)
    answer = json.loads(response.content)
    assert answer["ok"] is (response.status_code == 200) and answer["reply"], answer
    assert not logged_errors, (payload, logged_errors)
