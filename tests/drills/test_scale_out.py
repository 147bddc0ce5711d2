"""Scale-out drill: the topology of fly.toml's process groups, on loopback.

Two web servers (gunicorn, as the `web` group's machines), two Celery workers (the `worker` group) and —
by mistake — two beats, against one PostgreSQL (the suite's database) and one Redis (a throw-away
server). Telegram delivers every update to both web servers (a resend after a timeout lands on the
other machine), members post from the web page to either server, and both beats send the recurring
job at start while it is also queued twice more. Afterwards:

- no duplicate entry: one entry per update and per web post, exactly the occurrences a recurring
  rule owes, none twice;
- no duplicate notice: no (chat, text) sent twice through the fake Bot API, each update answered once
  (inline in one delivery's response, or by a worker after Claude);
- every message categorised: nothing left pending, the Claude-only words settled by the (fake) Claude.

The figures (duration, messages, entries, duplicates) are printed and written to
tests/artifacts/scale_out_drill.json.
"""

import datetime as dt
import json
import random
import re
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from django.utils import timezone

from bench import procs
from bench.hooks import FakeTelegram
from chatbots.models import ChatLink
from expenses.models import Budget, CategoryState, Entry, Message, RecurringRule
from households.models import Category
from tests.drills.conftest import (
    database_url,
    dump_logs,
    login_cookies,
    post_form,
    post_json,
    send_task,
    wait_for,
)
from tests.factories import HouseholdFactory, MembershipFactory, UserFactory
from tests.fakes.claude_api import FakeClaude

