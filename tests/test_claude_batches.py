"""Backfills through the Message Batches API: submitted once, applied when ended, half price."""

from decimal import Decimal

import pytest

from categorization import claude
from categorization.models import LLMBatch, LLMCall
from expenses.entries.categorizing import entries_backfill_collect, entries_backfill_submit
from expenses.models import Entry
from tests.conftest import membership_of
from tests.factories import EntryFactory

pytestmark = pytest.mark.django_db


def _fallback(alice, household, memo):
    return EntryFactory(
        paid_by=membership_of(alice, household),
        memo=memo,
        category=household.categories.get(slug="other"),
        category_source="fallback",
        category_confidence=0.0,
    )


def test_a_backfill_batch_is_applied_once_it_ends(fake_claude, household, alice, settings):
    household.llm_enabled = True
    household.save()
    memos = ["딸기 케이크", "뭉뭉", "쀍뷁"] + [f"떡볶이 {n}" for n in range(20)]
    entries = [_fallback(alice, household, memo) for memo in memos]
    corrected = entries[1]
    batch = entries_backfill_submit(household=household)
    assert len(fake_claude.batch_requests[0]["requests"]) == 2  # 23 items, 20 per request
    assert sum(map(len, batch.requests.values())) == 23

    assert entries_backfill_collect() == 0  # still in progress: nothing changes
    assert Entry.objects.get(pk=entries[0].pk).category.slug == "other"

    Entry.objects.filter(pk=corrected.pk).update(category_source="user")  # a member fixed it meanwhile
    fake_claude.end_batches()
    assert entries_backfill_collect() == 1
    got = {e.memo: (e.category.slug, e.category_source) for e in Entry.objects.select_related("category")}
    assert got["딸기 케이크"] == ("cafe", "llm")
    assert got["떡볶이 0"] == ("food", "llm")
    assert got["뭉뭉"] == ("other", "user")
    assert got["쀍뷁"] == ("other", "fallback")
    calls = list(LLMCall.objects.filter(household=household))
    assert len(calls) == 2
    for call in calls:
        assert call.cost_usd == claude.cost_usd(call.model, call.input_tokens, call.output_tokens) * Decimal("0.5")
    assert LLMBatch.objects.get().status == "ended"
    assert entries_backfill_collect() == 0  # applied once


def test_nothing_to_backfill_submits_nothing(fake_claude, household):
    assert entries_backfill_submit(household=household) is None
    assert fake_claude.batch_requests == []
