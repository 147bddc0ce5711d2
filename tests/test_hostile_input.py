"""The red team's cases, one named test each: hostile characters get a Korean 400 before any view runs,
no answer fails after its write was committed, and signed-in answers are never kept by a cache.

Each of these was a 500 on PostgreSQL (a NUL cannot be stored or compared in text there), some of them
after the write had committed, so the person retried and recorded it twice.
"""

import json

import pytest
from django.utils import timezone

from expenses.models import Entry, Message
from tests.conftest import membership_of
from tests.factories import EntryFactory

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "month-body"}
REFUSAL = "쓸 수 없는 문자"
MONTH = timezone.localdate().strftime("%Y-%m")


@pytest.fixture
def lunch(household, alice):
    return EntryFactory(paid_by=membership_of(alice, household), memo="점심", amount_krw=8000)


def _refused(response) -> None:
    assert response.status_code == 400, response.status_code
    assert REFUSAL in response.content.decode()


@pytest.mark.parametrize(
    "url",
    [
        f"/month/{MONTH}/?category=%00",
        f"/stats/{MONTH}/?category=%00",
        "/admin/expenses/entry/?kind=%00",
        "/admin/expenses/message/?channel__exact=%00",
        "/admin/autocomplete/?term=%00&app_label=expenses&model_name=entry&field_name=category",
        f"/month/{MONTH}/?category=%ED%A0%80",  # a lone surrogate, UTF-8 encoded
        f"/month/{MONTH}/?category=%FF%FE",  # not UTF-8 at all
        f"/month/{MONTH}/?%00=food",  # in a parameter's name
        "/search/?q=%00",
    ],
    ids=[
        "month",
        "stats",
        "admin-entry-filter",
        "admin-message-filter",
        "admin-autocomplete",
        "surrogate",
        "not-utf8",
        "name",
        "search",
    ],
)
def test_a_nul_or_broken_character_in_a_query_is_a_korean_400(client_for, alice, url):
    _refused(client_for(alice).get(url))


def test_an_htmx_delete_with_a_nul_filter_deletes_nothing(client_for, alice, lunch):
    response = client_for(alice).post(f"/entries/{lunch.pk}/delete/", {"category": "\x00", "month": MONTH}, **HTMX)
    _refused(response)
    assert Entry.objects.filter(pk=lunch.pk).exists()


def test_an_htmx_message_with_a_nul_filter_saves_nothing_so_a_retry_is_not_a_double(client_for, alice):
    response = client_for(alice).post(
        "/entries/message/", {"text": "점심 김밥 5000원", "category": "\x00", "month": MONTH}, **HTMX
    )
    _refused(response)
    assert not Message.objects.exists() and not Entry.objects.exists()


def test_a_nul_in_the_typed_text_itself_is_refused_before_it_is_saved(client_for, alice):
    _refused(client_for(alice).post("/entries/message/", {"text": "점심\x00 5000원"}))
    assert not Message.objects.exists()


def test_a_multipart_field_with_a_nul_is_refused(client_for, alice):
    _refused(client_for(alice).post("/entries/message/", {"text": "점심 5000원", "month\x00": "x"}))
    _refused(client_for(alice).post("/entries/message/", {"text": "점심\x00 5000원"}, format="multipart"))
    assert not Message.objects.exists()


def test_a_json_body_with_an_escaped_nul_or_surrogate_is_refused(client_for, alice):
    for body in ('{"text": "a\\u0000b"}', '{"text": "a\\ud800b"}', b'{"text": "\xff"}'):
        _refused(client_for(alice).post("/entries/message/", body, content_type="application/json"))


def test_a_form_body_that_is_not_utf8_is_refused(client_for, alice):
    response = client_for(alice).post(
        "/entries/message/", b"text=%ED%A0%80", content_type="application/x-www-form-urlencoded"
    )
    _refused(response)


