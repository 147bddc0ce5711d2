"""Reads on card statements: the household's uploads, and what each row would become if recorded now."""

from dataclasses import dataclass

from django.http import Http404

from ..entries.replies import entry_line
from ..models import Entry, StatementImport
from ..payments import matching
from ..payments.selectors import payment_methods_for
from .services import row_reading

NEW, RECORDED, SKIPPED = "new", "recorded", "skipped"


def statement_get(*, household_id: int, pk: int | str) -> StatementImport:
    try:
        return StatementImport.objects.select_related("message").get(household_id=household_id, pk=int(pk))
    except (StatementImport.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


@dataclass
class PreviewRow:
    row: dict
    status: str  # new · recorded (already there) · skipped
    note: str  # what recording it would do, in Korean
    entry: Entry | None = None

    @property
    def tickable(self) -> bool:
        return self.status == NEW


def statement_preview(*, statement: StatementImport) -> list[PreviewRow]:
    """Every row as it stands now against the ledger, by the same rules recording will apply. Reads only."""
    methods = {(m.issuer, m.last4): m.pk for m in payment_methods_for(household_id=statement.household_id)}
    readings = [(row, row_reading(statement, row)) for row in statement.rows]
    # A cancellation may list above its approval (statements run newest first): either is found.
    approvals = [(row, reading) for row, reading in readings if reading is not None and not reading.cancel]
    preview: list[PreviewRow] = []
    for row, reading in readings:
        if reading is None:
            preview.append(PreviewRow(row, SKIPPED, row.get("skip") or "기록할 수 없는 날짜"))
            continue
        decision = matching.decide(
            household_id=statement.household_id,
            reading=reading,
            payment_method_id=methods.get((reading.issuer, reading.last4)),
        )
        preview.append(_preview(row, reading, decision, approvals))
    return preview


def _preview(row: dict, reading: matching.Reading, decision: matching.Decision, approvals) -> PreviewRow:
    entry = decision.entry
    if decision.action == matching.DUPLICATE:
        if entry is None:
            return PreviewRow(row, RECORDED, "전에 받은 결제예요 (그 기록은 지워져 있어요)")
        return PreviewRow(row, RECORDED, f"같은 결제가 있어요 ({entry_line(entry)})", entry)
    if decision.action == matching.MERGE:
        return PreviewRow(row, NEW, f"직접 적은 기록과 합쳐요 ({entry_line(entry)})", entry)
    if decision.action == matching.CANCEL:
        if entry is None:
            return PreviewRow(row, NEW, "승인 취소: 그 결제의 기록은 이미 지워져 있어요")
        return PreviewRow(row, NEW, f"승인 취소: 기록을 취소로 표시해요 ({entry_line(entry)})", entry)
    if decision.action == matching.REFUND:
        earlier = next(
            (
                other
                for other, approval in approvals
                if approval.amount_krw == reading.amount_krw
                and matching.merchants_agree(approval.merchant, reading.merchant)
            ),
            None,
        )
        if earlier is not None:
            return PreviewRow(row, NEW, f"승인 취소: 이 파일 {earlier['n']}행의 결제를 취소로 표시해요")
        return PreviewRow(row, NEW, "승인 취소: 취소할 결제를 찾지 못해 환불(수입)로 기록해요")
    if decision.action == matching.NEW_CANCELLED:
        return PreviewRow(row, NEW, "새 기록: 먼저 받은 취소와 짝을 맞춰 취소된 결제로 남겨요", entry)
    return PreviewRow(row, NEW, "새 기록")
