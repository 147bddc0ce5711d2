"""The household page: leaving and removing take a second step that names the consequence; the add-category
field is labelled, the hidden-category boxes are big, Claude's spend reads in won."""

import html as html_lib
import re
from decimal import Decimal
from pathlib import Path

import pytest

from categorization.models import LLMCall
from tests.conftest import membership_of

pytestmark = pytest.mark.django_db


def _text(html: str) -> str:
    return html_lib.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)))


def test_removing_is_labelled_apart_from_the_export_link(client_for, alice, bob, household):
    html = client_for(alice).get("/household/").content.decode()
    member = membership_of(bob, household)
    assert f'href="/household/members/{member.pk}/remove/"' in html
    assert "구성원에서 빼기" in html
    assert ">내보내기<" not in html  # the export link's word ("내보내기 · 백업") stays the export's


def test_one_tap_does_not_remove_a_member(client_for, alice, bob, household):
    client = client_for(alice)
    member = membership_of(bob, household)
    page = client.get(f"/household/members/{member.pk}/remove/")
    text = _text(page.content.decode())
    assert page.status_code == 200
    assert f"{member.display_name}님을 구성원에서 뺄까요?" in text
    assert "더 이상 보거나 기록할 수 없어요" in text and "그대로 남아요" in text and "새 초대 링크" in text
    assert 'name="confirm" value="1"' in page.content.decode()
    # A bare POST (an old form, a double tap) asks again instead of removing.
    again = client.post(f"/household/members/{member.pk}/remove/")
    assert again.status_code == 200 and "뺄까요?" in again.content.decode()
    member.refresh_from_db()
    assert member.left_at is None
    client.post(f"/household/members/{member.pk}/remove/", {"confirm": "1"})
    member.refresh_from_db()
    assert member.left_at is not None


def test_with_htmx_the_confirmation_comes_inline(client_for, alice, bob, household):
    member = membership_of(bob, household)
    html = client_for(alice).get(f"/household/members/{member.pk}/remove/", HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in html and 'class="confirm-box"' in html and "구성원에서 빼기" in html
    page = client_for(alice).get("/household/").content.decode()
    assert f'hx-target="#confirm-member-{member.pk}"' in page and f'id="confirm-member-{member.pk}"' in page


def test_leaving_names_the_consequence_first(client_for, bob, household):
    client = client_for(bob)
    member = membership_of(bob, household)
    text = _text(client.get("/household/leave/").content.decode())
    assert f"'{household.name}'에서 나갈까요?" in text and "새 초대 링크를 받아야 해요" in text
    client.post("/household/leave/")
    member.refresh_from_db()
    assert member.left_at is None
    client.post("/household/leave/", {"confirm": "1"})
    member.refresh_from_db()
    assert member.left_at is not None


def test_members_cannot_remove_even_with_the_confirmation(client_for, bob, alice, household):
    owner = membership_of(alice, household)
    client = client_for(bob)
    assert client.get(f"/household/members/{owner.pk}/remove/").status_code == 403
    assert client.post(f"/household/members/{owner.pk}/remove/", {"confirm": "1"}).status_code == 403


def test_the_add_category_field_has_a_label_and_the_hidden_boxes_are_big(client_for, alice):
    html = client_for(alice).get("/household/").content.decode()
    match = re.search(r'<input[^>]*name="name"[^>]*id="(id_[^"]+)"|<input[^>]*id="(id_[^"]+)"[^>]*name="name"', html)
    field_id = next(g for g in match.groups() if g)
    assert f'<label for="{field_id}">새 분류 이름</label>' in html
    assert 'class="check check-big"><input type="checkbox" name="is_hidden"' in html
    css = (Path(__file__).resolve().parent.parent / "static/css/pages.css").read_text(encoding="utf-8")
    assert ".check-big { min-height: 44px; min-width: 44px;" in css


def test_claudes_spend_is_shown_in_won(client_for, alice, household, settings):
    settings.USD_KRW_RATE = 1400
    settings.LLM_MONTHLY_BUDGET_USD = "10"
    LLMCall.objects.create(
        household=household, model="claude-haiku", input_tokens=50, output_tokens=10, cost_usd=Decimal("0.0123")
    )
    text = _text(client_for(alice).get("/household/").content.decode())
    assert "약 14,000원 (10달러)" in text
    assert "약 17원 (0.0123달러)" in text
    assert "$" not in text


def test_the_invitation_link_wraps_whole_and_has_a_copy_button(client_for, alice):
    html = client_for(alice).post("/household/invitations/", {"role": "member"}, follow=True).content.decode()
    link = re.search(
        r'<textarea class="copy copy-long" readonly rows="3" id="invite-link"[^>]*>(http[^<]+/join/[^<]+)</textarea>',
        html,
    )
    assert link, "the whole link in a read-only box that wraps"
    assert 'data-copy="invite-link"' in html
