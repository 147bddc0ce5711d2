"""Card statements: read by header names, previewed, recorded once however often they come."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from expenses.entries.services import message_record
from expenses.models import Entry, Message, MessageOutcome, PaymentMethod, StatementImport
from expenses.statements.reading import StatementError, read_statement
from expenses.statements.selectors import statement_preview
from expenses.statements.services import statement_record, statement_upload
from homenrich.errors import Refused
from tests.conftest import membership_of

from .conftest import shinhan
from .files import day, kb_xlsx, samsung_csv, shinhan_xlsx, xlsx

pytestmark = pytest.mark.django_db


def _shinhan_month(today):
    """Three payments, one of them cancelled later in the file, as 신한카드 lists them (newest first)."""
    return shinhan_xlsx(
        [
            (day(today), "21:48", "CGV 용산아이파크몰", -15000, "일시불", "00412345", "취소"),
            (day(today), "19:55", "롯데백화점 본점", 459000, "3개월", "00411111", ""),
            (day(today), "12:31", "CGV 용산아이파크몰", 15000, "일시불", "00412344", ""),
            (day(today), "08:42", "스타벅스코리아", 6100, "일시불", "00410000", ""),
        ]
    )


def test_the_shinhan_layout_is_read_by_its_header_names(today):
    read = read_statement(filename="이용내역.xlsx", content=_shinhan_month(today), today=today)
    assert (read.layout, read.issuer) == ("card", "신한카드")
    payments = [r for r in read.rows if not r.skip]
    assert [(r.merchant, r.amount, r.cancel, r.installments, r.last4, r.time) for r in payments] == [
        ("CGV 용산아이파크몰", 15000, True, 1, "3821", "21:48"),
        ("롯데백화점 본점", 459000, False, 3, "3821", "19:55"),
        ("CGV 용산아이파크몰", 15000, False, 1, "3821", "12:31"),
        ("스타벅스코리아", 6100, False, 1, "3821", "08:42"),
    ]
    assert [r.skip for r in read.rows if r.skip] == ["합계 행"]
    assert read.rows[0].n == 5  # as the spreadsheet numbers it: three title rows, then the header


def test_the_kb_layout_takes_its_issuer_from_the_card_name_and_skips_foreign_rows(today):
    content = kb_xlsx(
        [
            ("2026.11.03", "GS25 역삼점", 4200, None, "일시불"),
            ("2026.11.04", "AMAZON.COM", None, 12.5, "일시불"),
            ("2026.11.05", "이케아 광명점", 1180000, None, "할부 6개월"),
        ]
    )
    read = read_statement(filename="download.xlsx", content=content, today=dt.date(2026, 11, 20))
    assert read.issuer == "KB국민카드"
    assert [(r.date, r.amount, r.installments, r.method, r.skip) for r in read.rows] == [
        ("2026-11-03", 4200, 1, "check", ""),
        ("2026-11-04", 0, 1, "", "해외 이용 (원화 금액 없음)"),
        ("2026-11-05", 1180000, 6, "check", ""),
    ]


def test_a_cp949_csv_is_read_and_its_issuer_chosen_by_hand(today):
    content = samsung_csv([("2026-11-03", "올리브영 강남본점", 27600, "N"), ("2026-11-04", "쿠팡", 9400, "Y")])
    read = read_statement(filename="card.csv", content=content, today=dt.date(2026, 11, 20), issuer="삼성카드")
    assert read.issuer == "삼성카드"
    assert [(r.merchant, r.amount, r.last4) for r in read.rows] == [
        ("올리브영 강남본점", 27600, "4821"),
        ("쿠팡", 9400, "4821"),
    ]


def test_a_bank_history_is_read_with_deposits_and_withdrawals(today):
    content = xlsx(
        [
            ["거래일시", "적요", "출금액", "입금액", "잔액"],
            ["2026-11-03 09:00", "급여", "", "3,500,000", "5,000,000"],
            ["2026-11-04 12:15", "월세", "500,000", "", "4,500,000"],
        ]
    )
    read = read_statement(filename="신한은행_거래내역.xlsx", content=content, today=dt.date(2026, 11, 20))
    assert (read.layout, read.issuer) == ("bank", "신한은행")
    assert [(r.kind, r.amount, r.merchant, r.time) for r in read.rows] == [
        ("income", 3500000, "급여", "09:00"),
        ("expense", 500000, "월세", "12:15"),
    ]


@pytest.mark.parametrize(
    ("content", "says"),
    [
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "옛 엑셀(XLS)"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "EncryptedPackage".encode("utf-16-le") + b"\x00" * 100, "암호가 걸린"),
        (b"<html><table><tr><td>x</td></tr></table></html>", "웹페이지(HTML)"),
        (b"%PDF-1.7 ...", "PDF"),
        (b"PK\x03\x04 not really a workbook", "엑셀 파일을 열 수 없어요"),
        ("이름,나이\n민지,7\n".encode(), "열(이용일·가맹점명·이용금액"),
        (b"", "빈 파일"),
    ],
)
def test_a_file_it_cannot_read_says_why(content, says, today):
    with pytest.raises(StatementError, match=r".") as error:
        read_statement(filename="x.xlsx", content=content, today=today)
    assert says in str(error.value)


def test_an_unreadable_upload_is_refused_and_kept(alice, household, today):
    with pytest.raises(Refused, match="옛 엑셀"):
        statement_upload(
            membership=membership_of(alice, household), filename="old.xls", content=b"\xd0\xcf\x11\xe0" + b"\0" * 99
        )
    message = Message.objects.get()
    assert message.channel == "statement" and message.outcome == MessageOutcome.BAD_REQUEST
    assert not StatementImport.objects.exists()


def test_a_file_that_does_not_say_its_issuer_asks_for_it(alice, household, today):
    content = xlsx([["이용일", "가맹점명", "이용금액"], ["2026.11.03", "GS25", 4200]])
    with pytest.raises(Refused, match="카드사를 골라"):
        statement_upload(membership=membership_of(alice, household), filename="x.xlsx", content=content)
    chosen = statement_upload(
        membership=membership_of(alice, household), filename="x.xlsx", content=content, issuer="우리카드"
    )
    assert chosen.issuer == "우리카드"


def _upload_and_record(user, household, content, *, untick=()):
    membership = membership_of(user, household)
    statement = statement_upload(membership=membership, filename="이용내역.xlsx", content=content)
    preview = statement_preview(statement=statement)
    numbers = {r.row["n"] for r in preview if r.tickable and r.row["n"] not in untick}
    return statement, preview, statement_record(by=membership, statement=statement, numbers=numbers)


def test_a_statement_is_recorded_with_its_cancellation_paired(alice, household, today, month_total):
    statement, preview, counts = _upload_and_record(alice, household, _shinhan_month(today))
    assert [r.status for r in preview] == ["new", "new", "new", "new", "skipped"]
    assert "이 파일 7행의 결제를 취소로 표시해요" in preview[0].note
    assert counts == {"new": 3, "cancelled": 1}
    cgv = Entry.objects.get(memo="CGV 용산아이파크몰")
    assert cgv.cancelled_at is not None and cgv.channel == "statement"
    assert Entry.objects.get(memo="롯데백화점 본점").installments == 3
    assert PaymentMethod.objects.get().name == "신한카드 3821"
    assert month_total(today) == (3, 459000 + 6100)
    assert statement.message.outcome == MessageOutcome.RECORDED


def test_the_same_statement_twice_adds_nothing(alice, bob, household, today, month_total):
    _upload_and_record(alice, household, _shinhan_month(today))
    _, preview, counts = _upload_and_record(bob, household, _shinhan_month(today))
    assert [r.status for r in preview] == ["recorded"] * 4 + ["skipped"]
    assert "같은 결제가 있어요 (" in preview[3].note and "스타벅스코리아" in preview[3].note
    assert counts == {}
    assert month_total(today) == (3, 459000 + 6100)


def test_unticked_rows_are_not_recorded(alice, household, today, month_total):
    _upload_and_record(alice, household, _shinhan_month(today), untick={6})  # 롯데백화점
    assert not Entry.objects.filter(memo="롯데백화점 본점").exists()
    assert month_total(today) == (2, 6100)


def test_a_statement_after_the_notifications_adds_nothing_twice(alice, household, today, month_total):
    member = membership_of(alice, household)
    message_record(membership=member, channel="inbox", text=shinhan(today, 6100, at="08:42"), today=today)
    message_record(membership=member, channel="inbox", text=shinhan(today, 15000, "CGV 용산", at="12:31"), today=today)
    _, preview, counts = _upload_and_record(alice, household, _shinhan_month(today))
    statuses = {r.row["merchant"] + str(r.row["cancel"]): r.status for r in preview if r.row["merchant"]}
    assert statuses["스타벅스코리아False"] == "recorded" and statuses["CGV 용산아이파크몰False"] == "recorded"
    assert statuses["롯데백화점 본점False"] == "new"
    assert counts == {"new": 1, "cancelled": 1}
    assert month_total(today) == (3, 459000 + 6100)  # the CGV payment from the notification is now cancelled


def test_notifications_after_the_statement_are_already_recorded(alice, household, today, month_total):
    _upload_and_record(alice, household, _shinhan_month(today))
    member = membership_of(alice, household)
    again = message_record(membership=member, channel="inbox", text=shinhan(today, 6100, at="08:42"), today=today)
    assert again.outcome == MessageOutcome.ALREADY_RECORDED
    assert month_total(today) == (3, 459000 + 6100)


def test_a_typed_entry_and_its_statement_row_become_one(alice, household, today, month_total):
    member = membership_of(alice, household)
    message_record(membership=member, channel="web", text="아침 커피 6100원", today=today)
    _, preview, _ = _upload_and_record(alice, household, _shinhan_month(today))
    assert "직접 적은 기록과 합쳐요" in preview[3].note
    entry = Entry.objects.get(amount_krw=6100)
    assert (entry.memo, entry.payment_method.name) == ("아침 커피", "신한카드 3821")
    assert month_total(today) == (3, 459000 + 6100)


def test_two_like_rows_of_one_statement_are_two_payments(alice, household, today, month_total):
    content = shinhan_xlsx(
        [
            (day(today), "", "스타벅스코리아", 4500, "일시불", "", ""),
            (day(today), "", "스타벅스코리아", 4500, "일시불", "", ""),
        ]
    )
    _upload_and_record(alice, household, content)
    _upload_and_record(alice, household, content)
    assert month_total(today) == (2, 9000)


def test_a_viewer_cannot_upload(vera, household):
    with pytest.raises(Refused, match="보기 전용"):
        statement_upload(membership=membership_of(vera, household), filename="x.xlsx", content=b"x")


def test_the_upload_page_shows_the_preview(client_for, alice, household, today):
    upload = SimpleUploadedFile("이용내역.xlsx", _shinhan_month(today))
    response = client_for(alice).post("/statements/", {"file": upload, "issuer": ""}, follow=True)
    page = response.content.decode()
    assert response.status_code == 200 and "스타벅스코리아" in page and "새로" in page and "건너뜀" in page


def test_the_upload_page_says_when_a_file_is_not_understood(client_for, alice, household):
    upload = SimpleUploadedFile("old.xls", b"\xd0\xcf\x11\xe0" + b"\0" * 99)
    response = client_for(alice).post("/statements/", {"file": upload})
    assert response.status_code == 400 and "옛 엑셀(XLS) 파일은 읽지 못해요" in response.content.decode()
