"""Linked chats (Telegram, Kakao) arrive with the chatbot work."""
