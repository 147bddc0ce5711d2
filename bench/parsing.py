"""Parser throughput, the share of a realistic message mix that reaches Claude, and Claude's cost per 1,000 messages.

Token counts are estimated from what `categorization.claude.classify` really sends (captured by the fake
Messages API): Hangul counts one token per character (Anthropic's own rule of thumb for Korean), every
other character one token per three characters (JSON and English run 3–4 characters per token, so this
errs high), and the JSON schema of the structured answer is counted as input too.
"""

import json
import math
import statistics
import time
from decimal import Decimal
from pathlib import Path

from .report import Figure, Report

SHARE_GOAL = 0.05
DATE_STEP_GOAL = 100_000  # phrases per CPU second through the date reader alone
COST_GOAL_USD = 0.05
SEED_DESIGN_USD = 2.40  # Sonnet, 50 tokens in and 150 out for every message
OVERHEAD_TOKENS = 8  # role markers and message framing per request


def corpus_lines(path: Path) -> list[str]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]


def estimate_tokens(text: str) -> int:
    hangul = sum(1 for ch in text if "\uac00" <= ch <= "\ud7a3" or "\u3130" <= ch <= "\u318f")
    return hangul + math.ceil((len(text) - hangul) / 3)


def request_tokens(body: dict) -> int:
    system = body.get("system") or ""
    if isinstance(system, list):
        system = " ".join(block.get("text", "") for block in system)
    content = []
    for message in body.get("messages", []):
        parts = message["content"] if isinstance(message["content"], list) else [{"text": message["content"]}]
        content += [part.get("text", "") for part in parts]
    extras = [json.dumps(body[key], ensure_ascii=False) for key in ("output_config", "tools") if key in body]
    return OVERHEAD_TOKENS + sum(estimate_tokens(text) for text in [system, *content, *extras])


def _price(model: str) -> tuple[Decimal, Decimal]:
    from django.conf import settings

    price_in, price_out = settings.CLAUDE_PRICES_USD_PER_MTOK[model]
    return Decimal(str(price_in)) / 1_000_000, Decimal(str(price_out)) / 1_000_000


def parser_throughput(messages: list[str], seconds: float) -> tuple[float, float]:
    """Messages per CPU second and per wall second, one thread."""
    from django.utils.timezone import localdate as today_in_seoul

    from expenses.parser import parse_message

    today = today_in_seoul()
    for text in messages:  # warm caches and compiled patterns
        parse_message(text, today)
    count, cpu, wall = 0, time.process_time(), time.perf_counter()
    while time.perf_counter() - wall < seconds:
        for text in messages:
            parse_message(text, today)
        count += len(messages)
    return count / (time.process_time() - cpu), count / (time.perf_counter() - wall)


def date_step_throughput(messages: list[str], seconds: float, find_dates=None) -> float:
    """Phrases per CPU second through the date step alone (`dates.find_dates` on cleaned text), one thread.

    `find_dates` may be another version of the reader, to compare two in one run.
    """
    from django.utils.timezone import localdate as today_in_seoul

    from expenses.parser import dates
    from expenses.parser.text import clean

    find = find_dates or dates.find_dates
    today = today_in_seoul()
    texts = [clean(text) for text in messages]
    for text in texts:  # warm caches and compiled patterns
        find(text, today)
    count, cpu, wall = 0, time.process_time(), time.perf_counter()
    while time.perf_counter() - wall < seconds:
        for text in texts:
            find(text, today)
        count += len(texts)
    return count / (time.process_time() - cpu)


def notification_messages() -> list[str]:
    """Card approvals and cancellations, check-card payments, bank notices and non-entries of every issuer."""
    from tests.parser.notice_corpus import all_cases

    return [case["text"] for case in all_cases()]


def claude_share(messages: list[str]) -> dict:
    """Items that neither a learned rule (none yet: a new household) nor a confident keyword rule settles."""
    from django.utils.timezone import localdate as today_in_seoul

    from categorization.keywords import CONFIDENT, match_keywords
    from expenses.parser import parse_message

    today = today_in_seoul()
    items, reaching, messages_reaching, unsure_memos, asking = 0, 0, 0, [], []
    for text in messages:
        parsed = parse_message(text, today)
        asks = 0
        for item in parsed.items:
            items += 1
            match = match_keywords(item.memo, item.kind)
            if item.memo.strip() and (match is None or match.confidence < CONFIDENT):
                asks += 1
                unsure_memos.append(item.memo)
        reaching += asks
        messages_reaching += bool(asks)
        if asks:
            asking.append(text)
    return {
        "messages": len(messages),
        "items": items,
        "items_reaching_claude": reaching,
        "messages_reaching_claude": messages_reaching,
        "share": reaching / items if items else 0.0,
        "memos_reaching_claude": unsure_memos,
        "asking_messages": asking,
    }


