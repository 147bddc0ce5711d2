"""Card statement files (이용내역, XLSX or CSV) read into rows: columns found by their header names.

Every card company lays its download out differently, and the layout changes now and then; so the reader
does not keep one template per issuer. It looks in the first rows for a header row — a date column, an
amount column (or 출금/입금 columns for a bank's 거래내역) and a merchant column, each known by any of
the names the issuers use — and reads every row below it. Rows it cannot use say why (합계 rows, rows
without a date or an amount, amounts in a foreign currency). A file it cannot read says that clearly:
an old XLS, a password-protected or HTML "xls", a PDF, no header it knows.
"""

import csv
import datetime as dt
import io
import re
import zipfile
from dataclasses import asdict, dataclass, field
from decimal import ROUND_HALF_UP, Decimal

MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_ROWS = 5000
MAX_COLUMNS = 60
HEADER_SEARCH_ROWS = 30


class StatementError(Exception):
    """A file that cannot be read, with the reason in Korean."""


# Header names per field, most specific first: the first one a file has wins.
HEADERS: dict[str, tuple[str, ...]] = {
    "date": (
        "이용일자",
        "이용일",
        "이용일시",
        "승인일자",
        "승인일",
        "승인일시",
        "거래일자",
        "거래일",
        "거래일시",
        "매출일자",
        "매출일",
        "사용일자",
        "사용일",
        "사용일시",
        "일자",
        "날짜",
    ),
    "time": ("이용시간", "이용시각", "승인시간", "승인시각", "거래시간", "거래시각", "사용시간", "시간"),
    "merchant": (
        "가맹점명",
        "이용가맹점",
        "가맹점",
        "이용하신곳",
        "이용처",
        "사용처",
        "가맹점정보",
        "거래처",
        "상호명",
        "상호",
        "거래내용",
        "내용",
        "적요",
        "기재내용",
        "받는분",
        "보낸분",
    ),
    "amount": (
        "이용금액",
        "승인금액",
        "국내이용금액",
        "매출금액",
        "거래금액",
        "사용금액",
        "원화금액",
        "금액",
        "결제금액",
    ),
    "withdrawal": ("출금액", "출금금액", "찾으신금액", "지급금액", "출금"),
    "deposit": ("입금액", "입금금액", "맡기신금액", "입금"),
    "foreign": ("해외이용금액", "현지이용금액", "외화금액", "현지금액", "해외금액"),
    "installments": (
        "할부개월",
        "할부개월수",
        "할부기간",
        "할부",
        "할부회차",
        "이용구분",
        "결제방법",
        "결제구분",
        "일시불할부",
    ),
    "card": ("이용카드", "카드번호", "이용카드명", "카드명", "카드정보", "카드"),
    "approval": ("승인번호",),
    "status": ("취소여부", "취소상태", "승인구분", "매출구분", "거래구분", "승인상태", "처리상태", "상태", "구분"),
}

# Issuer names as statements, their title rows and their file names write them → the parser's names.
_CARD_ISSUERS = (
    ("카카오뱅크", "카카오뱅크"),
    ("kakaobank", "카카오뱅크"),
    ("토스뱅크", "토스뱅크"),
    ("tossbank", "토스뱅크"),
    ("케이뱅크", "케이뱅크"),
    ("kbank", "케이뱅크"),
    ("KB국민", "KB국민카드"),
    ("국민", "KB국민카드"),
    ("kookmin", "KB국민카드"),
    ("kbcard", "KB국민카드"),
    ("신한", "신한카드"),
    ("shinhan", "신한카드"),
    ("삼성", "삼성카드"),
    ("samsung", "삼성카드"),
    ("현대", "현대카드"),
    ("hyundai", "현대카드"),
    ("롯데", "롯데카드"),
    ("lotte", "롯데카드"),
    ("우리", "우리카드"),
    ("woori", "우리카드"),
    ("하나", "하나카드"),
    ("hana", "하나카드"),
    ("비씨", "BC카드"),
    ("BC", "BC카드"),
    ("bccard", "BC카드"),
    ("NH", "NH농협카드"),
    ("농협", "NH농협카드"),
    ("nonghyup", "NH농협카드"),
    ("IBK", "IBK기업은행"),
    ("기업", "IBK기업은행"),
    ("씨티", "씨티카드"),
    ("citi", "씨티카드"),
)
_BANKS = {
    "KB국민카드": "KB국민은행",
    "신한카드": "신한은행",
    "우리카드": "우리은행",
    "하나카드": "하나은행",
    "NH농협카드": "NH농협은행",
    "씨티카드": "한국씨티은행",
}
ISSUERS = (
    "신한카드",
    "삼성카드",
    "현대카드",
    "KB국민카드",
    "롯데카드",
    "우리카드",
    "하나카드",
    "BC카드",
    "NH농협카드",
    "IBK기업은행",
    "씨티카드",
    "카카오뱅크",
    "토스뱅크",
    "케이뱅크",
    "KB국민은행",
    "신한은행",
    "우리은행",
    "하나은행",
    "NH농협은행",
)


