"""`manage.py parse_expense --jsonl`: the shell contract from the product brief."""

import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command

from categorization.services import rule_learn

SAMPLES = Path(__file__).parent / "parser" / "sample_messages.jsonl"

pytestmark = pytest.mark.django_db


def run(lines: list[str], *args) -> list[dict]:
    stdin, stdout = io.StringIO("\n".join(lines) + "\n"), io.StringIO()
    import sys

    real_stdin, sys.stdin = sys.stdin, stdin
    try:
        call_command("parse_expense", "--jsonl", *args, stdout=stdout)
    finally:
        sys.stdin = real_stdin
    return [json.loads(line) for line in stdout.getvalue().splitlines()]


def test_every_sample_line_is_read_right_offline():
    samples = [json.loads(line) for line in SAMPLES.read_text(encoding="utf-8").splitlines() if line.strip()]
    outputs = run([json.dumps({"text": s["text"], "today": s["today"]}, ensure_ascii=False) for s in samples])
    assert len(outputs) == len(samples)
    for sample, output in zip(samples, outputs, strict=True):
        got = [{k: item[k] for k in ("kind", "amount", "date", "category")} for item in output["items"]]
        assert got == sample["items"], sample["text"]


def test_each_item_has_the_contract_fields():
    (output,) = run(['{"text": "점심 8천, 커피 4500", "today": "2026-11-26"}'])
    assert len(output["items"]) == 2
    for item in output["items"]:
        assert set(item) == {"kind", "amount", "date", "category", "memo", "source", "confidence"}
        assert isinstance(item["amount"], int)
        assert item["source"] in {"learned", "rules", "cache", "llm", "user", "fallback"}


def test_a_bad_line_gives_an_error_and_the_run_goes_on():
    outputs = run(
        [
            "{not json",
            '{"text": 5}',
            '{"text": "택시 12300", "today": "2026-13-01"}',
            '{"text": "택시 12300", "today": "2026-11-26"}',
        ]
    )
    assert [bool(o.get("error")) for o in outputs] == [True, True, True, False]
    assert all(o["items"] == [] for o in outputs[:3])
    assert outputs[3]["items"][0]["amount"] == 12300


def test_today_defaults_to_today_in_seoul():
    from django.utils import timezone

    (output,) = run(['{"text": "택시 12300"}'])
    assert output["items"][0]["date"] == timezone.localdate().isoformat()


def test_household_option_applies_learned_rules(household):
    rule_learn(household_id=household.pk, memo="쀍뷁 모임", category=household.categories.get(slug="events"))
    (without,) = run(['{"text": "쀍뷁 모임 3만원", "today": "2026-11-26"}'])
    (with_rules,) = run(['{"text": "쀍뷁 모임 3만원", "today": "2026-11-26"}'], "--household", str(household.pk))
    assert without["items"][0]["category"] == "other" and without["items"][0]["source"] == "fallback"
    assert with_rules["items"][0]["category"] == "events" and with_rules["items"][0]["source"] == "learned"


def test_with_a_claude_key_undecided_items_are_asked(fake_claude):
    (output,) = run(['{"text": "뭉뭉 12000원", "today": "2026-11-26"}'])
    item = output["items"][0]
    assert (item["category"], item["source"]) == ("pets", "llm")
    assert fake_claude.calls == 1


def test_without_a_key_nothing_is_asked(fake_claude, settings):
    settings.ANTHROPIC_API_KEY = ""
    (output,) = run(['{"text": "뭉뭉 12000원", "today": "2026-11-26"}'])
    assert output["items"][0]["source"] == "fallback"
    assert fake_claude.calls == 0
