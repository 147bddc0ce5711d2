"""{{ category|category_css }}: the class that gives a chip, a list row or a legend its category colour and icon."""

from django import template

from expenses.palette import css_class

register = template.Library()


@register.filter
def category_css(category) -> str:
    """Takes a Category (or anything with .slug) or a slug string."""
    slug = category if isinstance(category, str) else getattr(category, "slug", "")
    return css_class(slug or "")
