"""The parity suite reuses the chat fixtures (fake Telegram API, payload builders, linked personas)."""

from tests.chatbots.conftest import _chat_settings, fake_kakao_callback, fake_telegram  # noqa: F401
