"""A card statement in a real browser: upload, preview every row, untick one, record; the same file again adds
nothing; the month shows the cards, the installments and the cancelled payment struck through."""

import pytest
from django.utils import timezone

from expenses.entries.services import message_record
from expenses.models import Entry
from tests.browser.conftest import DESKTOP, phone_signed_in
from tests.conftest import membership_of
from tests.payments.conftest import shinhan
from tests.payments.files import day, shinhan_xlsx

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_statement_is_previewed_and_recorded_once(browser, live_server, shot, alice, household, tmp_path):
    today = timezone.localdate()
    member = membership_of(alice, household)
    # Already here before the file: a notification (forwarded) and a typed entry of the same purchases.
    message_record(membership=member, channel="inbox", text=shinhan(today, 6100, at="08:42"), today=today)
    message_record(membership=member, channel="web", text="저녁 치킨 23500원", today=today)
    statement = tmp_path / "신한카드_이용내역.xlsx"
    statement.write_bytes(
        shinhan_xlsx(
            [
                (day(today), "21:48", "CGV 용산아이파크몰", -15000, "일시불", "00412345", "취소"),
                (day(today), "19:55", "롯데백화점 본점", 459000, "3개월", "00411111", ""),
                (day(today), "19:02", "(주)우아한형제들", 23500, "일시불", "00411000", ""),
                (day(today), "12:31", "CGV 용산아이파크몰", 15000, "일시불", "00412344", ""),
                (day(today), "10:15", "다이소 역삼점", 3000, "일시불", "00410500", ""),
                (day(today), "08:42", "스타벅스코리아", 6100, "일시불", "00410000", ""),
            ]
        )
    )
    csp_errors: list[str] = []
    page = phone_signed_in(browser, live_server, alice)
    page.on("console", lambda msg: csp_errors.append(msg.text) if "Content Security Policy" in msg.text else None)

    page.goto(f"{live_server.url}/statements/")
    page.set_input_files("#id_file", str(statement))
    shot(page, "statement-upload-phone")
    page.click("button:has-text('미리 보기')")
    page.wait_for_selector(".statement-rows")
    rows = page.locator(".statement-row")
    assert rows.count() == 7  # six payments and the 합계 row
    assert page.locator(".status-recorded").count() == 1  # the notification already brought 스타벅스
    assert "직접 적은 기록과 합쳐요" in page.locator("#row-7").inner_text()  # the typed 치킨
    assert "이 파일 8행의 결제를 취소로 표시해요" in page.locator("#row-5").inner_text()
    assert "합계 행" in page.locator(".row-skipped").inner_text()
    page.uncheck("#row-9 input[type=checkbox]")  # 다이소: not ours, say
    shot(page, "statement-preview-phone")

    page.click("button:has-text('고른 줄 기록하기')")
    page.wait_for_selector(".flash li")
    flash = page.locator(".flash li").inner_text()
    assert "새로 2건 기록" in flash and "직접 적은 기록과 1건 합침" in flash and "1건 취소 반영" in flash
    shot(page, "statement-recorded-phone")
    assert Entry.objects.count() == 4  # 스타벅스, 치킨, 롯데백화점, CGV (cancelled)
    assert not Entry.objects.filter(memo__contains="다이소").exists()

    page.goto(f"{live_server.url}/month/{today:%Y-%m}/")
    page.wait_for_selector(".entry.is-cancelled")
    assert page.locator("#total-expense").inner_text() == "488,600원"  # 459,000 + 23,500 + 6,100: CGV is cancelled
    assert page.locator(".entry .pay:has-text('신한카드 3821')").count() == 4
    assert page.locator(".entry .installments:has-text('할부 3개월')").count() == 1
    shot(page, "month-cards-phone")

    # The same file again, on a wide screen: every payment is already recorded, nothing is ticked.
    wide = browser.new_context(viewport=DESKTOP, locale="ko-KR", timezone_id="Asia/Seoul").new_page()
    wide.goto(f"{live_server.url}/accounts/login/")
    wide.fill("#id_username", alice.email)
    wide.fill("#id_password", "correct-horse-battery")
    wide.click("button[type=submit]")
    wide.wait_for_url(f"{live_server.url}/month/**")
    wide.goto(f"{live_server.url}/statements/")
    wide.set_input_files("#id_file", str(statement))
    wide.click("button:has-text('미리 보기')")
    wide.wait_for_selector(".statement-rows")
    assert wide.locator(".status-recorded").count() == 5
    assert wide.locator(".status-new").count() == 1  # only the 다이소 row left out last time
    shot(wide, "statement-again-desktop")
    assert Entry.objects.count() == 4
    assert not csp_errors, csp_errors
