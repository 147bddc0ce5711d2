"""Asking Claude about memos: budget, answer cache, small model first, escalation, cost ledger.

This module decides and records what Claude cost; it never writes another app's rows. The owner of
the entries (expenses.entries.categorizing) hands it items and applies the decisions it yields.
"""

import logging
from collections.abc import Iterator

import anthropic
from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from households.defaults import default_categories, default_slugs
from households.models import Category, Household

from . import claude
from .models import LLMCall, LLMOutcome
from .selectors import llm_spend_this_month
from .services import Decision, cached_answer, llm_cache_key

logger = logging.getLogger(__name__)


LLM_CONFIDENCE = 0.8
CACHE_CONFIDENCE = 0.85
SPEND_LIMIT_KEY = "llm:spend-limit"

# What one round of asking settled: a decision per item, or None where nothing better than the
# provisional category came back (that item is done all the same).
Answers = dict[int, Decision | None]


class RetryLater(Exception):
    def __init__(self, delay: float, reason: str):
        super().__init__(reason)
        self.delay = delay


def _covers() -> dict[str, str]:
    return {c["slug"]: f"{c['name']} ({c['covers']})" for c in default_categories()}


def category_menu(household_id: int) -> dict[str, list[tuple[str, str]]]:
    """The household's visible categories per kind, described for Claude by the contract's `covers`."""
    covers = _covers()
    menu: dict[str, list[tuple[str, str]]] = {"expense": [], "income": []}
    for category in Category.objects.filter(household_id=household_id, is_hidden=False):
        menu[category.kind].append((category.slug, covers.get(category.slug, category.name)))
    return menu


def default_menu() -> dict[str, list[tuple[str, str]]]:
    """The 21 default categories, for asking outside any household (the shell)."""
    menu: dict[str, list[tuple[str, str]]] = {"expense": [], "income": []}
    for c in default_categories():
        menu[c["kind"]].append((c["slug"], f"{c['name']} ({c['covers']})"))
    return menu


def _spend_limited() -> bool:
    try:
        return cache.get(SPEND_LIMIT_KEY) == timezone.localdate().strftime("%Y-%m")
    except Exception:
        return False


def _is_spend_limit(error: anthropic.RateLimitError) -> bool:
    text = str(getattr(error, "message", "") or error).lower()
    return any(word in text for word in ("spend limit", "spending limit", "usage limit", "billing", "credit"))


def llm_call_record(
    household_id: int | None,
    answer: claude.Answer | None,
    *,
    model: str,
    items: int,
    outcome: str,
    detail: str = "",
    latency_ms: int = 0,
    discount=1,
) -> None:
    tokens_in = answer.input_tokens if answer else 0
    tokens_out = answer.output_tokens if answer else 0
    LLMCall.objects.create(
        household_id=household_id,
        model=model,
        items=items,
        input_tokens=tokens_in,
        output_tokens=tokens_out,
        cost_usd=claude.cost_usd(model, tokens_in, tokens_out) * discount,
        latency_ms=answer.latency_ms if answer else latency_ms,
        outcome=outcome,
        detail=detail[:200],
    )


