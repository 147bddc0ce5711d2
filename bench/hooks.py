"""Webhook → reply latency under 20 concurrent senders, against the webhook floor view at the same concurrency.

Both channels answer in the HTTP response (Telegram: one Bot API method in the webhook body; Kakao: the
skill response), so the reply latency is the webhook's response time. Each sender rotates over ten
linked chats of its household, so that the per-chat limit of 30 messages a minute (which answers a
flood cheaply) does not shape the figure; Telegram update ids are all distinct (no dedupe shortcut).
The floor and both webhooks are measured in alternating rounds.
Replies that wait for Claude go through a worker instead; the benchmark households have Claude off,
so every reply here is the inline one a member sees at once.
"""

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from . import load
from .load import Request
from .report import Figure, Report, ms, ratio
from .web import cpu_figure

SENDERS = 20
CHATS_PER_SENDER = 30  # 30 × 30 messages a minute per sender: far above what a sender sends here
GOAL_RATIO = 3.0
KAKAO_LIMIT_MS = 5000
TELEGRAM_SECRET = "bench-telegram-secret"  # noqa: S105 - a benchmark-only value
KAKAO_TOKEN = "bench-kakao-skill-token"  # noqa: S105 - a benchmark-only value
TELEGRAM_USER_BASE = 7_100_000_000


def settings_env(fake_telegram_url: str) -> dict[str, str]:
    """What the benchmark's gunicorn needs for both webhooks; outgoing Bot API calls go to a local fake."""
    return {
        "TELEGRAM_BOT_TOKEN": "123456:BENCH-TOKEN",
        "TELEGRAM_WEBHOOK_SECRET": TELEGRAM_SECRET,
        "TELEGRAM_API_BASE": fake_telegram_url,
        "KAKAO_SKILL_TOKEN": KAKAO_TOKEN,
    }


