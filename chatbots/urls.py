"""Webhooks for Telegram and Kakao, the forwarding address, and the member's chat linking page."""

from django.urls import path

from . import views

urlpatterns = [
    path("hooks/telegram/", views.telegram_webhook, name="telegram_webhook"),
    path("hooks/kakao/", views.kakao_skill, name="kakao_skill"),
    path("hooks/inbox/<str:token>/", views.inbox, name="inbox"),
    path("chats/", views.chat_links, name="chat_links"),
    path("chats/inbox/<int:pk>/revoke/", views.inbox_address_revoke, name="inbox_address_revoke"),
    path("chats/<int:pk>/remove/", views.chat_link_remove, name="chat_link_remove"),
]
