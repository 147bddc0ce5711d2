"""A fake Anthropic Messages API on loopback: point ANTHROPIC_BASE_URL at it.

By default it answers every item with a category picked from a small word list (or "unsure"), with
realistic token usage. Tests script failures with `fake.script(Reply(...), ...)`: each request takes
the next scripted reply, then falls back to the default answer. Every request body is recorded.
"""

import json
import re
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

WORDS = {
    "cafe": ("커피", "라떼", "케이크", "빙수"),
    "food": ("밥", "국수", "마라탕", "떡볶이", "순대"),
    "culture": ("전시", "공연", "뮤지컬"),
    "kids": ("장난감",),
    "side_income": ("중고",),
    "pets": ("뭉뭉",),  # a made-up word no keyword rule knows
}


@dataclass
class Reply:
    status: int = 200
    body: dict | str | None = None  # None: the default answer; str: sent as is (malformed)
    headers: dict = field(default_factory=dict)
    delay: float = 0.0
    drop: bool = False  # close the connection without answering


def default_answer(request: dict) -> dict:
    prompt = request["messages"][0]["content"]
    schema = request["output_config"]["format"]["schema"]
    allowed = set(schema["properties"]["answers"]["items"]["properties"]["c"]["enum"])
    answers = []
    for line in prompt.splitlines():
        match = re.match(r"^(\d+)\t(\w+)\t(.*)$", line)
        if not match:
            continue
        ref, _kind, memo = int(match[1]), match[2], json.loads(match[3])
        slug = next((s for s, words in WORDS.items() if s in allowed and any(w in memo for w in words)), "unsure")
        answers.append({"i": ref, "c": slug})
    return message_body(json.dumps({"answers": answers}, ensure_ascii=False), input_tokens=len(prompt) // 2 + 90)


def message_body(
    text: str, *, input_tokens: int = 120, output_tokens: int | None = None, stop_reason: str = "end_turn"
) -> dict:
    return {
        "id": "msg_fake",
        "type": "message",
        "role": "assistant",
        "model": "claude-haiku-5-5",
        "content": [{"type": "text", "text": text}],
        "stop_reason": stop_reason,
        "stop_sequence": None,
        "usage": {
            "input_tokens": input_tokens,
            "output_tokens": output_tokens or max(8, len(text) // 3),
            "cache_creation_input_tokens": 0,
            "cache_read_input_tokens": 0,
        },
    }


def error_body(kind: str, message: str) -> dict:
    return {"type": "error", "error": {"type": kind, "message": message}}


class FakeClaude:
    def __init__(self):
        self.requests: list[dict] = []
        self.headers: list[dict] = []
        self.batches: dict[str, dict] = {}
        self.batch_results: dict[str, list[dict]] = {}
        self.batch_requests: list[dict] = []
        self._script: deque[Reply] = deque()
        self._lock = threading.Lock()
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def _send_json(self, payload, status=200, content_type="application/json"):
                data = payload if isinstance(payload, bytes) else json.dumps(payload, ensure_ascii=False).encode()
                self.send_response(status)
                self.send_header("content-type", content_type)
                self.send_header("content-length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self):
                match = re.match(r"^/v1/messages/batches/([\w-]+)(/results)?$", self.path.split("?")[0])
                if not match or match[1] not in fake.batches:
                    return self._send_json(error_body("not_found_error", "no such batch"), status=404)
                if match[2]:
                    lines = "\n".join(json.dumps(r, ensure_ascii=False) for r in fake.batch_results[match[1]])
                    return self._send_json(lines.encode(), content_type="application/binary")
                return self._send_json(fake.batches[match[1]])

            def do_POST(self):
                length = int(self.headers.get("content-length", 0))
                body = json.loads(self.rfile.read(length) or b"{}")
                if self.path.startswith("/v1/messages/batches"):
                    return self._send_json(fake.create_batch(body))
                with fake._lock:
                    fake.requests.append(body)
                    fake.headers.append(dict(self.headers))
                    reply = fake._script.popleft() if fake._script else Reply()
                if reply.delay:
                    time.sleep(reply.delay)
                if reply.drop:
                    self.close_connection = True
                    self.connection.shutdown(2)
                    return
                payload = reply.body if reply.body is not None else default_answer(body)
                data = (payload if isinstance(payload, str) else json.dumps(payload, ensure_ascii=False)).encode()
                try:
                    self.send_response(reply.status)
                    self.send_header("content-type", "application/json")
                    self.send_header("content-length", str(len(data)))
                    for name, value in reply.headers.items():
                        self.send_header(name, value)
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def create_batch(self, body: dict) -> dict:
        batch_id = f"msgbatch_fake{len(self.batches) + 1}"
        with self._lock:
            self.batch_requests.append(body)
        results = [
            {"custom_id": r["custom_id"], "result": {"type": "succeeded", "message": default_answer(r["params"])}}
            for r in body["requests"]
        ]
        self.batch_results[batch_id] = results
        self.batches[batch_id] = {
            "id": batch_id,
            "type": "message_batch",
            "processing_status": "in_progress",
            "request_counts": {"processing": len(results), "succeeded": 0, "errored": 0, "canceled": 0, "expired": 0},
            "created_at": "2026-11-26T00:00:00Z",
            "expires_at": "2026-11-27T00:00:00Z",
            "ended_at": None,
            "archived_at": None,
            "cancel_initiated_at": None,
            "results_url": f"{self.url}/v1/messages/batches/{batch_id}/results",
        }
        return self.batches[batch_id]

    def end_batches(self) -> None:
        for batch in self.batches.values():
            batch.update(processing_status="ended", ended_at="2026-11-26T01:00:00Z")

    def start(self) -> "FakeClaude":
        self._thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def script(self, *replies: Reply) -> None:
        with self._lock:
            self._script.extend(replies)

    @property
    def calls(self) -> int:
        return len(self.requests)


@pytest.fixture
def fake_claude(settings, monkeypatch):
    """A running fake API; Claude is configured for the app (key set, base URL pointed at the fake)."""
    fake = FakeClaude().start()
    monkeypatch.setenv("ANTHROPIC_BASE_URL", fake.url)
    settings.ANTHROPIC_API_KEY = "sk-ant-test-fake"
    settings.CLAUDE_TIMEOUT_SECONDS = 1.0
    yield fake
    fake.stop()
