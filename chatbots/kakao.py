"""Kakao i OpenBuilder skill responses (v2.0), built so that they cannot break the platform's limits.

Content that is too long (text, labels) is shortened to fit; a structural mistake (a fourth output,
an eleventh quick reply, an empty response) raises, because that is a bug in our code, not in what
the user typed. `problems()` checks any finished response against the same limits.
"""

from typing import Any
from urllib.parse import urlsplit

VERSION = "2.0"
MAX_OUTPUTS = 3
MAX_QUICK_REPLIES = 10
MAX_SIMPLE_TEXT = 1000
MAX_LABEL = 14
MAX_CARD_TITLE = 50
MAX_CARD_DESCRIPTION = 400
MAX_CARD_BUTTONS = 3


class SkillLimitError(ValueError):
    """A response that Kakao would reject (or restrict the bot for)."""


def fit(text: str, limit: int) -> str:
    text = " ".join(text.split()) if "\n" not in text else text.strip()
    text = text or "…"
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _message_action(label: str, message_text: str | None, extra: dict | None) -> dict[str, Any]:
    action: dict[str, Any] = {
        "label": fit(label, MAX_LABEL),
        "action": "message",
        "messageText": fit(message_text or label, MAX_SIMPLE_TEXT),
    }
    if extra:
        action["extra"] = extra
    return action


class SkillResponse:
    def __init__(self) -> None:
        self._outputs: list[dict[str, Any]] = []
        self._quick_replies: list[dict[str, Any]] = []

    @property
    def quick_replies_left(self) -> int:
        return MAX_QUICK_REPLIES - len(self._quick_replies)

    @property
    def outputs_left(self) -> int:
        return MAX_OUTPUTS - len(self._outputs)

    def _add_output(self, output: dict[str, Any]) -> "SkillResponse":
        if not self.outputs_left:
            raise SkillLimitError(f"a skill response holds at most {MAX_OUTPUTS} outputs")
        self._outputs.append(output)
        return self

    def text(self, text: str) -> "SkillResponse":
        return self._add_output({"simpleText": {"text": fit(text, MAX_SIMPLE_TEXT)}})

    def text_card(
        self, *, title: str, description: str, buttons: list[tuple[str, str]] | tuple = ()
    ) -> "SkillResponse":
        """A textCard; buttons are (label, text to send) pairs."""
        if len(buttons) > MAX_CARD_BUTTONS:
            raise SkillLimitError(f"a textCard holds at most {MAX_CARD_BUTTONS} buttons")
        card: dict[str, Any] = {
            "title": fit(title, MAX_CARD_TITLE),
            "description": fit(description, MAX_CARD_DESCRIPTION),
        }
        if buttons:
            card["buttons"] = [_message_action(label, text, None) for label, text in buttons]
        return self._add_output({"textCard": card})

    def quick_reply(self, label: str, *, message_text: str | None = None, extra: dict | None = None) -> "SkillResponse":
        if not self.quick_replies_left:
            raise SkillLimitError(f"a skill response holds at most {MAX_QUICK_REPLIES} quick replies")
        self._quick_replies.append(_message_action(label, message_text, extra))
        return self

    def build(self) -> dict[str, Any]:
        if not self._outputs:
            raise SkillLimitError("a skill response needs at least one output")
        template: dict[str, Any] = {"outputs": list(self._outputs)}
        if self._quick_replies:
            template["quickReplies"] = list(self._quick_replies)
        return {"version": VERSION, "template": template}


def callback_ack(text: str) -> dict[str, Any]:
    """The immediate answer when the real one will be POSTed to the request's callbackUrl."""
    return {"version": VERSION, "useCallback": True, "data": {"text": fit(text, MAX_SIMPLE_TEXT)}}


def callback_url_allowed(url: str) -> bool:
    """Only Kakao's own hosts get our POST: the URL comes from the request body (SSRF guard)."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    host = (parts.hostname or "").lower()
    return parts.scheme == "https" and (host == "kakao.com" or host.endswith(".kakao.com")) and not parts.username


def _label_problems(action: Any, where: str) -> list[str]:
    if not isinstance(action, dict):
        return [f"{where} is not an object"]
    label = action.get("label")
    problems = []
    if not isinstance(label, str) or not 1 <= len(label) <= MAX_LABEL:
        problems.append(f"{where} label must be 1–{MAX_LABEL} characters")
    if action.get("action") == "message" and not action.get("messageText"):
        problems.append(f"{where} needs messageText")
    return problems


def problems(response: Any) -> list[str]:
    """Everything in a finished response that breaks Kakao's skill limits (empty when valid)."""
    if not isinstance(response, dict) or response.get("version") != VERSION:
        return ["version must be 2.0"]
    if response.get("useCallback") is True:
        data = response.get("data") or {}
        text = data.get("text", "") if isinstance(data, dict) else ""
        return [] if isinstance(text, str) and len(text) <= MAX_SIMPLE_TEXT else ["callback data.text too long"]
    template = response.get("template")
    if not isinstance(template, dict):
        return ["template missing"]
    found: list[str] = []
    outputs = template.get("outputs")
    if not isinstance(outputs, list) or not 1 <= len(outputs) <= MAX_OUTPUTS:
        found.append(f"outputs must hold 1–{MAX_OUTPUTS} items")
        outputs = outputs if isinstance(outputs, list) else []
    for i, output in enumerate(outputs):
        if isinstance(output, dict) and "simpleText" in output:
            text = output["simpleText"].get("text") if isinstance(output["simpleText"], dict) else None
            if not isinstance(text, str) or not 1 <= len(text) <= MAX_SIMPLE_TEXT:
                found.append(f"outputs[{i}].simpleText.text must be 1–{MAX_SIMPLE_TEXT} characters")
        elif isinstance(output, dict) and "textCard" in output:
            card = output["textCard"] if isinstance(output["textCard"], dict) else {}
            if len(card.get("title", "")) > MAX_CARD_TITLE:
                found.append(f"outputs[{i}].textCard.title too long")
            if len(card.get("description", "")) > MAX_CARD_DESCRIPTION:
                found.append(f"outputs[{i}].textCard.description too long")
            buttons = card.get("buttons", [])
            if len(buttons) > MAX_CARD_BUTTONS:
                found.append(f"outputs[{i}].textCard has too many buttons")
            for j, button in enumerate(buttons):
                found += _label_problems(button, f"outputs[{i}].textCard.buttons[{j}]")
        else:
            found.append(f"outputs[{i}] is not a simpleText or textCard")
    quick_replies = template.get("quickReplies", [])
    if not isinstance(quick_replies, list) or len(quick_replies) > MAX_QUICK_REPLIES:
        found.append(f"quickReplies must hold at most {MAX_QUICK_REPLIES} items")
    else:
        for i, quick_reply in enumerate(quick_replies):
            found += _label_problems(quick_reply, f"quickReplies[{i}]")
    return found
