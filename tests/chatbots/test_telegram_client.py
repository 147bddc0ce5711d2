"""The small Telegram client: methods, limits, 429 retry_after, errors, and the webhook command."""

import httpx2 as httpx
import pytest
from django.core.management import CommandError, call_command

from chatbots import telegram
from chatbots.telegram import TelegramClient, TelegramError, TelegramRetryAfter, TelegramUnavailable


def client_for(fake):
    return TelegramClient(token="123:ABC", http_transport=httpx.MockTransport(fake.handle))


def test_send_message_posts_json_and_returns_the_message_id(fake_telegram):
    with client_for(fake_telegram) as client:
        sent = client.send_message(chat_id=-1002233445566, text="가" * 5000, reply_to_message_id=7)

    method, payload = fake_telegram.calls[0]
    assert method == "sendMessage" and sent.message_id == 900 and sent.chat_id == -1002233445566
    assert len(payload["text"]) == 4096
    assert payload["reply_parameters"] == {"message_id": 7, "allow_sending_without_reply": True}


def test_a_short_retry_after_is_waited_out_once(fake_telegram, monkeypatch):
    waits = []
    monkeypatch.setattr(telegram.time, "sleep", waits.append)
    fake_telegram.too_many_requests(retry_after=1)

    with client_for(fake_telegram) as client:
        client.answer_callback_query(callback_query_id="q", text="ok")

    assert waits == [1.0] and len(fake_telegram.calls) == 2


def test_a_long_retry_after_is_raised_for_the_task_to_reschedule(fake_telegram):
    fake_telegram.too_many_requests(retry_after=30)

    with client_for(fake_telegram) as client, pytest.raises(TelegramRetryAfter) as raised:
        client.send_message(chat_id=1, text="hi")

    assert raised.value.retry_after == 30 and len(fake_telegram.calls) == 1


def test_errors_are_typed(fake_telegram):
    fake_telegram.scripted += [
        httpx.Response(502, text="bad gateway"),
        httpx.Response(403, json={"ok": False, "error_code": 403, "description": "Forbidden: bot was blocked"}),
        httpx.Response(
            400, json={"ok": False, "error_code": 400, "description": "Bad Request: message is not modified"}
        ),
    ]
    with client_for(fake_telegram) as client:
        with pytest.raises(TelegramUnavailable):
            client.send_message(chat_id=1, text="a")
        with pytest.raises(TelegramError, match="blocked"):
            client.send_message(chat_id=1, text="a")
        client.edit_message_text(chat_id=1, message_id=2, text="same")  # "not modified" is fine


def test_network_trouble_is_unavailable():
    def refuse(request):
        raise httpx.ConnectError("refused", request=request)

    client = TelegramClient(token="1:A", http_transport=httpx.MockTransport(refuse))
    with pytest.raises(TelegramUnavailable):
        client.send_message(chat_id=1, text="a")


def test_no_token_no_client():
    with pytest.raises(TelegramError):
        TelegramClient(token="")


def test_set_telegram_webhook_registers_secret_and_update_kinds(fake_telegram, settings, capsys):
    call_command("set_telegram_webhook", "https://homenrich.fly.dev/hooks/telegram/", "--max-connections", "20")

    method, payload = fake_telegram.calls[0]
    assert method == "setWebhook"
    assert payload == {
        "url": "https://homenrich.fly.dev/hooks/telegram/",
        "secret_token": settings.TELEGRAM_WEBHOOK_SECRET,
        "allowed_updates": ["message", "edited_message", "callback_query", "my_chat_member"],
        "max_connections": 20,
        "drop_pending_updates": False,
    }
    assert "webhook set" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("url", "secret"),
    [
        ("http://homenrich.fly.dev/hooks/telegram/", "ok"),
        ("https://homenrich.fly.dev/other/", "ok"),
        ("https://homenrich.fly.dev/hooks/telegram/", "has space"),
        ("https://homenrich.fly.dev/hooks/telegram/", ""),
        (None, "ok"),
    ],
)
def test_set_telegram_webhook_checks_its_input(fake_telegram, settings, url, secret):
    settings.TELEGRAM_WEBHOOK_SECRET = secret

    with pytest.raises(CommandError):
        call_command("set_telegram_webhook", *([url] if url else []))
    assert fake_telegram.calls == []


def test_set_telegram_webhook_reports_a_refusal(fake_telegram):
    fake_telegram.scripted.append(
        httpx.Response(400, json={"ok": False, "error_code": 400, "description": "Bad Request: bad webhook"})
    )
    with pytest.raises(CommandError, match="bad webhook"):
        call_command("set_telegram_webhook", "https://homenrich.fly.dev/hooks/telegram/")


def test_set_telegram_webhook_info_and_delete(fake_telegram, capsys):
    call_command("set_telegram_webhook", "--delete")
    call_command("set_telegram_webhook", "--info")

    assert [m for m, _ in fake_telegram.calls] == ["deleteWebhook", "getWebhookInfo"]