@dataclass
class StatementRow:
    """One row of the file as read. Stored as JSON on the StatementImport (asdict)."""

    n: int  # the row's number in the file (1-based), as a spreadsheet shows it
    cells: list[str]
    date: str = ""  # ISO
    time: str = ""  # HH:MM
    merchant: str = ""
    amount: int = 0
    kind: str = "expense"
    cancel: bool = False
    installments: int = 1
    last4: str = ""
    method: str = ""  # "check" when the row says so, "bank" for a bank file, else "" (not told)
    approval: str = ""
    key: str = ""  # what tells like rows of the file apart (see payments.matching.Reading.key)
    skip: str = ""  # why the row records nothing, in Korean; "" for a payment


@dataclass
class StatementFile:
    layout: str  # "card" or "bank"
    issuer: str  # "" when the file does not say
    header: list[str]
    rows: list[StatementRow] = field(default_factory=list)

    def as_json(self) -> list[dict]:
        return [asdict(row) for row in self.rows]


def _norm(header: object) -> str:
    text = re.sub(r"\([^)]*\)|\[[^\]]*\]", "", str(header or ""))
    return re.sub(r"[\s/·._-]+", "", text)


def _columns(header: list[str]) -> dict[str, int]:
    names = [_norm(h) for h in header]
    found: dict[str, int] = {}
    for name, synonyms in HEADERS.items():
        for synonym in synonyms:
            if synonym in names and names.index(synonym) not in found.values():
                found[name] = names.index(synonym)
                break
    return found


def _usable(columns: dict[str, int]) -> bool:
    money = "amount" in columns or "withdrawal" in columns or "deposit" in columns
    return "date" in columns and money and "merchant" in columns


# --- files to tables ------------------------------------------------------------------------------


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M") if (value.hour or value.minute) else value.strftime("%Y-%m-%d")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dt.time):
        return value.strftime("%H:%M")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _xlsx_tables(content: bytes) -> list[list[list[str]]]:
    # openpyxl is ~80 ms of import: only a card statement upload needs it, not the process's start.
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
        raise StatementError(
            "엑셀 파일을 열 수 없어요. 카드사 홈페이지에서 받은 그대로의 XLSX 파일인지 확인해 주세요."
        ) from error
    tables = []
    try:
        for sheet in workbook.worksheets:
            rows = sheet.iter_rows(max_row=MAX_ROWS + HEADER_SEARCH_ROWS + 1, max_col=MAX_COLUMNS, values_only=True)
            tables.append([[_cell(v) for v in row] for row in rows])
    finally:
        workbook.close()
    return tables


def _csv_table(content: bytes) -> list[list[str]]:
    for encoding in ("utf-8-sig", "cp949"):  # Korean Excel saves CSV as CP949 unless told otherwise
        try:
            text = content.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise StatementError(
            "CSV 파일의 글자를 읽을 수 없어요. UTF-8이나 CP949(엑셀 기본)로 저장된 파일을 올려 주세요."
        )
    sample = text[:4096]
    delimiter = max((",", "\t", ";"), key=sample.count)
    rows = csv.reader(io.StringIO(text.replace("\x00", "")), delimiter=delimiter)
    table = []
    for row in rows:
        table.append([cell.strip() for cell in row[:MAX_COLUMNS]])
        if len(table) > MAX_ROWS + HEADER_SEARCH_ROWS:
            break
    return table