class _Answers:
    """Makes the fake answer every item with a real slug of its kind: the default model, no escalation."""

    def __init__(self):
        self.texts: list[str] = []

    def __call__(self, request: dict) -> dict:
        import re

        from tests.fakes import claude_api

        prompt = request["messages"][0]["content"]
        allowed = request["output_config"]["format"]["schema"]["properties"]["answers"]["items"]["properties"]
        slugs = [slug for slug in allowed["c"]["enum"] if slug != "unsure"]
        answers = []
        for line in prompt.splitlines():
            match = re.match(r"^(\d+)\t(\w+)\t", line)
            if match:
                fallback = "other_income" if match[2] == "income" else "other"
                answers.append({"i": int(match[1]), "c": fallback if fallback in slugs else slugs[0]})
        text = json.dumps({"answers": answers}, ensure_ascii=False, separators=(",", ":"))
        self.texts.append(text)
        return claude_api.message_body(text)


def claude_cost(messages: list[str], *, asking: list[str], baseline_every: int = 1) -> dict:
    """Records the messages through the one door in a household with Claude on; tasks run inline.

    Only `asking` (the messages with an item no rule settles, in corpus order) can make a call, so only
    they are recorded: the others cost nothing by construction. The every-item baseline may sample one
    message in `baseline_every`.
    """
    import os

    from django.conf import settings
    from django.test import override_settings

    from categorization import claude
    from expenses.entries.services import message_record
    from households.models import Household, Membership, User
    from households.services import household_create
    from tests.fakes import claude_api

    answers = _Answers()
    fake = claude_api.FakeClaude().start()
    original = claude_api.default_answer
    claude_api.default_answer = answers
    os.environ["ANTHROPIC_BASE_URL"] = fake.url
    try:
        with override_settings(ANTHROPIC_API_KEY="sk-ant-bench-fake", CLAUDE_TIMEOUT_SECONDS=5.0):
            user = User.objects.create_user(email="bench-cost@example.com", password=None, display_name="비용")
            household = household_create(owner=user, name="비용측정")
            Household.objects.filter(pk=household.pk).update(llm_enabled=True, llm_monthly_budget_usd=Decimal(1000))
            membership = Membership.objects.get(household=household, user=user)
            for text in asking:
                message_record(membership=membership, channel="web", text=text)
            rules_path, rules_answers = list(fake.requests), list(answers.texts)
            # Same-run baseline: every item to Claude, one call per message, no rules or cache in front.
            fake.requests.clear()
            answers.texts.clear()
            from django.utils.timezone import localdate as today_in_seoul

            from expenses.parser import parse_message

            menu = _menu(household.pk)
            api = claude.client()  # one client for the whole loop: its setup is not what is measured here
            sampled = messages[::baseline_every]
            for n, text in enumerate(sampled):
                items = [
                    claude.Item(ref=n * 100 + i, memo=item.memo, kind=item.kind)
                    for i, item in enumerate(parse_message(text, today_in_seoul()).items)
                ]
                if items:
                    claude.classify(items, menu, model=settings.CLAUDE_MODEL, api=api)
            everything = list(fake.requests)
            everything_answers = list(answers.texts)
    finally:
        claude_api.default_answer = original
        fake.stop()
        os.environ.pop("ANTHROPIC_BASE_URL", None)
    return {
        "rules_path": _cost(rules_path, answers_texts=rules_answers, messages=len(messages)),
        "every_item": _cost(everything, answers_texts=everything_answers, messages=len(sampled)),
    }


def _menu(household_id: int) -> dict:
    from categorization.llm import category_menu

    return category_menu(household_id)


