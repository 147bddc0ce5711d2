"""Everyday typed messages of every category's `covers`: one item each, of the right kind and category.

everyday_messages.jsonl holds a few hundred short messages as members type them (one spending or income
each), written from what categories.json says each category covers. A word inside a compound (환급형,
수익률, 판매점, 배당주, 무이자, 보너스팩) never turns an expense into income.
"""

import json
from datetime import date
from pathlib import Path

import pytest

from categorization.keywords import match_keywords
from expenses.parser import parse_message

MESSAGES = [
    json.loads(line)
    for line in Path(__file__).with_name("everyday_messages.jsonl").read_text("utf-8").splitlines()
    if line.strip()
]
CATEGORIES = json.loads((Path(__file__).resolve().parents[2] / "data" / "categories.json").read_text("utf-8"))
TODAY = date(2026, 11, 26)


def read(text: str) -> list[tuple[str, str]]:
    out = []
    for item in parse_message(text, TODAY).items:
        match = match_keywords(item.memo, item.kind)
        out.append((item.kind, match.slug if match else {"expense": "other", "income": "other_income"}[item.kind]))
    return out


@pytest.mark.parametrize("message", MESSAGES, ids=[m["text"] for m in MESSAGES])
def test_everyday_message(message):
    assert read(message["text"]) == [(message["kind"], message["category"])]


def test_every_category_has_everyday_messages():
    slugs = {c["slug"] for c in CATEGORIES["categories"]}
    assert {m["category"] for m in MESSAGES} == slugs
    assert len(MESSAGES) >= 600


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("환급형 보험료 8만", "finance"),
        ("수익률 좋은 펀드 가입 100만", "finance"),
        ("판매점 로또 5000", "other"),
        ("당첨 안된 로또 5000", "other"),
        ("무이자 냉장고 120만", "living"),
        ("보너스팩 과자 3000", "cafe"),
        ("환불 불가 티켓 50000", "culture"),
        ("만기 연장 수수료 5000", "finance"),
        ("적립금 사용 쇼핑 20000", "shopping"),
        ("월급날 회식 8만", "food"),
        ("이자카야 4만", "food"),
    ],
)
def test_an_income_word_inside_a_compound_keeps_an_expense_an_expense(text, category):
    assert read(text) == [("expense", category)]


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("환급금 32만", "other_income"),
        ("적금 만기 300만", "financial_income"),
        ("주식 배당금 45000", "financial_income"),
        ("당근 판매 3만", "side_income"),
        ("친구가 밥값 보내줌 15000", "other_income"),
        ("예금 이자 12000", "financial_income"),
    ],
)
def test_income_words_standing_alone_still_mean_income(text, category):
    assert read(text) == [("income", category)]


def test_money_we_sent_stays_an_expense():
    assert read("내가 친구한테 밥값 보내줌 15000") == [("expense", "food")]