def _tables(filename: str, content: bytes) -> list[list[list[str]]]:
    head = content[:512].lstrip(b"\xef\xbb\xbf \t\r\n")
    if not content.strip():
        raise StatementError("빈 파일이에요.")
    if len(content) > MAX_FILE_BYTES:
        raise StatementError(
            f"파일이 너무 커요. {MAX_FILE_BYTES // 1024 // 1024}MB까지 올릴 수 있어요. 한 달씩 나눠 받아 주세요."
        )
    if content.startswith(b"\xd0\xcf\x11\xe0"):
        if "EncryptedPackage".encode("utf-16-le") in content:
            raise StatementError(
                "암호가 걸린 엑셀 파일은 읽지 못해요. 엑셀에서 열어 암호를 풀고 XLSX로 다시 저장해 올려 주세요."
            )
        raise StatementError(
            "옛 엑셀(XLS) 파일은 읽지 못해요. 엑셀에서 열어 'Excel 통합 문서(XLSX)'나 CSV로 저장해 올려 주세요."
        )
    if head.startswith(b"%PDF"):
        raise StatementError(
            "PDF 명세서는 읽지 못해요. 카드사 홈페이지의 이용내역에서 엑셀(XLSX)이나 CSV로 받아 주세요."
        )
    if head[:1] == b"<":
        raise StatementError(
            "웹페이지(HTML)로 된 파일이에요. 엑셀에서 열어 'Excel 통합 문서(XLSX)'나 CSV로 저장해 올려 주세요."
        )
    if content.startswith(b"PK"):
        return _xlsx_tables(content)
    if b"\x00" in content[:2048]:
        raise StatementError("이 파일은 읽을 수 없어요. 카드 이용내역 XLSX나 CSV 파일을 올려 주세요.")
    return [_csv_table(content)]


# --- tables to rows -------------------------------------------------------------------------------


def issuer_named(text: str) -> str:
    """The issuer a title, a card name or a file name speaks of ("" when none)."""
    for name, issuer in _CARD_ISSUERS:
        if name.isascii():
            if re.search(rf"(?<![A-Za-z]){re.escape(name)}(?![A-Za-z])", text, re.IGNORECASE):
                return issuer
        elif name in text:
            return issuer
    return ""


_DATE_RE = re.compile(
    r"(?P<y>(?:19|20)?\d{2})\s*[./\-년]\s*(?P<m>\d{1,2})\s*[./\-월]\s*(?P<d>\d{1,2})"
    r"|(?P<compact>(?:19|20)\d{6})"
    r"|^(?P<m2>\d{1,2})\s*[./\-월]\s*(?P<d2>\d{1,2})"
)
_TIME_RE = re.compile(r"(?<!\d)([01]?\d|2[0-3]):([0-5]\d)")
_TOTAL_RE = re.compile(r"^(?:합\s*계|소\s*계|총\s*계|총\s*합계|총\s*이용|합계금액|total)", re.IGNORECASE)


def _date(text: str, today: dt.date) -> dt.date | None:
    m = _DATE_RE.search(text)
    if m is None:
        return None
    try:
        if m["compact"]:
            value = m["compact"]
            return dt.date(int(value[:4]), int(value[4:6]), int(value[6:]))
        if m["y"]:
            year = int(m["y"])
            return dt.date(year + 2000 if year < 100 else year, int(m["m"]), int(m["d"]))
        month, day = int(m["m2"]), int(m["d2"])
        # No year: the closest such date at most a week ahead, as for typed dates.
        for year in (today.year + 1, today.year, today.year - 1):
            candidate = dt.date(year, month, day)
            if candidate <= today + dt.timedelta(days=7):
                return candidate
    except ValueError:
        return None
    return None


def _amount(text: str) -> int | None:
    """12,300 · 12300원 · -12,300 · (12,300) · ₩12,300 → a signed int; None when no amount."""
    text = text.replace("₩", "").replace("원", "").replace(",", "").replace(" ", "")
    negative = text.startswith("-") or (text.startswith("(") and text.endswith(")"))
    digits = text.strip("-()+")
    if not re.fullmatch(r"\d+(?:\.\d+)?", digits):
        return None
    value = int(Decimal(digits).to_integral_value(ROUND_HALF_UP))  # 12300.0 from a spreadsheet; never a float
    return -value if negative else value


def _installments(text: str) -> int:
    if not text or "일시불" in text:
        return 1
    m = re.search(r"(\d{1,2})", text)
    n = int(m.group(1)) if m else 1
    return n if 1 <= n <= 60 else 1


def _last4(text: str) -> str:
    """The card's last four digits as printed (1234-56**-****-7890, 신한카드(7890)); "" when masked."""
    digits = re.findall(r"(?<!\d)\d{4}(?!\d)", text)
    return digits[-1] if digits else ""