def test_a_filter_naming_another_households_member_is_refused_before_the_write(client_for, alice, lunch, charlie):
    stranger = membership_of(charlie, charlie.memberships.get().household)
    response = client_for(alice).post(f"/entries/{lunch.pk}/delete/", {"f_member": stranger.pk}, **HTMX)
    assert response.status_code == 404
    assert Entry.objects.filter(pk=lunch.pk).exists()  # refused before, not after, the delete


def test_a_filter_that_is_not_a_number_is_refused_before_the_message_is_saved(client_for, alice):
    response = client_for(alice).post("/entries/message/", {"text": "점심 5000원", "f_member": "abc"}, **HTMX)
    assert response.status_code == 404
    assert not Message.objects.exists()


def test_the_webhooks_keep_their_own_answers_to_broken_bodies(client, settings):
    settings.TELEGRAM_WEBHOOK_SECRET = "tg-secret"
    settings.KAKAO_SKILL_TOKEN = "kakao-token"
    for body in (b"\xff\xfe", b'{"update_id": 1, "message": {"text": "\\u0000"}}', b'{"x": "\\ud800"}'):
        response = client.post(
            "/hooks/telegram/", body, content_type="application/json", HTTP_X_TELEGRAM_BOT_API_SECRET_TOKEN="tg-secret"
        )
        assert response.status_code == 200  # Telegram resends every non-2xx for a day
    response = client.post(
        "/hooks/kakao/", b"\xff\xfe", content_type="application/json", HTTP_X_SKILL_TOKEN="kakao-token"
    )
    assert response.status_code == 400 and "JSON" in json.loads(response.content)["error"]


def test_ordinary_korean_emoji_and_symbols_pass_the_guard(client_for, alice):
    response = client_for(alice).post("/entries/message/", {"text": "점심 🍙 김밥 ₩5,000 — 'ok' \"yes\" <b>"})
    assert response.status_code == 302
    assert Entry.objects.get().amount_krw == 5000


# ------------------------------------------------------------------------------------ privacy


@pytest.mark.parametrize(
    "url",
    [
        f"/month/{MONTH}/",
        f"/stats/{MONTH}/",
        "/household/",
        "/export/",
        f"/export/entries.csv?month={MONTH}",
        "/export/household.json",
        "/search/?q=점심",
        "/budgets/",
        "/recurring/",
        "/chats/",
        "/admin/",
        "/accounts/password_change/",
    ],
)
def test_signed_in_answers_are_private_and_never_stored(client_for, alice, url):
    response = client_for(alice).get(url)
    assert response.status_code == 200, (url, response.status_code)
    assert response["Cache-Control"] == "private, no-store"


def test_htmx_fragments_and_write_answers_are_private_too(client_for, alice, lunch):
    client = client_for(alice)
    assert client.get(f"/month/{MONTH}/", **HTMX)["Cache-Control"] == "private, no-store"
    answer = client.post("/entries/message/", {"text": "커피 4500", "month": MONTH}, **HTMX)
    assert answer["Cache-Control"] == "private, no-store"
    assert client.get(f"/entries/{lunch.pk}/edit/", **HTMX)["Cache-Control"] == "private, no-store"


def test_an_error_page_for_a_signed_in_person_is_private(client_for, alice):
    assert client_for(alice).get("/entries/999999/edit/")["Cache-Control"] == "private, no-store"


def test_the_answer_of_a_database_that_is_away_stays_a_503_for_a_signed_in_person(client_for, alice, monkeypatch):
    """The privacy header must not look the user up again after the view found the database away."""
    from django.contrib.auth import middleware
    from django.db import OperationalError

    client = client_for(alice)

    def away(request):
        raise OperationalError("the database restarts")

    monkeypatch.setattr(middleware, "get_user", away)
    response = client.get(f"/month/{MONTH}/")
    assert response.status_code == 503 and response["Cache-Control"] == "private, no-store"
