"""One view, one template: the fragment htmx asked for, or the whole page."""

from django.http import HttpRequest


def partial_or_page(request: HttpRequest, template: str, target: str) -> str:
    """`template#target` when htmx swaps into #target, else the full template (history restore included)."""
    return f"{template}#{target}" if request.htmx and request.htmx.target == target else template