def _cost(requests: list[dict], *, answers_texts: list[str], messages: int) -> dict:
    total = Decimal(0)
    tokens_in, tokens_out, models = [], [], {}
    for n, body in enumerate(requests):
        model = body["model"]
        models[model] = models.get(model, 0) + 1
        t_in = request_tokens(body)
        # What a model answers: {"answers":[{"i":…,"c":"…"}]}, one object per item sent.
        t_out = estimate_tokens(answers_texts[n]) if n < len(answers_texts) else 0
        price_in, price_out = _price(model)
        total += price_in * t_in + price_out * t_out
        tokens_in.append(t_in)
        tokens_out.append(t_out)
    return {
        "calls": len(requests),
        "models": models,
        "input_tokens_median": statistics.median(tokens_in) if tokens_in else 0,
        "output_tokens_median": statistics.median(tokens_out) if tokens_out else 0,
        "usd_total": float(total),
        "usd_per_1000_messages": float(total) / messages * 1000 if messages else 0.0,
    }


def measure(
    report: Report,
    *,
    messages: list[str],
    corpus: Path,
    seconds: float,
    door_rps: float | None,
    baseline_every: int = 1,
) -> None:
    source = corpus.name if corpus.exists() else "sample_messages.jsonl (corpus missing)"
    per_cpu, per_wall = parser_throughput(messages, seconds)
    report.add(
        Figure(
            key="parser_messages_per_second",
            figure="parser messages/s on one core",
            value=f"{per_cpu:,.0f} msg/s ({1e6 / per_cpu:,.0f} µs each)",
            goal="≥ 20× the web door's req/s",
            baseline=f"web door {door_rps:,.0f} req/s" if door_rps else "web door not measured",
            ok=per_cpu >= 20 * door_rps if door_rps else None,
            number=per_cpu,
            details={"per_wall_second": per_wall, "corpus": source, "messages": len(messages)},
        )
    )
    date_rate = date_step_throughput(messages, seconds)
    report.add(
        Figure(
            key="date_step_phrases_per_second",
            figure="date step phrases/s on one core",
            value=f"{date_rate:,.0f} phrases/s ({1e6 / date_rate:,.1f} µs each)",
            goal=f"≥ {DATE_STEP_GOAL:,} phrases/s",
            baseline=f"whole parser {per_cpu:,.0f} msg/s",
            ok=date_rate >= DATE_STEP_GOAL,
            number=date_rate,
            details={"corpus": source, "phrases": len(messages)},
        )
    )
    notices = notification_messages()
    notice_cpu, notice_wall = parser_throughput(notices, seconds)
    report.add(
        Figure(
            key="notification_parser_messages_per_second",
            figure="notification parser messages/s on one core",
            value=f"{notice_cpu:,.0f} msg/s ({1e6 / notice_cpu:,.0f} µs each)",
            goal="≥ 20× the web door's req/s",
            baseline=f"plain-message parser {per_cpu:,.0f} msg/s",
            ok=notice_cpu >= 20 * door_rps if door_rps else None,
            number=notice_cpu,
            details={
                "per_wall_second": notice_wall,
                "corpus": "tests/parser/notice_corpus.py",
                "messages": len(notices),
            },
        )
    )
    share = claude_share(messages)
    report.add(
        Figure(
            key="claude_share",
            figure=f"share of {source} items reaching Claude",
            value=f"{share['share'] * 100:.1f} % ({share['items_reaching_claude']} of {share['items']} items)",
            goal=f"≤ {SHARE_GOAL * 100:g} %",
            baseline=f"seed design 100 % ({share['messages']} messages)",
            ok=share["share"] <= SHARE_GOAL,
            number=share["share"],
            details=share,
        )
    )
    cost = claude_cost(messages, asking=share.pop("asking_messages"), baseline_every=baseline_every)
    rules, every = cost["rules_path"], cost["every_item"]
    report.add(
        Figure(
            key="claude_usd_per_1000_messages",
            figure="Claude USD per 1,000 messages (default model)",
            value=(
                f"${rules['usd_per_1000_messages']:.4f} ({rules['calls']} calls, "
                f"~{rules['input_tokens_median']:g} in / {rules['output_tokens_median']:g} out tokens)"
            ),
            goal=f"≤ ${COST_GOAL_USD:.2f}",
            baseline=f"seed design ${SEED_DESIGN_USD:.2f}; every item to Claude ${every['usd_per_1000_messages']:.4f}",
            ok=rules["usd_per_1000_messages"] <= COST_GOAL_USD,
            number=rules["usd_per_1000_messages"],
            details=cost,
        )
    )
