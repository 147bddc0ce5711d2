"""Card statements: an upload is read and kept (the file's rows, and a message of what came), then the rows a
person keeps ticked are recorded through the same matching rules as every notification."""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from homenrich.errors import Refused
from households.models import Membership

from ..entries import rules
from ..entries.services import DUPLICATE, message_save_raw, record_followups, report_record
from ..models import Channel, MessageOutcome, ReportSource, StatementImport
from ..payments.matching import Reading
from .reading import StatementError, read_statement

READ_ONLY = "보기 전용 구성원은 카드 명세서를 가져올 수 없어요."
NO_ISSUER = "어느 카드사의 명세서인지 알 수 없어요. 카드사를 골라 다시 올려 주세요."
MAX_RAW_CHARS = 200_000


def _raw_text(filename: str, header: list[str], rows: list[dict]) -> str:
    """What came, as text: the file's name, its header and rows (tab-separated), kept like any message."""
    lines = [f"[카드 명세서] {filename}", "\t".join(header), *("\t".join(row["cells"]) for row in rows)]
    return "\n".join(lines)[:MAX_RAW_CHARS]


def statement_upload(
    *, membership: Membership, filename: str, content: bytes, issuer: str = "", today: dt.date | None = None
) -> StatementImport:
    """Reads the file and keeps its rows for the preview; nothing is recorded yet.

    A file that cannot be read is refused with the reason; what came is kept all the same.
    """
    if not membership.can_write:
        raise Refused(READ_ONLY)
    filename = filename[:200] or "명세서"
    try:
        statement = read_statement(
            filename=filename, content=content, today=today or timezone.localdate(), issuer=issuer
        )
    except StatementError as error:
        message_save_raw(
            membership=membership,
            channel=Channel.STATEMENT,
            text=f"[카드 명세서] {filename}\n{error}",
            outcome=MessageOutcome.BAD_REQUEST,
        )
        raise Refused(str(error)) from error
    rows = statement.as_json()
    message = message_save_raw(
        membership=membership, channel=Channel.STATEMENT, text=_raw_text(filename, statement.header, rows)
    )
    if not statement.issuer:
        message.outcome = MessageOutcome.BAD_REQUEST
        message.save(update_fields=["outcome"])
        raise Refused(NO_ISSUER)
    return StatementImport.objects.create(
        household_id=membership.household_id,
        uploaded_by=membership,
        message=message,
        filename=filename,
        issuer=statement.issuer,
        rows=rows,
    )


def row_reading(statement: StatementImport, row: dict) -> Reading | None:
    """The reported payment a statement row stands for; None for a row that records nothing."""
    if row.get("skip") or not row.get("date"):
        return None
    day = dt.date.fromisoformat(row["date"])
    if not rules.date_allowed(day):
        return None
    method = row.get("method") or "credit"
    return Reading(
        source=ReportSource.STATEMENT,
        kind=row.get("kind") or "expense",
        amount_krw=int(row["amount"]),
        occurred_on=day,
        method=method,
        issuer=statement.issuer,
        last4=row.get("last4") or "",
        installments=max(1, min(int(row.get("installments") or 1), 60)),
        merchant=row.get("merchant") or "",
        time=row.get("time") or "",
        cancel=bool(row.get("cancel")),
        key=row.get("key") or "",
        method_known=bool(row.get("method")),
    )


@transaction.atomic
def statement_record(*, by: Membership, statement: StatementImport, numbers: set[int]) -> dict[str, int]:
    """Records the ticked rows, oldest first (an approval before its cancellation); returns a count per action.

    Recording twice, or a file that overlaps what notifications already brought, adds nothing twice.
    """
    if not by.can_write:
        raise Refused(READ_ONLY)
    if statement.household_id != by.household_id:
        raise Refused("이 가구의 명세서가 아니에요.")
    chosen = [row for row in statement.rows if row.get("n") in numbers]
    readings = [(row, reading) for row in chosen if (reading := row_reading(statement, row)) is not None]
    readings.sort(key=lambda pair: (pair[1].occurred_on, pair[1].time, pair[1].cancel, pair[0]["n"]))
    counts: dict[str, int] = {}
    outcomes = []
    for _, reading in readings:
        outcome = report_record(membership=by, reading=reading, message=statement.message, channel=Channel.STATEMENT)
        outcomes.append(outcome)
        counts[outcome.action] = counts.get(outcome.action, 0) + 1
    record_followups(household_id=by.household_id, items=outcomes, channel=Channel.STATEMENT)
    statement.recorded_at = timezone.now()
    statement.save(update_fields=["recorded_at"])
    if statement.message_id:
        recorded = any(action != DUPLICATE for action in counts)
        statement.message.outcome = MessageOutcome.RECORDED if recorded else MessageOutcome.ALREADY_RECORDED
        statement.message.save(update_fields=["outcome"])
    return counts
