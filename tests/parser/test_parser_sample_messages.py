"""Every line of sample_messages.jsonl: the items (kind, amount, date) and each item's category."""

import json
from datetime import date
from pathlib import Path

import pytest

from categorization.keywords import CONFIDENT, match_keywords
from expenses.parser import parse_message

SAMPLES = [
    json.loads(line)
    for line in (Path(__file__).with_name("sample_messages.jsonl")).read_text("utf-8").splitlines()
    if line.strip()
]


@pytest.mark.parametrize("sample", SAMPLES, ids=[s["text"] for s in SAMPLES])
def test_sample_message(sample):
    result = parse_message(sample["text"], date.fromisoformat(sample["today"]))
    got = [(i.kind, i.amount_krw, i.spent_on.isoformat()) for i in result.items]
    assert got == [(e["kind"], e["amount"], e["date"]) for e in sample["items"]]
    for item, expected in zip(result.items, sample["items"], strict=True):
        match = match_keywords(item.memo, item.kind)
        assert match is not None, item.memo
        assert match.slug == expected["category"]
        assert match.confidence >= CONFIDENT
