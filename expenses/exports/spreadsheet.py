"""The CSV of entries for spreadsheets (Korean Excel included), streamed in batches."""

import datetime as dt
from collections.abc import Iterator
from typing import Any

from households.models import CategoryKind, Membership

from ..models import Channel, Entry

CSV_BOM = "\ufeff"  # Korean Excel reads UTF-8 only with it
# 취소됨: a card payment its cancellation reversed, kept in the file but counted in no total ("예" in that column).
CSV_HEADERS = [
    "날짜",
    "구분",
    "분류",
    "금액",
    "메모",
    "낸 사람",
    "기록한 사람",
    "입력 경로",
    "결제수단",
    "할부",
    "취소됨",
]
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
KIND_LABELS = dict(CategoryKind.choices)
CHANNEL_LABELS = dict(Channel.choices)
CSV_BATCH = 2000
MAX_CSV_DAYS = 366 * 10


def csv_cell(value: Any) -> str:
    """Text a spreadsheet shows as text: a leading = + - @ tab or CR would make it a formula."""
    if isinstance(value, int):
        return str(value)
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def _csv_line(cells: list) -> str:
    quoted = []
    for cell in cells:
        text = csv_cell(cell)
        if any(ch in text for ch in ',"\n\r'):
            text = '"' + text.replace('"', '""') + '"'
        quoted.append(text)
    return ",".join(quoted) + "\r\n"


def entries_csv(*, household_id: int, start: dt.date, end: dt.date) -> Iterator[str]:
    """The lines of the CSV (BOM first), streamed in batches without building model instances."""
    yield CSV_BOM + _csv_line(CSV_HEADERS)
    labels = {
        row["id"]: row["display_name"]
        if row["user_id"] and not row["left_at"]
        else f"{row['display_name']} (전 구성원)"
        for row in Membership.objects.filter(household_id=household_id).values(
            "id", "display_name", "user_id", "left_at"
        )
    }
    rows = (
        Entry.objects.filter(household_id=household_id, spent_on__range=(start, end))
        .order_by("spent_on", "created_at", "pk")
        .values_list(
            "spent_on",
            "kind",
            "category__name",
            "amount_krw",
            "memo",
            "paid_by_id",
            "entered_by_id",
            "channel",
            "payment_method__name",
            "installments",
            "cancelled_at",
        )
    )
    for row in rows.iterator(chunk_size=CSV_BATCH):
        spent_on, kind, category, amount, memo, paid_by, entered_by, channel, method, installments, cancelled = row
        yield _csv_line(
            [
                spent_on.isoformat(),
                KIND_LABELS.get(kind, kind),
                category,
                int(amount),
                memo,
                labels.get(paid_by, ""),
                labels.get(entered_by, ""),
                CHANNEL_LABELS.get(channel, channel),
                method or "",
                f"{installments}개월" if installments > 1 else "",
                "예" if cancelled else "",
            ]
        )