class FakeTelegram:
    """Answers every Bot API call with ok; counts and keeps them (replies a worker sends, edits, callbacks).

    `sent` holds (method, JSON body) in arrival order; each sent message gets a new message id.
    """

    def __init__(self):
        self.calls = 0
        self.sent: list[tuple[str, dict]] = []
        self._lock = threading.Lock()
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def do_POST(self):
                raw = self.rfile.read(int(self.headers.get("content-length", 0)))
                try:
                    body = json.loads(raw or b"{}")
                except ValueError:
                    body = {"raw": raw.decode(errors="replace")}
                with fake._lock:
                    fake.calls += 1
                    fake.sent.append((self.path.rsplit("/", 1)[-1], body))
                    message_id = 1000 + fake.calls
                chat = {"id": body.get("chat_id", 1) if isinstance(body, dict) else 1, "type": "private"}
                result = {"message_id": message_id, "date": int(time.time()), "chat": chat, "text": "."}
                data = json.dumps({"ok": True, "result": result}).encode()
                self.send_response(200)
                self.send_header("content-type", "application/json")
                self.send_header("content-length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def bodies(self, method: str) -> list[dict]:
        with self._lock:
            return [body for name, body in self.sent if name == method]


def link_chats(owner_user_ids: list[int]) -> list[dict]:
    """CHATS_PER_SENDER Telegram chats and as many Kakao users linked to the owner of each sender's household."""
    from chatbots.models import ChatLink
    from households.models import Membership

    senders, links = [], []
    for n, user_id in enumerate(owner_user_ids[:SENDERS]):
        membership = Membership.objects.get(user_id=user_id, role="owner")
        telegram_ids = [TELEGRAM_USER_BASE + n * 100 + k for k in range(CHATS_PER_SENDER)]
        kakao_keys = [f"benchkakao{n:02d}x{k:02d}" for k in range(CHATS_PER_SENDER)]
        for uid in telegram_ids:
            links.append(
                ChatLink(
                    household_id=membership.household_id,
                    membership=membership,
                    platform="telegram",
                    telegram_chat_id=uid,
                    telegram_user_id=uid,
                    title="벤치",
                )
            )
        for key in kakao_keys:
            links.append(
                ChatLink(
                    household_id=membership.household_id, membership=membership, platform="kakao", kakao_user_key=key
                )
            )
        senders.append({"membership_id": membership.pk, "telegram": telegram_ids, "kakao": kakao_keys})
    ChatLink.objects.bulk_create(links)
    return senders


def _telegram_requests(sender: dict, messages: list[str], count: int, first_update: int) -> list[Request]:
    headers = (
        ("Content-Type", "application/json"),
        ("X-Forwarded-Proto", "https"),
        ("X-Telegram-Bot-Api-Secret-Token", TELEGRAM_SECRET),
    )
    requests = []
    now = int(time.time())
    for i in range(count):
        uid = sender["telegram"][i % len(sender["telegram"])]
        update = {
            "update_id": first_update + i,
            "message": {
                "message_id": 1000 + i,
                "date": now,
                "from": {"id": uid, "is_bot": False, "first_name": "벤치", "language_code": "ko"},
                "chat": {"id": uid, "type": "private", "first_name": "벤치"},
                "text": messages[i % len(messages)],
            },
        }
        requests.append(Request("POST", "/hooks/telegram/", json.dumps(update, ensure_ascii=False).encode(), headers))
    return requests


def _kakao_requests(sender: dict, messages: list[str], count: int, start: int = 0) -> list[Request]:
    headers = (("Content-Type", "application/json"), ("X-Forwarded-Proto", "https"), ("X-Skill-Token", KAKAO_TOKEN))
    requests = []
    for i in range(start, start + count):
        key = sender["kakao"][i % len(sender["kakao"])]
        payload = {
            "bot": {"id": "5ae9b76d7409b11ec845b746", "name": "우리집가계부"},
            "intent": {"id": "5d300e788192ac000132b8a4", "name": "폴백 블록"},
            "action": {"id": "a", "name": "가계부 기록", "params": {}, "detailParams": {}, "clientExtra": {}},
            "userRequest": {
                "utterance": messages[i % len(messages)],
                "lang": "ko",
                "timezone": "Asia/Seoul",
                "params": {"surface": "Kakaotalk.plusfriend"},
                "block": {"id": "5d300e788192ac000132b8a4", "name": "폴백 블록"},
                "user": {"id": key, "type": "botUserKey", "properties": {"isFriend": True}},
            },
            "contexts": [],
        }
        requests.append(Request("POST", "/hooks/kakao/", json.dumps(payload, ensure_ascii=False).encode(), headers))
    return requests


def _floor_requests(sender: dict, messages: list[str], count: int, secret_key: str) -> list[Request]:
    headers = (("Content-Type", "application/json"), ("X-Forwarded-Proto", "https"), ("X-Bench-Key", secret_key[:16]))
    path = f"/bench/floor/hook/{sender['membership_id']}/"
    return [
        Request("POST", path, json.dumps({"text": messages[i % len(messages)]}, ensure_ascii=False).encode(), headers)
        for i in range(count)
    ]


def _check(port: int, request: Request, *, expect_in_body: bytes) -> None:
    import http.client

    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.request(request.method, request.path, body=request.body, headers=dict(request.headers))
    response = conn.getresponse()
    body = response.read()
    conn.close()
    if response.status != 200 or expect_in_body not in body:
        raise RuntimeError(f"{request.path} answered {response.status}: {body[:400]!r}")


def measure(
    report: Report,
    *,
    port: int,
    senders: list[dict],
    messages: list[str],
    seconds: float,
    warmup: float,
    secret_key: str,
    rounds: int = 1,
    server_pid: int | None = None,
) -> dict:
    # Enough distinct requests that no sender runs out (and repeats an update id) within a round.
    count = int(60 * (seconds + warmup + 2))
    _check(port, _floor_requests(senders[0], messages, 1, secret_key)[0], expect_in_body=b"{}")
    _check(port, _telegram_requests(senders[0], ["점심 김밥 5000원"], 1, 999)[0], expect_in_body=b"sendMessage")
    _check(port, _kakao_requests(senders[0], ["점심 김밥 5000원"], 1)[0], expect_in_body=b'"version"')
    runs: dict[str, list[load.LoadResult]] = {"floor": [], "telegram": [], "kakao": []}
    for r in range(rounds):
        per_client = {
            "floor": [_floor_requests(s, messages, count, secret_key) for s in senders],
            "telegram": [
                _telegram_requests(s, messages, count, 10**9 + r * 10**8 + n * 10**6) for n, s in enumerate(senders)
            ],
            "kakao": [_kakao_requests(s, messages, count, start=r * count) for s in senders],
        }
        for name, requests in per_client.items():
            runs[name].append(
                load.run(port=port, per_client=requests, seconds=seconds, warmup=warmup, server_pid=server_pid)
            )
    results = {}
    for name, done in runs.items():
        results[name] = load.LoadResult(clients=done[0].clients, duration=sum(d.duration for d in done))
        for d in done:
            results[name].samples.extend(d.samples)
        if all(d.server_cpu is not None for d in done):
            results[name].server_cpu = sum(d.server_cpu for d in done)
    floor_p95 = results["floor"].percentile(95)
    details = {name: result.summary() for name, result in results.items()}
    for name, label in (("telegram", "Telegram webhook"), ("kakao", "Kakao skill")):
        result = results[name]
        p95 = result.percentile(95)
        value = p95 / floor_p95
        report.add(
            Figure(
                key=f"{name}_reply_p95_ratio",
                figure=f"{label} → reply p95 at {len(senders)} senders ÷ floor p95",
                value=f"{ratio(value)} (p50 {ms(result.percentile(50))}, p95 {ms(p95)}, {result.rps:,.0f} req/s)",
                goal=f"≤ {GOAL_RATIO:g}×",
                baseline=f"webhook floor p95 {ms(floor_p95)}",
                ok=value <= GOAL_RATIO and result.errors == 0,
                number=value,
                details=details[name],
            )
        )
        if result.errors:
            report.note(f"{label}: answers {result.statuses}")
    cpu_figure(
        report,
        "hook_cpu_ms_per_request",
        f"server CPU-ms per webhook request ({len(senders)} senders; the database not included)",
        {"webhook floor": results["floor"], "Telegram": results["telegram"], "Kakao": results["kakao"]},
        "webhook floor",
    )
    kakao_p95 = results["kakao"].percentile(95)
    report.add(
        Figure(
            key="kakao_reply_p95_ms",
            figure=f"Kakao skill reply p95 at {len(senders)} senders against Kakao's limit",
            value=ms(kakao_p95),
            goal=f"< {KAKAO_LIMIT_MS:,} ms (aim < 1,000 ms)",
            baseline=f"webhook floor p95 {ms(floor_p95)}",
            ok=kakao_p95 < KAKAO_LIMIT_MS,
            number=kakao_p95,
        )
    )
    return details