pytestmark = [pytest.mark.postgres, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

SECRET = "drill-scale-out-secret"
TG_BASE = 7_500_000_000
HOUSEHOLDS = 3
MEMBERS = 5  # per household
UPDATES_PER_MEMBER = 6  # each delivered to both web servers
WEB_POSTS_PER_MEMBER = 3
RECURRING_MONTHS = 3
ARTIFACT = Path(__file__).resolve().parent.parent / "artifacts" / "scale_out_drill.json"


def _update(update_id: int, user_id: int, text: str) -> bytes:
    message = {
        "message_id": update_id % 1_000_000,
        "date": int(time.time()),
        "from": {"id": user_id, "is_bot": False, "first_name": "구성원", "language_code": "ko"},
        "chat": {"id": user_id, "type": "private", "first_name": "구성원"},
        "text": text,
    }
    return json.dumps({"update_id": update_id, "message": message}, ensure_ascii=False).encode()


def _won(amount: int) -> str:
    return f"{amount:,}원"


class Family:
    """Households with members, each with a linked Telegram chat and a web session."""

    def __init__(self):
        self.members = []  # (membership, telegram user id, cookies)
        self.households = []
        for h in range(HOUSEHOLDS):
            household = HouseholdFactory(name=f"훈련{h}", llm_enabled=True, llm_enabled_at=timezone.now())
            self.households.append(household)
            for m in range(MEMBERS):
                user = UserFactory(display_name=f"구성원{h}{m}")
                membership = MembershipFactory(household=household, user=user, role="owner" if m == 0 else "member")
                tg = TG_BASE + h * 100 + m
                ChatLink.objects.create(
                    household=household,
                    membership=membership,
                    platform="telegram",
                    telegram_chat_id=tg,
                    telegram_user_id=tg,
                )
                self.members.append((membership, tg, login_cookies(user)))


def _start_stack(env: dict[str, str], scratch: Path, started: list[procs.Proc]) -> tuple[list[int], float]:
    """Two web servers, two workers and two beats, all started at once; seconds until both webs answer."""
    began = time.monotonic()
    ports = [procs.free_port(), procs.free_port()]
    webs = [
        procs.gunicorn(env=env, port=port, app="homenrich.wsgi:application", workers=1, threads=4, name=f"web{n}")
        for n, port in enumerate(ports)
    ]
    started.extend(webs)
    for n in range(2):
        started.append(procs.celery_worker(env=env, pool="threads", concurrency=2, name=f"worker{n}"))
    for n in range(2):  # the mistake: a second beat (e.g. two machines of a group that should have one)
        args = [procs.PYTHON, "-m", "celery", "-A", "homenrich.beat", "beat", "--loglevel", "INFO"]
        beat_env = {**env, "LOG_LEVEL": "INFO"}  # its catch-up lines say what it sent
        started.append(procs.Proc(f"beat{n}", [*args, "--schedule", str(scratch / f"beat-{n}")], beat_env))
    for web, port in zip(webs, ports, strict=True):
        procs.wait_http(port, timeout=90, proc=web)
    return ports, time.monotonic() - began


def test_two_webs_two_workers_and_a_second_beat_record_each_message_once(throwaway_redis, stopped_later, tmp_path):
    family = Family()
    today = timezone.localdate()
    first, second = family.households[:2]
    food = Category.objects.get(household=first, slug="food")
    # A budget the drill's lunches cross (80 % and 100 %): each of its chats must hear each alert once.
    Budget.objects.create(household=first, category=food, amount_krw=60_000)
    rule_start = (today.replace(day=1) - dt.timedelta(days=40)).replace(day=1)
    rule = RecurringRule.objects.create(
        household=second,
        kind="expense",
        amount_krw=55_000,
        category=Category.objects.filter(household=second, kind="expense").order_by("position").first(),
        memo="통신비",
        day_of_month=1,
        starts_on=rule_start,
        paid_by=family.members[MEMBERS][0],
        created_by=family.members[MEMBERS][0],
        next_occurrence_on=rule_start,
    )

    telegram, claude = FakeTelegram(), FakeClaude().start()
    scratch = tmp_path  # the beats' schedule files
    env = procs.app_env(
        database_url=database_url(),
        redis_url=throwaway_redis.url,
        TELEGRAM_BOT_TOKEN="123456:DRILL",
        TELEGRAM_WEBHOOK_SECRET=SECRET,
        TELEGRAM_API_BASE=telegram.url,
        ANTHROPIC_API_KEY="sk-ant-drill-fake",
        ANTHROPIC_BASE_URL=claude.url,
        LOG_LEVEL="WARNING",
    )
    try:
        ports, start_seconds = _start_stack(env, scratch, stopped_later)
        began = time.monotonic()

        # What members send: unique amounts, so every line can be traced to its entry and its reply.
        rng = random.Random(18)
        updates, posts = [], []
        amount = 10_000
        for n, (_, tg, cookies) in enumerate(family.members):
            for k in range(UPDATES_PER_MEMBER):
                amount += 10
                # One in four or so needs Claude (a word no rule knows): its reply goes through a worker.
                text = f"뭉뭉 {amount}원" if k % 4 == 3 else f"점심 김밥 {amount}원"
                updates.append((3_000_000 + n * 100 + k, tg, text, amount))
            for _ in range(WEB_POSTS_PER_MEMBER):
                amount += 10
                posts.append((cookies, f"커피 {amount}원", amount))
        rng.shuffle(updates)
        headers = {"X-Telegram-Bot-Api-Secret-Token": SECRET, "X-Forwarded-Proto": "https"}
        answers: dict[int, list[tuple[int, bytes]]] = {u[0]: [] for u in updates}
        web_statuses: list[int] = []
        lock = threading.Lock()

        def deliver_twice(i: int, update) -> None:
            update_id, tg, text, _ = update
            body = _update(update_id, tg, text)
            order = ports if i % 2 == 0 else ports[::-1]  # alternately first to one web, then the other
            if i % 3 == 0:  # the resend races the first delivery
                with ThreadPoolExecutor(2) as both:
                    got = list(both.map(lambda p: post_json(p, "/hooks/telegram/", body, headers, timeout=30), order))
            else:
                got = [post_json(p, "/hooks/telegram/", body, headers, timeout=30) for p in order]
            with lock:
                answers[update_id].extend(got)

        def post_web(i: int, post) -> None:
            cookies, text, _ = post
            status, _ = post_form(ports[i % 2], "/entries/message/", {"text": text}, cookies, timeout=30)
            with lock:
                web_statuses.append(status)

        with ThreadPoolExecutor(8) as pool:
            jobs = [pool.submit(deliver_twice, i, u) for i, u in enumerate(updates)]
            jobs += [pool.submit(post_web, i, p) for i, p in enumerate(posts)]
            # The recurring job, twice more while the beats' catch-ups are running: four runs in all.
            for _ in range(2):
                send_task(throwaway_redis.url, "expenses.tasks.create_recurring_entries", [])
            for job in jobs:
                job.result(timeout=90)
        traffic_seconds = time.monotonic() - began

        statuses = Counter(status for got in answers.values() for status, _ in got)
        assert statuses == {200: 2 * len(updates)}, dump_logs(*stopped_later)
        assert Counter(web_statuses) == {302: len(posts)}, dump_logs(*stopped_later)

        drill_entries = Entry.objects.filter(household__in=family.households, recurring_rule__isnull=True)
        wait_for(
            lambda: (
                drill_entries.count() >= len(updates) + len(posts)
                and not drill_entries.filter(category_state=CategoryState.PENDING).exists()
                and Entry.objects.filter(recurring_rule=rule).count() >= RECURRING_MONTHS
            ),
            timeout=60,
            what="every entry written and categorised, and the recurring occurrences",
        )
        # Give stragglers (a second run of a task, a late reply) the chance to make a duplicate.
        time.sleep(2.0)
        wait_for(lambda: throwaway_redis_queue_empty(throwaway_redis.url), timeout=30, what="the queue drained")
        settle_seconds = time.monotonic() - began

        # No duplicate entry: one per update, one per web post, one per recurring occurrence.
        by_amount = Counter(drill_entries.values_list("amount_krw", flat=True))
        expected = [u[3] for u in updates] + [p[2] for p in posts]
        assert sorted(by_amount) == sorted(expected)
        entry_duplicates = sum(n - 1 for n in by_amount.values())
        assert entry_duplicates == 0, by_amount.most_common(3)
        beats = [p for p in stopped_later if p.name.startswith("beat")]
        sent_by = [p.name for p in beats if "sent create-recurring-entries" in p.log_tail(20_000)]
        assert sent_by == ["beat0", "beat1"], dump_logs(*beats)  # both beats did send the job
        occurrences = list(Entry.objects.filter(recurring_rule=rule).values_list("occurrence_on", flat=True))
        assert len(occurrences) == RECURRING_MONTHS == len(set(occurrences)), occurrences

        # Every message categorised: nothing pending, the Claude-only word placed by Claude.
        assert not drill_entries.exclude(category_state=CategoryState.SETTLED).exists()
        assert set(drill_entries.filter(memo="뭉뭉").values_list("category__slug", flat=True)) == {"pets"}
        assert set(drill_entries.filter(memo="점심 김밥").values_list("category__slug", flat=True)) == {"food"}
        recorded = Message.objects.filter(household__in=family.households, outcome="recorded")
        assert recorded.count() == len(updates) + len(posts)

        # Each update answered exactly once: inline in one of its two responses, or by a worker.
        inline = []
        for got in answers.values():
            bodies = [json.loads(body) for _, body in got if body.strip() not in (b"", b"{}")]
            inline += [b for b in bodies if b.get("method") == "sendMessage"]
        sent = telegram.bodies("sendMessage")
        replies = Counter()
        for update_id, tg, _, amount in updates:
            for body in [*inline, *sent]:
                if body.get("chat_id") == tg and _won(amount) in body.get("text", ""):
                    replies[update_id] += 1
        assert all(replies[u[0]] == 1 for u in updates), [u for u in updates if replies[u[0]] != 1][:5]

        # No duplicate notice: nothing said twice to one chat; the budget alerts did go out.
        said = Counter((b.get("chat_id"), b.get("text")) for b in sent)
        notice_duplicates = sum(n - 1 for n in said.values())
        assert notice_duplicates == 0, [k for k, n in said.items() if n > 1][:3]
        first_chats = {tg for m, tg, _ in family.members if m.household_id == first.pk}
        alerts = [b for b in sent if re.search("예산", b.get("text", ""))]
        assert {b["chat_id"] for b in alerts} == first_chats, alerts[:3]

        figures = {
            "web_servers": 2,
            "workers": 2,
            "beats": 2,
            "start_seconds": round(start_seconds, 1),
            "traffic_seconds": round(traffic_seconds, 1),
            "settled_seconds": round(settle_seconds, 1),
            "telegram_updates": len(updates),
            "telegram_deliveries": 2 * len(updates),
            "web_posts": len(posts),
            "members": len(family.members),
            "entries": len(expected),
            "recurring_occurrences": len(occurrences),
            "recurring_job_runs": 4,
            "bot_api_calls": telegram.calls,
            "budget_alerts_sent": len(alerts),
            "claude_requests": claude.calls,
            "duplicate_entries": entry_duplicates,
            "duplicate_notices": notice_duplicates,
            "pending_left": 0,
        }
        ARTIFACT.parent.mkdir(parents=True, exist_ok=True)
        ARTIFACT.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
        print("\nscale-out drill:", json.dumps(figures))
    finally:
        telegram.stop()
        claude.stop()


def throwaway_redis_queue_empty(redis_url: str) -> bool:
    import redis

    client = redis.Redis.from_url(redis_url)
    try:
        return client.llen("celery") == 0
    finally:
        client.close()
