"""Settling pending entries with Claude: budget, cache, small model first, escalation, cost ledger."""

import logging
import random
from collections import defaultdict

import anthropic
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from expenses.models import CategorySource, CategoryState, Entry
from households.defaults import default_categories, default_slugs
from households.models import Category, Household
from households.services import household_bump_version

from . import claude
from .models import LLMCall, LLMOutcome
from .selectors import llm_spend_this_month
from .services import cached_answer, llm_cache_key
from .signals import entries_recategorized

logger = logging.getLogger(__name__)


LLM_CONFIDENCE = 0.8
SPEND_LIMIT_KEY = "llm:spend-limit"


class RetryLater(Exception):
    def __init__(self, delay: float, reason: str):
        super().__init__(reason)
        self.delay = delay


def backoff_seconds(attempt: int) -> float:
    return min(300.0, 5.0 * 2**attempt) * (0.5 + random.random() / 2)


def _covers() -> dict[str, str]:
    return {c["slug"]: f"{c['name']} ({c['covers']})" for c in default_categories()}


def _category_menu(household_id: int) -> tuple[dict[str, list[tuple[str, str]]], dict[str, Category]]:
    covers = _covers()
    by_slug = {c.slug: c for c in Category.objects.filter(household_id=household_id, is_hidden=False)}
    menu: dict[str, list[tuple[str, str]]] = {"expense": [], "income": []}
    for category in by_slug.values():
        menu[category.kind].append((category.slug, covers.get(category.slug, category.name)))
    return menu, by_slug


def _spend_limited() -> bool:
    try:
        return cache.get(SPEND_LIMIT_KEY) == timezone.localdate().strftime("%Y-%m")
    except Exception:
        return False


def _is_spend_limit(error: anthropic.RateLimitError) -> bool:
    text = str(getattr(error, "message", "") or error).lower()
    return any(word in text for word in ("spend limit", "spending limit", "usage limit", "billing", "credit"))


def _record(
    household_id: int,
    answer: claude.Answer | None,
    *,
    model: str,
    items: int,
    outcome: str,
    detail: str = "",
    latency_ms: int = 0,
) -> None:
    tokens_in = answer.input_tokens if answer else 0
    tokens_out = answer.output_tokens if answer else 0
    LLMCall.objects.create(
        household_id=household_id,
        model=model,
        items=items,
        input_tokens=tokens_in,
        output_tokens=tokens_out,
        cost_usd=claude.cost_usd(model, tokens_in, tokens_out),
        latency_ms=answer.latency_ms if answer else latency_ms,
        outcome=outcome,
        detail=detail[:200],
    )


def _settle(entry_ids: list[int]) -> None:
    """Gives up on Claude for these entries: their provisional category stays."""
    Entry.objects.filter(pk__in=entry_ids, category_state=CategoryState.PENDING).update(
        category_state=CategoryState.SETTLED
    )


def _apply(entry: Entry, category: Category, source: str, confidence: float) -> bool:
    # Conditional on still pending: a member's correction in the meantime always wins.
    return bool(
        Entry.objects.filter(pk=entry.pk, category_state=CategoryState.PENDING).update(
            category=category,
            category_source=source,
            category_confidence=confidence,
            category_state=CategoryState.SETTLED,
            updated_at=timezone.now(),
        )
    )


def default_menu() -> dict[str, list[tuple[str, str]]]:
    """The 21 default categories, for asking outside any household (the shell)."""
    menu: dict[str, list[tuple[str, str]]] = {"expense": [], "income": []}
    for c in default_categories():
        menu[c["kind"]].append((c["slug"], f"{c['name']} ({c['covers']})"))
    return menu


