"""The realistic message mix: it parses, it is no copy of the samples, and rules cover most of it."""

import json
from datetime import date
from pathlib import Path

from categorization.keywords import CONFIDENT, match_keywords
from expenses.parser import parse_message

ROOT = Path(__file__).resolve().parents[2]
MESSAGES = [
    line.strip()
    for line in (ROOT / "bench" / "corpus" / "realistic_mix.txt").read_text("utf-8").splitlines()
    if line.strip()
]
TODAY = date(2026, 11, 26)


def test_the_mix_is_a_few_hundred_fresh_messages():
    samples = {json.loads(line)["text"] for line in (Path(__file__).with_name("sample_messages.jsonl")).open()}
    assert len(MESSAGES) >= 350
    assert not samples & set(MESSAGES)
    assert len(set(MESSAGES)) == len(MESSAGES)


def test_most_messages_are_entries_and_some_are_chatter_or_questions():
    results = [parse_message(m, TODAY) for m in MESSAGES]
    with_items = sum(1 for r in results if r.items)
    assert with_items / len(results) > 0.85
    assert any(r.is_question for r in results)
    assert any(r.refused for r in results)
    assert any(not r.items and not r.refused and not r.is_question for r in results)


def test_built_in_rules_settle_at_least_95_percent_of_items():
    items = [item for m in MESSAGES for item in parse_message(m, TODAY).items]
    unsure = [i.memo for i in items if (m := match_keywords(i.memo, i.kind)) is None or m.confidence < CONFIDENT]
    assert len(unsure) / len(items) <= 0.05, unsure
