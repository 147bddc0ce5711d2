"""Geometry for the server-rendered SVG charts (no JS, no inline styles: numbers go into SVG attributes)."""

from dataclasses import dataclass

from ..palette import css_class
from .queries import CategoryStat, DayStat, MemberStat, YearMonth

DONUT_SLICES = 7  # the rest is drawn as one "그 외" slice
PALETTE = 8  # CSS classes c0…c7 for members; categories wear their own colour (expenses/palette.py), "그 외" c-rest
WEEKDAYS = "월화수목금토일"


def _num(value: float) -> str:
    """Compact SVG number: 12.5, 3, 0.25."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return text if text not in ("", "-0") else "0"


def _share(amount: int, total: int) -> float:
    return amount * 100 / total if total else 0.0


@dataclass(frozen=True)
class Slice:
    name: str
    amount: int
    percent: str
    css: str
    dasharray: str
    dashoffset: str
    slug: str = ""


def donut(categories: list[CategoryStat]) -> list[Slice]:
    """Slices on a circle whose circumference is 100 (r = 15.9155), starting at 12 o'clock."""
    spending = [c for c in categories if c.amount > 0]
    total = sum(c.amount for c in spending)
    if not total:
        return []
    shown = spending[:DONUT_SLICES]
    parts = [(c.name, c.amount, css_class(c.slug), c.slug) for c in shown]
    rest = sum(c.amount for c in spending[DONUT_SLICES:])
    if rest:
        parts.append(("그 외", rest, "c-rest", ""))
    slices, done = [], 0.0
    for name, amount, css, slug in parts:
        share = _share(amount, total)
        slices.append(
            Slice(
                name=name,
                amount=amount,
                percent=f"{share:.1f}",
                css=css,
                dasharray=f"{_num(share)} {_num(100 - share)}",
                dashoffset=_num((25 - done) % 100),
                slug=slug,
            )
        )
        done += share
    return slices


@dataclass(frozen=True)
class Bar:
    x: str
    y: str
    width: str
    height: str
    css: str
    title: str
    label: str = ""
    label_x: str = ""


DAY_WIDTH = 10
DAY_CHART_HEIGHT = 100  # bar area; labels below it


def day_bars(days: list[DayStat]) -> tuple[list[Bar], int]:
    """Spending per day; returns the bars and the viewBox width. Labels on the 1st and every 5th day."""
    top = max((d.expense for d in days), default=0)
    bars = []
    for i, day in enumerate(days):
        height = day.expense * (DAY_CHART_HEIGHT - 4) / top if top else 0
        if day.expense and height < 1:
            height = 1  # a small purchase stays visible
        weekday = day.day.weekday()
        css = "bar" + (" sat" if weekday == 5 else " sun" if weekday == 6 else "")
        show_label = i == 0 or day.day.day == 1 or day.day.day % 5 == 0
        bars.append(
            Bar(
                x=_num(i * DAY_WIDTH + 1.5),
                y=_num(DAY_CHART_HEIGHT - height),
                width=_num(DAY_WIDTH - 3),
                height=_num(height),
                css=css,
                title=f"{day.day.month}/{day.day.day}({WEEKDAYS[weekday]}) {day.expense:,}원",
                label=f"{day.day.day}" if show_label else "",
                label_x=_num(i * DAY_WIDTH + DAY_WIDTH / 2),
            )
        )
    return bars, len(days) * DAY_WIDTH


@dataclass(frozen=True)
class Row:
    """A horizontal bar on a 0–100 scale (drawn with preserveAspectRatio="none")."""

    name: str
    amount: int
    width: str
    percent: str
    css: str = ""
    marker: str = ""  # x of the last-month tick, "" for none
    median_marker: str = ""


def member_rows(members: list[MemberStat]) -> list[Row]:
    total = sum(m.expense for m in members)
    top = max((m.expense for m in members), default=0)
    return [
        Row(
            name=m.label,
            amount=m.expense,
            width=_num(m.expense * 100 / top if top else 0),
            percent=f"{_share(m.expense, total):.0f}",
            css=f"c{i % PALETTE}",
        )
        for i, m in enumerate(members)
        if m.expense
    ]


def comparison_rows(categories: list[CategoryStat]) -> list[Row]:
    """This period's bar with ticks for last period and the six-month median, on a shared scale."""
    top = max((max(c.amount, c.previous, c.median or 0) for c in categories), default=0)
    if not top:
        return []

    def x(value: int | None) -> str:
        return "" if value is None else _num(min(value * 100 / top, 99.5))

    return [
        Row(
            name=c.name,
            amount=c.amount,
            width=_num(c.amount * 100 / top),
            percent="",
            css="over" if c.median is not None and c.amount > c.median else "",
            marker=x(c.previous),
            median_marker=x(c.median),
        )
        for c in categories
    ]


@dataclass(frozen=True)
class MonthBars:
    label: str
    key: str
    label_x: str
    expense: Bar
    income: Bar


YEAR_SLOT = 30
YEAR_HEIGHT = 100


def year_bars(months: list[YearMonth]) -> list[MonthBars]:
    top = max((max(m.expense, m.income) for m in months), default=0)

    def bar(i: int, offset: float, amount: int, css: str, what: str, month: YearMonth) -> Bar:
        height = amount * (YEAR_HEIGHT - 4) / top if top else 0
        if amount and height < 1:
            height = 1
        return Bar(
            x=_num(i * YEAR_SLOT + offset),
            y=_num(YEAR_HEIGHT - height),
            width="11",
            height=_num(height),
            css=css,
            title=f"{month.period.month}월 {what} {amount:,}원",
        )

    return [
        MonthBars(
            label=f"{m.period.month}월",
            key=m.period.key,
            label_x=_num(i * YEAR_SLOT + YEAR_SLOT / 2),
            expense=bar(i, 3, m.expense, "bar expense", "지출", m),
            income=bar(i, 15, m.income, "bar income", "수입", m),
        )
        for i, m in enumerate(months)
    ]


def percent_change(current: int, previous: int) -> int | None:
    """Whole-percent change, None when there is nothing to compare with."""
    if not previous:
        return None
    return round((current - previous) * 100 / previous)
