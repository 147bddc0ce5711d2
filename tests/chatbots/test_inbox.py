"""The forwarding address: a phone automation's card texts become entries of one member, safely."""

import datetime as dt
import re

import pytest
from django.utils import timezone

from chatbots import inbox_hook
from chatbots.models import InboxAddress
from expenses.models import Entry, Message, MessageOutcome
from households.models import Membership
from tests.conftest import membership_of
from tests.payments.conftest import bill_notice, shinhan

from .conftest import inbox_token, post_inbox

pytestmark = pytest.mark.django_db


def _today():
    return timezone.localdate()


def test_the_links_page_makes_an_address_shown_once(client_for, household, bob):
    client = client_for(bob)
    page = client.post("/chats/").content.decode()
    url = re.search(r'id="inbox-url"[^>]*|value="(http[^"]+/hooks/inbox/[^"]+)"', page)
    shown = re.search(r'value="(http://testserver/hooks/inbox/([A-Za-z0-9_-]{40,})/)"', page)
    assert url and shown, page
    token = shown.group(2)
    address = InboxAddress.objects.get()
    assert token not in (address.token_hash, address.hint) and address.token_hash != token
    assert address.hint == token[-4:] and address.membership == membership_of(bob, household)
    again = client.get("/chats/").content.decode()
    assert token not in again and f"…{address.hint}" in again  # never shown again, only its last characters
    assert "단축어" in again and "안드로이드" in again


def test_a_notification_sent_to_the_address_is_bobs_entry(client, household, bob):
    token = inbox_token(bob, household)
    response = post_inbox(client, token, shinhan(_today(), 6100))
    assert response.status_code == 200, response.content
    assert response.json()["ok"] is True and response.json()["outcome"] == "recorded"
    assert "신한카드 3821" in response.json()["reply"]
    entry = Entry.objects.get()
    assert (entry.paid_by, entry.entered_by, entry.channel) == (membership_of(bob, household),) * 2 + ("inbox",)
    assert entry.message.raw_text == shinhan(_today(), 6100)


def test_json_and_form_bodies_are_read_too(client, household, bob):
    token = inbox_token(bob, household)
    assert post_inbox(client, token, json_body={"text": shinhan(_today(), 4500, at="09:00")}).status_code == 200
    form = client.post(f"/hooks/inbox/{token}/", {"text": shinhan(_today(), 5500, at="10:00")})
    assert form.status_code == 200, form.content
    assert sorted(Entry.objects.values_list("amount_krw", flat=True)) == [4500, 5500]


def test_an_euc_kr_body_that_says_so_is_read(client, household, bob):
    token = inbox_token(bob, household)
    text = shinhan(_today(), 6100)
    response = post_inbox(client, token, raw=text.encode("cp949"), content_type="text/plain; charset=euc-kr")
    assert response.status_code == 200 and Entry.objects.get().memo == "스타벅스코리아"


@pytest.mark.parametrize(
    ("body", "content_type", "status", "says"),
    [
        (b"", "text/plain", 400, "비어 있어요"),
        (b"   \n ", "text/plain", 400, "비어 있어요"),
        (b'{"txt": "oops"}', "application/json", 400, "text"),
        (b'{"text": 5}', "application/json", 400, "text"),
        (b"[1, 2", "application/json", 400, "JSON을 읽을 수 없어요"),
        (b"\xff\xfe\xfa not utf-8", "text/plain", 400, "UTF-8"),
        (
            b'--x\r\nContent-Disposition: form-data; name="txt"\r\n\r\nhi\r\n--x--\r\n',
            "multipart/form-data; boundary=x",
            400,
            "비어 있어요",
        ),
        (b"<sms>hi</sms>", "application/xml", 415, "text/plain"),
        (b"a" * (inbox_hook.MAX_BODY_BYTES + 1), "text/plain", 413, "너무 커요"),
    ],
)
def test_a_malformed_body_gets_a_clear_4xx_and_is_kept(client, household, bob, body, content_type, status, says):
    token = inbox_token(bob, household)
    response = post_inbox(client, token, raw=body, content_type=content_type)
    assert response.status_code == status
    assert says in response.json()["reply"] and response.json()["ok"] is False
    assert not Entry.objects.exists()
    if body.strip():
        assert Message.objects.get().outcome == MessageOutcome.BAD_REQUEST


