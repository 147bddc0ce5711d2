"""The tiered categorizer: learned rules, keyword rules, the shared answer cache, then Claude."""

import hashlib
import logging
from dataclasses import dataclass

from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import F

from homenrich.errors import Refused
from households.actors import Actor
from households.defaults import FALLBACK_SLUG, default_slugs
from households.models import Category

from .keywords import CONFIDENT, match_keywords, normalize_memo
from .models import LearnedRule

logger = logging.getLogger(__name__)

MAX_PHRASE_WORDS = 6


@dataclass(frozen=True)
class Decision:
    slug: str
    source: str  # learned, rules, cache, fallback
    confidence: float
    needs_llm: bool


def llm_cache_key(*, kind: str, memo: str) -> str:
    # Hashed: memos are arbitrary Unicode, and a key should not carry what people typed.
    digest = hashlib.sha256(normalize_memo(memo).encode()).hexdigest()[:32]
    return f"llm-answer:v1:{kind}:{digest}"


def _phrases(normalized: str) -> list[str]:
    """Every run of up to MAX_PHRASE_WORDS consecutive words: the candidates a learned rule may match."""
    words = normalized.split()
    return [
        " ".join(words[i:j]) for i in range(len(words)) for j in range(i + 1, min(len(words), i + MAX_PHRASE_WORDS) + 1)
    ]


def learned_match(*, household_id: int, memo: str, kind: str) -> tuple[str, float] | None:
    normalized = normalize_memo(memo)
    if not normalized:
        return None
    rules = list(
        LearnedRule.objects.filter(
            household_id=household_id,
            phrase__in=_phrases(normalized),
            category__kind=kind,
            category__is_hidden=False,
        ).values_list("phrase", "category__slug")
    )
    if not rules:
        return None
    phrase, slug = max(rules, key=lambda rule: len(rule[0]))
    return slug, 1.0 if phrase == normalized else 0.9


def cached_answer(*, memo: str, kind: str) -> str | None:
    try:
        return cache.get(llm_cache_key(kind=kind, memo=memo))
    except Exception:  # the cache is an optimisation; an outage only costs a lookup
        logger.warning("llm answer cache unavailable", exc_info=True)
        return None


def category_decide(
    *, household_id: int | None, llm_enabled: bool, memo: str, kind: str, visible_slugs: set[str]
) -> Decision:
    """The cheapest confident source wins; otherwise a provisional answer that Claude may refine."""
    learned = learned_match(household_id=household_id, memo=memo, kind=kind) if household_id else None
    if learned:
        return Decision(learned[0], "learned", learned[1], needs_llm=False)
    weak = None
    match = match_keywords(memo, kind)
    if match and match.slug in visible_slugs:
        if match.confidence >= CONFIDENT:
            return Decision(match.slug, "rules", match.confidence, needs_llm=False)
        weak = match
    answer = cached_answer(memo=memo, kind=kind) if memo.strip() else None
    if answer and answer in visible_slugs and answer in default_slugs():
        return Decision(answer, "cache", 0.85, needs_llm=False)
    wants_llm = bool(memo.strip()) and llm_enabled
    if weak:
        return Decision(weak.slug, "rules", weak.confidence, needs_llm=wants_llm)
    return Decision(FALLBACK_SLUG[kind], "fallback", 0.0, needs_llm=wants_llm)


def rule_learn(*, household_id: int, memo: str, category: Category) -> None:
    """A member's correction: the household remembers this memo's words → category at once."""
    phrase = normalize_memo(memo)
    if not phrase:
        return
    try:
        with transaction.atomic():
            updated = LearnedRule.objects.filter(household_id=household_id, phrase=phrase).update(
                category=category, times_confirmed=F("times_confirmed") + 1
            )
            if not updated:
                LearnedRule.objects.create(household_id=household_id, phrase=phrase, category=category)
    except IntegrityError:  # a concurrent correction of the same phrase: theirs or ours, both fine
        pass


def learned_rule_set_category(*, by: Actor, rule: LearnedRule, category: Category) -> None:
    """A manager corrects what the household learned."""
    if not by.can_manage or rule.household_id != by.household_id:
        raise Refused("학습한 규칙은 소유자와 관리자만 고칠 수 있어요.")
    if category.household_id != rule.household_id or category.is_hidden:
        raise Refused("이 가구의 보이는 분류만 고를 수 있어요.")
    rule.category = category
    rule.save(update_fields=["category", "updated_at"])


def learned_rule_forget(*, by: Actor, rule: LearnedRule) -> None:
    if not by.can_manage or rule.household_id != by.household_id:
        raise Refused("학습한 규칙은 소유자와 관리자만 지울 수 있어요.")
    rule.delete()