def read_statement(*, filename: str, content: bytes, today: dt.date, issuer: str = "") -> StatementFile:
    """The rows of a card statement (or a bank's 거래내역); StatementError with the reason when it cannot."""
    for table in _tables(filename, content):
        for index, header in enumerate(table[:HEADER_SEARCH_ROWS]):
            columns = _columns(header)
            if _usable(columns):
                title = " ".join(" ".join(row) for row in table[:index])
                return _read_rows(table, index, columns, filename=filename, title=title, today=today, issuer=issuer)
    raise StatementError(
        "이 파일에서 카드 이용내역의 열(이용일·가맹점명·이용금액 같은 제목)을 찾지 못했어요. "
        "카드사 홈페이지의 '이용내역' 엑셀(XLSX)이나 CSV 파일인지 확인해 주세요."
    )


def _read_rows(
    table: list[list[str]],
    index: int,
    columns: dict[str, int],
    *,
    filename: str,
    title: str,
    today: dt.date,
    issuer: str,
) -> StatementFile:
    bank = "amount" not in columns
    header = table[index]
    cards = " ".join(
        row[columns["card"]]
        for row in table[index + 1 : index + 50]
        if "card" in columns and len(row) > columns["card"]
    )
    issuer = issuer or issuer_named(title) or issuer_named(cards) or issuer_named(filename)
    if bank and issuer in _BANKS:
        issuer = _BANKS[issuer]
    result = StatementFile(layout="bank" if bank else "card", issuer=issuer, header=header)
    body = table[index + 1 : index + 1 + MAX_ROWS]
    if len(table) > index + 1 + MAX_ROWS:
        raise StatementError(f"한 번에 {MAX_ROWS:,}행까지 가져올 수 있어요. 기간을 나눠 받아 주세요.")
    seen: dict[tuple, int] = {}
    for offset, cells in enumerate(body):
        if not any(cells):
            continue
        row = _row(cells, columns, n=index + 2 + offset, today=today, bank=bank)
        if not row.skip:
            like = (row.date, row.time, row.amount, row.merchant, row.cancel, row.kind, row.last4)
            count = seen.get(like, 0)
            seen[like] = count + 1
            row.key = f"{row.approval}#{count}" if row.approval else f"#{count}"
        result.rows.append(row)
    return result


def _get(cells: list[str], columns: dict[str, int], name: str) -> str:
    i = columns.get(name)
    return cells[i].strip() if i is not None and i < len(cells) else ""


def _row(cells: list[str], columns: dict[str, int], *, n: int, today: dt.date, bank: bool) -> StatementRow:
    row = StatementRow(n=n, cells=cells)
    first = next((c for c in cells if c), "")
    if (
        _TOTAL_RE.match(first)
        or _TOTAL_RE.match(_get(cells, columns, "merchant"))
        or _TOTAL_RE.match(_get(cells, columns, "date"))
    ):
        row.skip = "합계 행"
        return row
    date_text = _get(cells, columns, "date")
    day = _date(date_text, today)
    if day is None:
        row.skip = "날짜 없음"
        return row
    row.date = day.isoformat()
    time_match = _TIME_RE.search(_get(cells, columns, "time") or date_text[8:])
    row.time = f"{int(time_match.group(1)):02d}:{time_match.group(2)}" if time_match else ""
    row.merchant = " ".join(_get(cells, columns, "merchant").split())[:100]
    status = _get(cells, columns, "status")
    if bank:
        out, into = _amount(_get(cells, columns, "withdrawal")) or 0, _amount(_get(cells, columns, "deposit")) or 0
        if not out and not into:
            row.skip = "금액 없음"
            return row
        row.kind, amount = ("expense", out) if out else ("income", into)
        row.method = "bank"
    else:
        amount = _amount(_get(cells, columns, "amount"))
        if not amount:
            row.skip = "해외 이용 (원화 금액 없음)" if _amount(_get(cells, columns, "foreign")) else "금액 없음"
            return row
        card = _get(cells, columns, "card")
        row.last4 = _last4(card)
        row.method = "check" if "체크" in card else ""
        row.installments = _installments(_get(cells, columns, "installments"))
    row.cancel = amount < 0 or "취소" in status
    row.amount = abs(amount)
    row.approval = re.sub(r"\D", "", _get(cells, columns, "approval"))[:20]
    return row