def test_an_unknown_or_revoked_address_is_404_and_records_nothing(client, client_for, household, bob):
    token = inbox_token(bob, household)
    assert post_inbox(client, "x" * 43, shinhan(_today(), 6100)).status_code == 404
    newer = inbox_token(bob, household)  # a new address stops the old one
    assert post_inbox(client, token, shinhan(_today(), 6100)).status_code == 404
    address = InboxAddress.objects.get(revoked_at__isnull=True)
    client_for(bob).post(f"/chats/inbox/{address.pk}/revoke/")
    response = post_inbox(client, newer, shinhan(_today(), 6100))
    assert response.status_code == 404 and "새 주소" in response.json()["reply"]
    assert not Entry.objects.exists() and not Message.objects.exists()


def test_a_former_members_address_stops(client, household, bob):
    token = inbox_token(bob, household)
    Membership.objects.filter(user=bob).update(left_at=timezone.now())
    assert post_inbox(client, token, shinhan(_today(), 6100)).status_code == 404
    assert not Entry.objects.exists()


def test_a_viewers_address_records_nothing_but_keeps_the_text(client, household, bob):
    token = inbox_token(bob, household)
    Membership.objects.filter(user=bob).update(role="viewer")
    response = post_inbox(client, token, shinhan(_today(), 6100))
    assert response.status_code == 403 and "보기 전용" in response.json()["reply"]
    assert not Entry.objects.exists() and Message.objects.get().outcome == MessageOutcome.READ_ONLY


def test_a_viewer_cannot_make_an_address(client_for, household, vera):
    page = client_for(vera).post("/chats/", follow=True).content.decode()
    assert "보기 전용 구성원은 알림 전달 주소를 만들 수 없어요" in page
    assert not InboxAddress.objects.exists()


def test_a_bill_notice_is_taken_but_not_recorded(client, household, bob):
    response = post_inbox(client, inbox_token(bob, household), bill_notice())
    assert response.status_code == 200 and response.json()["outcome"] == "notice_skipped"
    assert response.json()["reply"].startswith("결제 예정 안내라서 기록하지 않았어요")
    assert not Entry.objects.exists()


def test_the_address_is_rate_limited_and_keeps_what_it_refused(client, household, bob):
    token = inbox_token(bob, household)
    for minute in range(inbox_hook.MESSAGES_PER_MINUTE):
        post_inbox(client, token, f"메모 {minute + 1}번")
    response = post_inbox(client, token, shinhan(_today(), 6100))
    assert response.status_code == 429 and response["Retry-After"] == "60"
    assert Message.objects.filter(outcome=MessageOutcome.RATE_LIMITED).get().raw_text == shinhan(_today(), 6100)
    assert not Entry.objects.exists()


def test_a_date_outside_the_window_is_refused(client, household, bob):
    token = inbox_token(bob, household)
    response = post_inbox(client, token, "[Web발신]\n신한카드(3821)승인 홍*동 6,100원(일시불)1999/02/13 08:42 스타벅스")
    assert response.status_code == 422 and "날짜는" in response.json()["reply"]
    assert not Entry.objects.exists()


def test_get_is_not_allowed(client, household, bob):
    response = client.get(f"/hooks/inbox/{inbox_token(bob, household)}/")
    assert response.status_code == 405 and response["Allow"] == "POST"


def test_one_members_address_never_writes_for_another(client, household, bob, charlie, other_household):
    token = inbox_token(charlie, other_household)
    post_inbox(client, token, shinhan(_today(), 6100))
    assert Entry.objects.get().household == other_household
    assert not Entry.objects.filter(household=household).exists()


def test_an_old_address_row_keeps_when_it_was_used(client, household, bob):
    token = inbox_token(bob, household)
    post_inbox(client, token, shinhan(_today() - dt.timedelta(days=1), 6100))
    assert InboxAddress.objects.get().last_used_at is not None
