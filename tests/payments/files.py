"""Card statement files as the issuers' download pages give them, written here with openpyxl and csv.

The layouts follow the column names the issuers use (신한: 이용일자/이용카드/가맹점명/이용금액, KB국민:
이용일/이용하신곳/국내이용금액(원)/해외이용금액($), 삼성 CSV in CP949: 승인일자/가맹점명/승인금액(원)), with the title
and period rows above the header and the 합계 row below that real downloads have.
"""

import datetime as dt
import io

from openpyxl import Workbook


def xlsx(rows: list[list]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def shinhan_xlsx(lines: list[tuple], *, title=True) -> bytes:
    """lines: (day, "HH:MM", merchant, amount, 이용구분, 승인번호, 취소상태)."""
    rows = [["신한카드 이용내역"], ["조회기간", "2026.11.01 ~ 2026.11.30"], []] if title else []
    rows.append(["이용일자", "이용시간", "이용카드", "가맹점명", "이용금액", "이용구분", "승인번호", "취소상태"])
    total = 0
    for day, at, merchant, amount, kind, approval, status in lines:
        rows.append([day, at, "본인 3821", merchant, amount, kind, approval, status])
        total += amount
    rows.append(["합계", "", "", "", total, "", "", ""])
    return xlsx(rows)


def kb_xlsx(lines: list[tuple]) -> bytes:
    """lines: (day as text "2026.11.03", merchant, won or None, dollars or None, 결제방법)."""
    rows = [
        ["이용일", "이용시간", "이용카드명", "이용하신곳", "국내이용금액(원)", "해외이용금액($)", "결제방법", "상태"],
    ]
    for day, merchant, won, dollars, how in lines:
        rows.append([day, "12:00", "KB국민 노리체크(4*1*)", merchant, won, dollars, how, "정상"])
    return xlsx(rows)


def samsung_csv(lines: list[tuple]) -> bytes:
    """lines: (day "2026-11-03", merchant, amount, 취소여부); CP949 as Korean Excel saves it."""
    out = ["승인일자,승인시각,카드번호,가맹점명,승인금액(원),일시불/할부,할부개월,승인번호,취소여부"]
    for number, (day, merchant, amount, cancelled) in enumerate(lines):
        out.append(
            f'{day},10:0{number % 10},1234-56**-****-4821,{merchant},"{amount:,}",일시불,0,{30000 + number},{cancelled}'
        )
    return "\r\n".join(out).encode("cp949")


def day(d: dt.date) -> dt.datetime:
    return dt.datetime(d.year, d.month, d.day)