def llm_ask(household_id: int | None, items: list[claude.Item], menu, model: str) -> dict[int, str]:
    """One Claude call; records it; returns ref → slug (or UNSURE). Raises RetryLater on transient errors."""
    try:
        answer = claude.classify(items, menu, model=model)
    except anthropic.RateLimitError as error:
        if _is_spend_limit(error):
            _record(
                household_id, None, model=model, items=len(items), outcome=LLMOutcome.SPEND_LIMIT, detail=str(error)
            )
            cache.set(SPEND_LIMIT_KEY, timezone.localdate().strftime("%Y-%m"), 32 * 24 * 3600)
            return {}
        _record(household_id, None, model=model, items=len(items), outcome=LLMOutcome.RATE_LIMITED, detail=str(error))
        retry_after = error.response.headers.get("retry-after") if error.response is not None else None
        try:
            delay = float(retry_after) if retry_after else 30.0
        except ValueError:
            delay = 30.0
        raise RetryLater(delay, "rate limited") from error
    except (anthropic.APIConnectionError, anthropic.InternalServerError) as error:
        _record(household_id, None, model=model, items=len(items), outcome=LLMOutcome.ERROR, detail=repr(error))
        raise RetryLater(-1, type(error).__name__) from error
    except anthropic.APIStatusError as error:
        if error.status_code >= 500:
            _record(household_id, None, model=model, items=len(items), outcome=LLMOutcome.ERROR, detail=repr(error))
            raise RetryLater(-1, f"status {error.status_code}") from error
        # 4xx other than 429 will not get better by asking again.
        _record(household_id, None, model=model, items=len(items), outcome=LLMOutcome.ERROR, detail=repr(error))
        return {}
    except (ValueError, anthropic.APIResponseValidationError) as error:
        # A body that is not the Messages API's JSON: asking again would get the same.
        _record(household_id, None, model=model, items=len(items), outcome=LLMOutcome.INVALID, detail=repr(error))
        return {}
    if not answer.valid:
        _record(household_id, answer, model=model, items=len(items), outcome=LLMOutcome.INVALID, detail=answer.detail)
        return {}
    unsure = sum(1 for slug in answer.slugs.values() if slug == claude.UNSURE)
    outcome = LLMOutcome.UNSURE if unsure == len(items) else LLMOutcome.ANSWERED
    _record(household_id, answer, model=model, items=len(items), outcome=outcome, detail=answer.detail)
    return answer.slugs


def _items(entries: list[Entry]) -> list[claude.Item]:
    return [claude.Item(ref=e.pk, memo=e.memo, kind=e.kind) for e in entries]


def _budget_left(household: Household) -> bool:
    return not llm_spend_this_month(household=household)["exhausted"]


def llm_categorize_entries(*, entry_ids: list[int]) -> int:
    """Settles the still-pending entries among entry_ids; returns how many got a new category.

    Idempotent: entries already settled (by an earlier run or a member) are skipped. Raises RetryLater
    for transient Claude errors, leaving the unsettled entries pending for the retry.
    """
    pending = list(
        Entry.objects.filter(pk__in=entry_ids, category_state=CategoryState.PENDING).select_related("household")
    )
    by_household: dict[int, list[Entry]] = defaultdict(list)
    for entry in pending:
        by_household[entry.household_id].append(entry)
    changed: list[int] = []
    for entries in by_household.values():
        changed += _categorize_household(entries[0].household, entries)
    if changed:
        entries_recategorized.send(sender=Entry, entry_ids=changed)
    return len(changed)


def _categorize_household(household: Household, entries: list[Entry]) -> list[int]:
    changed: list[int] = []
    menu, by_slug = _category_menu(household.pk)
    if not settings.ANTHROPIC_API_KEY or not household.llm_enabled or _spend_limited() or not _budget_left(household):
        _settle([e.pk for e in entries])
        return changed
    # Another entry may have taught the cache since this one was saved.
    ask = []
    for entry in entries:
        slug = cached_answer(memo=entry.memo, kind=entry.kind)
        if slug in by_slug and slug in default_slugs() and by_slug[slug].kind == entry.kind:
            if _apply(entry, by_slug[slug], CategorySource.CACHE, 0.85):
                changed.append(entry.pk)
        else:
            ask.append(entry)
    for start in range(0, len(ask), claude.MAX_ITEMS_PER_CALL):
        chunk = ask[start : start + claude.MAX_ITEMS_PER_CALL]
        answers = llm_ask(household.pk, _items(chunk), menu, settings.CLAUDE_MODEL)
        unsure = [e for e in chunk if answers.get(e.pk) == claude.UNSURE]
        if unsure and settings.CLAUDE_ESCALATION_MODEL and _budget_left(household):
            answers.update(llm_ask(household.pk, _items(unsure), menu, settings.CLAUDE_ESCALATION_MODEL))
        for entry in chunk:
            slug = answers.get(entry.pk)
            category = by_slug.get(slug) if slug and slug != claude.UNSURE else None
            if category and category.kind == entry.kind and _apply(entry, category, CategorySource.LLM, LLM_CONFIDENCE):
                changed.append(entry.pk)
                if slug in default_slugs():
                    try:
                        cache.set(llm_cache_key(kind=entry.kind, memo=entry.memo), slug, settings.LLM_CACHE_TTL_SECONDS)
                    except Exception:
                        logger.warning("could not cache an llm answer", exc_info=True)
        _settle([e.pk for e in chunk])
    if changed:
        household_bump_version(household_id=household.pk)
    return changed


def settle_after_giving_up(*, entry_ids: list[int]) -> None:
    with transaction.atomic():
        _settle(entry_ids)