def llm_ask(household_id: int | None, items: list[claude.Item], menu, model: str) -> dict[int, str]:
    """One Claude call; records it; returns ref → slug (or UNSURE). Raises RetryLater on transient errors."""
    record = {"model": model, "items": len(items)}
    try:
        answer = claude.classify(items, menu, model=model)
    except anthropic.RateLimitError as error:
        if _is_spend_limit(error):
            llm_call_record(household_id, None, outcome=LLMOutcome.SPEND_LIMIT, detail=str(error), **record)
            cache.set(SPEND_LIMIT_KEY, timezone.localdate().strftime("%Y-%m"), 32 * 24 * 3600)
            return {}
        llm_call_record(household_id, None, outcome=LLMOutcome.RATE_LIMITED, detail=str(error), **record)
        retry_after = error.response.headers.get("retry-after") if error.response is not None else None
        try:
            delay = float(retry_after) if retry_after else 30.0
        except ValueError:
            delay = 30.0
        raise RetryLater(delay, "rate limited") from error
    except (anthropic.APIConnectionError, anthropic.InternalServerError) as error:
        llm_call_record(household_id, None, outcome=LLMOutcome.ERROR, detail=repr(error), **record)
        raise RetryLater(-1, type(error).__name__) from error
    except anthropic.APIStatusError as error:
        llm_call_record(household_id, None, outcome=LLMOutcome.ERROR, detail=repr(error), **record)
        if error.status_code >= 500:
            raise RetryLater(-1, f"status {error.status_code}") from error
        return {}  # 4xx other than 429 will not get better by asking again
    except (ValueError, anthropic.APIResponseValidationError) as error:
        # A body that is not the Messages API's JSON: asking again would get the same.
        llm_call_record(household_id, None, outcome=LLMOutcome.INVALID, detail=repr(error), **record)
        return {}
    if not answer.valid:
        llm_call_record(household_id, answer, outcome=LLMOutcome.INVALID, detail=answer.detail, **record)
        return {}
    unsure = sum(1 for slug in answer.slugs.values() if slug == claude.UNSURE)
    outcome = LLMOutcome.UNSURE if unsure == len(items) else LLMOutcome.ANSWERED
    llm_call_record(household_id, answer, outcome=outcome, detail=answer.detail, **record)
    return answer.slugs


def _budget_left(household: Household) -> bool:
    return not llm_spend_this_month(household=household)["exhausted"]


def llm_allowed(household: Household) -> bool:
    """Claude may be asked for this household now: a key, the manager's consent, money left."""
    if not settings.ANTHROPIC_API_KEY or not household.llm_enabled:
        return False
    return not _spend_limited() and _budget_left(household)


def _remember(item: claude.Item, slug: str) -> None:
    if slug not in default_slugs():
        return  # a household's own category means nothing to another household
    try:
        cache.set(llm_cache_key(kind=item.kind, memo=item.memo), slug, settings.LLM_CACHE_TTL_SECONDS)
    except Exception:
        logger.warning("could not cache an llm answer", exc_info=True)


def llm_decide(*, household: Household, items: list[claude.Item]) -> Iterator[Answers]:
    """Decides the items in rounds, yielding each round's answers as soon as it has them.

    The caller applies each round before asking for the next, so answers already paid for are kept
    when a later round raises RetryLater. Items the rules of the day forbid asking about (no key, no
    consent, budget spent) come back at once as None.
    """
    if not llm_allowed(household):
        yield dict.fromkeys((item.ref for item in items), None)
        return
    menu = category_menu(household.pk)
    kinds = {slug: kind for kind, options in menu.items() for slug, _ in options}
    # Another entry may have taught the cache since these were saved.
    cached: Answers = {}
    ask = []
    for item in items:
        slug = cached_answer(memo=item.memo, kind=item.kind)
        if slug in default_slugs() and kinds.get(slug) == item.kind:
            cached[item.ref] = Decision(slug, "cache", CACHE_CONFIDENCE, needs_llm=False)
        else:
            ask.append(item)
    if cached:
        yield cached
    for start in range(0, len(ask), claude.MAX_ITEMS_PER_CALL):
        chunk = ask[start : start + claude.MAX_ITEMS_PER_CALL]
        answers = llm_ask(household.pk, chunk, menu, settings.CLAUDE_MODEL)
        unsure = [item for item in chunk if answers.get(item.ref) == claude.UNSURE]
        if unsure and settings.CLAUDE_ESCALATION_MODEL and _budget_left(household):
            answers.update(llm_ask(household.pk, unsure, menu, settings.CLAUDE_ESCALATION_MODEL))
        round_answers: Answers = {}
        for item in chunk:
            slug = answers.get(item.ref)
            if slug and slug != claude.UNSURE and kinds.get(slug) == item.kind:
                round_answers[item.ref] = Decision(slug, "llm", LLM_CONFIDENCE, needs_llm=False)
                _remember(item, slug)
            else:
                round_answers[item.ref] = None
        yield round_answers
