"""The default category contract (data/categories.json), loaded once."""

import json
from functools import cache
from pathlib import Path

from django.conf import settings


@cache
def default_categories() -> tuple[dict, ...]:
    path = Path(settings.BASE_DIR) / "data" / "categories.json"
    return tuple(json.loads(path.read_text(encoding="utf-8"))["categories"])


@cache
def default_slugs() -> frozenset[str]:
    return frozenset(c["slug"] for c in default_categories())


FALLBACK_SLUG = {"expense": "other", "income": "other_income"}
