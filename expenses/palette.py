"""One colour and one icon per category, for chips, lists and charts (static/css/categories.css is made from it).

Each colour is given twice, for light and dark screens, and chosen so that a category's name written in
its colour on its own tint (the chip) reads at 4.5:1 or better — tests/test_palette.py checks it.
A household's own categories (slug "custom-<hex>") take one of EXTRA by the slug's last hex digit, so
the same category keeps the same colour on every page and in every chart without a database column.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Look:
    light: str  # text, icon and chart colour on a light screen
    dark: str  # the same on a dark screen
    icon: str  # static/icons/<icon>.svg, drawn through a CSS mask in the text colour


DEFAULTS: dict[str, Look] = {
    "food": Look("#ad3a0b", "#fb923c", "utensils"),
    "cafe": Look("#8a5a3c", "#d2a88a", "coffee"),
    "transport": Look("#1d63c4", "#6aa8f7", "bus-front"),
    "car": Look("#3f5568", "#9fb4c8", "car"),
    "housing": Look("#6d4fc2", "#b29cf5", "house"),
    "living": Look("#0b6c62", "#4fd1bf", "spray-can"),
    "shopping": Look("#c0266d", "#f47fb3", "shopping-bag"),
    "beauty": Look("#a3338f", "#e58bd4", "scissors"),
    "health": Look("#c3283a", "#f58b93", "heart-pulse"),
    "culture": Look("#7c3aed", "#c4a5fb", "ticket"),
    "travel": Look("#0369a1", "#5cc3f2", "plane"),
    "education": Look("#4453c7", "#9aa6f5", "graduation-cap"),
    "kids": Look("#7d6200", "#f2cf4a", "baby"),
    "pets": Look("#4b7318", "#a5d46a", "paw-print"),
    "events": Look("#be185d", "#f08bbb", "gift"),
    "finance": Look("#46566b", "#a7b6c9", "shield-check"),
    "other": Look("#5b6660", "#aab5af", "circle-ellipsis"),
    "salary": Look("#136f35", "#5fd68c", "wallet"),
    "side_income": Look("#0b6e58", "#4fd6b0", "coins"),
    "financial_income": Look("#0b6680", "#4fc9e3", "trending-up"),
    "other_income": Look("#2f6f5a", "#7fcfb3", "circle-plus"),
}

# A household's own categories: the tag icon, in one of these colours.
EXTRA: tuple[Look, ...] = (
    Look("#1b6c52", "#5fd3a6", "tag"),
    Look("#8f4bb0", "#d2a0ea", "tag"),
    Look("#8e5206", "#eeb25e", "tag"),
    Look("#2563b0", "#7fb0f0", "tag"),
    Look("#b42b52", "#f1889f", "tag"),
    Look("#3c6e1c", "#9bd46f", "tag"),
)

CUSTOM_PREFIX = "custom-"


def extra_index(slug: str) -> int:
    """Which EXTRA colour a household's own category wears: its slug's last hex digit, modulo the list."""
    last = slug[-1:].lower()
    return int(last, 16) % len(EXTRA) if last and last in "0123456789abcdef" else 0


def look_for(slug: str) -> Look:
    return DEFAULTS.get(slug) or EXTRA[extra_index(slug)]


def css_class(slug: str) -> str:
    """The class a chip, legend swatch or chart slice carries: cat-<slug>, plus cat-x<n> for own categories."""
    if not slug:
        return "cat-none"
    if slug in DEFAULTS:
        return f"cat-{slug}"
    return f"cat-{slug} cat-x{extra_index(slug)}"


def stylesheet() -> str:
    """static/css/categories.css. Own categories match by the last character of the class attribute too,
    so markup that only writes class="badge cat-<slug>" gets the same colour as css_class() gives."""
    lines = [
        "/* Made by `python manage.py category_css` from expenses/palette.py: edit that, not this. */",
        "/* Every category sets --cat (text, icon, chart) and --cat-icon; chips tint their background with it. */",
    ]
    light, dark = [], []
    for slug, look in DEFAULTS.items():
        lines.append(f'.cat-{slug} {{ --cat-icon: url("../icons/{look.icon}.svg"); }}')
        light.append(f".cat-{slug} {{ --cat: {look.light}; }}")
        dark.append(f"  .cat-{slug} {{ --cat: {look.dark}; }}")
    digits = "0123456789abcdef"
    for index, look in enumerate(EXTRA):
        selectors = [f".cat-x{index}"] + [
            f'[class*="cat-{CUSTOM_PREFIX}"][class$="{d}"]' for d in digits if extra_index(f"x{d}") == index
        ]
        joined = ", ".join(selectors)
        lines.append(f'{joined} {{ --cat-icon: url("../icons/{look.icon}.svg"); }}')
        light.append(f"{joined} {{ --cat: {look.light}; }}")
        dark.append(f"  {joined} {{ --cat: {look.dark}; }}")
    lines += light
    lines.append("@media (prefers-color-scheme: dark) {")
    lines += dark
    lines.append("}")
    return "\n".join(lines) + "\n"
