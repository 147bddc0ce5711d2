"""The stats page's long loops as HTML built in Python: day bars, comparison bars and the tables under them.

The page's frame (headings, captions, filters, links) stays in templates/expenses/stats.html. Its
per-row loops were ~700 template variable nodes — about 10 ms of a 30 ms page miss — and are plain
string joins here, every text value escaped with html.escape. The markup is the same the template
drew; tests/stats read the page, not this module.
"""

import datetime as dt
from html import escape

from django.utils.safestring import SafeString, mark_safe

from ..money import num, short_won, won
from .charts import WEEKDAYS, Bar, Row, Slice
from .queries import CategoryStat, DayStat


def _e(value: object) -> str:
    return escape(str(value))


def donut_slices(slices: list[Slice]) -> SafeString:
    return mark_safe(  # noqa: S308 - every value below is escaped or a number we formatted
        "".join(
            f'<circle class="slice {s.css}" cx="21" cy="21" r="15.9155" fill="none" stroke-width="6" '
            f'stroke-dasharray="{s.dasharray}" stroke-dashoffset="{s.dashoffset}">'
            f"<title>{_e(s.name)} {won(s.amount)} ({s.percent}%)</title></circle>"
            for s in slices
        )
    )


def comparison_list(rows: list[Row]) -> SafeString:
    """This period's bar per category with ticks for last period and the median (aria-hidden: the table says it)."""
    parts = []
    for row in rows:
        ticks = ""
        if row.marker:
            ticks += f'<rect class="tick-prev" x="{row.marker}" y="0" width="0.8" height="10"></rect>'
        if row.median_marker:
            ticks += f'<rect class="tick-median" x="{row.median_marker}" y="0" width="0.8" height="10"></rect>'
        parts.append(
            f'<li><span class="compare-name">{_e(row.name)}</span>'
            '<svg class="hbar" viewBox="0 0 100 10" preserveAspectRatio="none" focusable="false">'
            '<rect class="hbar-track" x="0" y="2" width="100" height="6" rx="1"></rect>'
            f'<rect class="hbar-fill {row.css}" x="0" y="2" width="{row.width}" height="6" rx="1"></rect>'
            f'{ticks}</svg><span class="compare-amount">{short_won(row.amount)}</span></li>'
        )
    return mark_safe("\n".join(parts))  # noqa: S308 - escaped above


def category_table_rows(categories: list[CategoryStat], stats_url: str) -> SafeString:
    """Rows of the "분류별 지출" table; each name filters the page to its category."""
    parts = []
    for c in categories:
        change = ""
        if c.previous:
            arrow, css = ("▲", "up") if c.change > 0 else ("▼", "down") if c.change < 0 else ("", "")
            change = f'<small class="{css}">{arrow}</small>'
        href = _e(f"{stats_url}?category={c.slug}")
        median = "–" if c.median is None else num(c.median)
        parts.append(
            f'<tr><th scope="row"><a href="{href}" hx-get="{href}" hx-target="#stats-body" hx-push-url="true">'
            f"{_e(c.name)}</a></th><td>{num(c.amount)}{change}</td><td>{num(c.previous)}</td><td>{median}</td></tr>"
        )
    return mark_safe("\n".join(parts))  # noqa: S308 - escaped above


def day_bars(bars: list[Bar]) -> SafeString:
    parts = []
    for bar in bars:
        parts.append(
            f'<rect class="{bar.css}" x="{bar.x}" y="{bar.y}" width="{bar.width}" height="{bar.height}">'
            f"<title>{_e(bar.title)}</title></rect>"
        )
        if bar.label:
            parts.append(
                f'<text class="tick-label" x="{bar.label_x}" y="115" text-anchor="middle" font-size="11">'
                f"{_e(bar.label)}</text>"
            )
    return mark_safe("".join(parts))  # noqa: S308 - escaped above


def _day_label(day: dt.date) -> str:
    """11/3 (화), as the |date:"n/j (D)" filter printed it in Korean."""
    return f"{day.month}/{day.day} ({WEEKDAYS[day.weekday()]})"


def day_table_rows(days: list[DayStat]) -> SafeString:
    """Only days with a record: the chart above shows the quiet ones."""
    return mark_safe(  # noqa: S308 - numbers and dates only
        "".join(
            f'<tr><th scope="row">{_day_label(d.day)}</th><td>{num(d.expense)}</td><td>{num(d.income)}</td></tr>'
            for d in days
            if d.expense or d.income
        )
    )
