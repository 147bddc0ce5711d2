"""`manage.py parse_expense --jsonl`: the shell contract from the product brief."""

import io
import json
import logging
import sys
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.core.management import call_command

from categorization.services import rule_learn

SAMPLES = Path(__file__).parent / "parser" / "sample_messages.jsonl"
CARD_SAMPLES = Path(__file__).parent / "parser" / "card_messages_sample.jsonl"

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
        assert set(item) == {"kind", "amount", "date", "category", "memo", "source", "confidence", "cancel", "payment"}
        assert isinstance(item["amount"], int)
        assert item["source"] in {"learned", "rules", "cache", "llm", "user", "fallback"}
        assert item["cancel"] is False
        assert item["payment"] is None


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


def test_every_card_sample_line_is_read_right_offline():
    samples = [json.loads(line) for line in CARD_SAMPLES.read_text(encoding="utf-8").splitlines() if line.strip()]
    outputs = run([json.dumps({"text": s["text"], "today": s["today"]}, ensure_ascii=False) for s in samples])
    assert len(outputs) == len(samples)
    for sample, output in zip(samples, outputs, strict=True):
        got = []
        for item in output["items"]:
            row = {k: item[k] for k in ("kind", "amount", "date", "category", "cancel")}
            if "issuer" in (sample["items"] or [{}])[0]:
                row["issuer"] = item["payment"]["issuer"]
                row["installments"] = item["payment"]["installments"]
            got.append(row)
        assert got == sample["items"], sample["text"]


def test_a_notification_item_carries_its_payment():
    text = "[Web발신]\n우리(2207) 체크승인취소\n한*수님\n8,700원\n11/24 10:03\n온누리약국"
    (output,) = run([json.dumps({"text": text, "today": "2026-11-26"}, ensure_ascii=False)])
    (item,) = output["items"]
    assert item["cancel"] is True
    assert item["payment"] == {"method": "check", "issuer": "우리카드", "last4": "2207", "installments": 1}
    assert (item["kind"], item["amount"], item["date"], item["category"]) == ("expense", 8700, "2026-11-24", "health")
    assert item["memo"] == "온누리약국"


def test_a_notice_that_records_nothing_gives_no_items():
    lines = [
        json.dumps({"text": "[NH카드] 3월 결제예정금액은 842,000원입니다", "today": "2026-03-20"}, ensure_ascii=False),
        json.dumps({"text": "[Web발신]\n현대카드 M 해외승인\n박*민\n05/06 02:11\nUSD 15.49\nNETFLIX.COM"}),
    ]
    assert run(lines) == [{"items": []}, {"items": []}]


def run_on_real_stdout(lines: list[str]) -> None:
    """The command writing to sys.stdout itself, as it does from the shell."""
    real_stdin, sys.stdin = sys.stdin, io.StringIO("\n".join(lines) + "\n")
    try:
        call_command("parse_expense", "--jsonl")
    finally:
        sys.stdin = real_stdin


@contextmanager
def logging_to_stdout():
    """What the settings' console handler is: a StreamHandler on the root logger writing to sys.stdout.

    Entered inside the test, once capsys has replaced sys.stdout, so that what it writes is what the test reads.
    """
    handler = logging.StreamHandler(sys.stdout)
    handler.setFormatter(logging.Formatter("%(levelname)s %(name)s %(message)s"))
    root = logging.getLogger()
    levels = {name: logging.getLogger(name).level for name in ("", "httpx2", "httpx")}
    root.addHandler(handler)
    for name in levels:
        logging.getLogger(name).setLevel(logging.INFO)
    try:
        yield handler
    finally:
        root.removeHandler(handler)
        for name, level in levels.items():
            logging.getLogger(name).setLevel(level)


def test_logs_emitted_during_a_run_go_to_stderr(capsys, monkeypatch):
    from expenses.management.commands import parse_expense

    real_parse = parse_expense.parse_message

    def noisy_parse(text, today):
        logging.getLogger("some.library").warning("a log line in the middle of a run")
        return real_parse(text, today)

    monkeypatch.setattr(parse_expense, "parse_message", noisy_parse)
    with logging_to_stdout() as handler:
        run_on_real_stdout(
            ['{"text": "점심 8천", "today": "2026-11-26"}', '{"text": "택시 12300", "today": "2026-11-26"}']
        )
        assert handler.stream is sys.stdout  # put back once the run is over
    out, err = capsys.readouterr()
    assert [json.loads(line)["items"][0]["amount"] for line in out.splitlines()] == [8000, 12300]
    assert err.count("a log line in the middle of a run") == 2


def test_the_claude_clients_http_log_goes_to_stderr(capsys, fake_claude):
    with logging_to_stdout():
        run_on_real_stdout(['{"text": "뭉뭉 12000원", "today": "2026-11-26"}'])
    out, err = capsys.readouterr()
    (line,) = out.splitlines()
    assert json.loads(line)["items"][0]["category"] == "pets"
    assert fake_claude.calls == 1
    assert "HTTP Request" in err
