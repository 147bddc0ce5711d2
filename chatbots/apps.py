"""Chatbots: Telegram and KakaoTalk in front of the same message door as the web."""

from django.apps import AppConfig


class ChatbotsConfig(AppConfig):
    name = "chatbots"
    verbose_name = "채팅 연결"

    def ready(self) -> None:
        from . import receivers  # noqa: F401  (connects the signal receivers)
