"""Telegram's size limits, for code that shapes a reply without calling the Bot API.

Kept apart from chatbots.telegram (the API client) so that the webhook, which answers in its HTTP
response, does not load an HTTP client library when the process starts.
"""

MAX_TEXT = 4096
MAX_CALLBACK_DATA_BYTES = 64


def fit_text(text: str, limit: int = MAX_TEXT) -> str:
    text = text.strip() or "…"
    return text if len(text) <= limit else text[: limit - 1] + "…"
