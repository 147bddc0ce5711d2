"""Messages as families type them into a shared ledger chat, with what each should record.

family_chat_messages.jsonl (the same line format as sample_messages.jsonl) holds ~2,800 short messages
written in batches across all 21 categories, incomes, several items per message, dates and chatter,
each batch written before it was read by the parser. Every line must give the same kind, amount,
date and category per item, and the same number of items, as `parse_expense` offline would.
"""

import json
from collections import Counter
from datetime import date
from pathlib import Path

from categorization.keywords import match_keywords
from expenses.parser import parse_message

LINES = [
    json.loads(line)
    for line in Path(__file__).with_name("family_chat_messages.jsonl").read_text("utf-8").splitlines()
    if line.strip()
]
CATEGORIES = json.loads((Path(__file__).resolve().parents[2] / "data" / "categories.json").read_text("utf-8"))
FALLBACK = {"expense": "other", "income": "other_income"}


def record(text: str, today: str) -> list[dict]:
    out = []
    for item in parse_message(text, date.fromisoformat(today)).items:
        match = match_keywords(item.memo, item.kind)
        out.append(
            {
                "kind": item.kind,
                "amount": item.amount_krw,
                "date": item.spent_on.isoformat(),
                "category": match.slug if match else FALLBACK[item.kind],
            }
        )
    return out


def test_every_family_chat_message_records_what_it_says():
    wrong = [(m["text"], m["items"], got) for m in LINES if (got := record(m["text"], m["today"])) != m["items"]]
    assert wrong == []


def test_the_corpus_covers_every_category_incomes_items_dates_and_chatter():
    categories = Counter(item["category"] for m in LINES for item in m["items"])
    assert set(categories) == {c["slug"] for c in CATEGORIES["categories"]}
    assert min(categories.values()) >= 20
    assert len(LINES) >= 2500
    assert sum(1 for m in LINES if len(m["items"]) > 1) >= 50
    assert sum(1 for m in LINES if not m["items"]) >= 30
    assert sum(1 for m in LINES if any(i["date"] != m["today"] for i in m["items"])) >= 100
