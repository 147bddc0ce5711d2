"""The "채팅 연결" page and the admin: members see and remove their own linked chats, managers theirs."""

import re

import pytest

from chatbots.models import ChatLink, LinkCode
from tests.chatbots.conftest import (
    BOB_KAKAO,
    BOB_TG,
    CHARLIE_TG,
    kakao_payload,
    kakao_text,
    link_kakao,
    link_telegram,
    post_kakao,
    post_telegram,
    reply_text,
    tg_message,
)
from tests.conftest import membership_of

pytestmark = pytest.mark.django_db


def test_the_page_needs_a_login(client, household):
    response = client.get("/chats/")

    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_page_shows_a_deep_link_and_a_code_that_work(client_for, household, bob):
    client = client_for(bob)
    html = client.get("/chats/").content.decode()

    token = re.search(r"https://t\.me/homenrich_test_bot\?start=([A-Za-z0-9_-]+)", html)[1]
    code = re.search(r'value="연결 ([A-Z0-9]{8})"', html)[1]
    assert len(token) <= 64 and "startgroup=" + token in html
    assert "채팅 연결" in html  # the nav link
    assert LinkCode.objects.count() == 2 and not LinkCode.objects.filter(code_hash__in=[token, code]).exists()

    assert "연결됐어요" in reply_text(post_telegram(client, tg_message(f"/start {token}")))
    assert "연결됐어요" in kakao_text(post_kakao(client, kakao_payload(f"연결 {code}")))
    assert ChatLink.objects.filter(membership=membership_of(bob, household)).count() == 2


def test_opening_the_page_again_retires_the_previous_codes(client_for, household, bob):
    client = client_for(bob)
    old = re.search(r"\?start=([A-Za-z0-9_-]+)", client.get("/chats/").content.decode())[1]
    client.get("/chats/")

    assert "만료" in reply_text(post_telegram(client, tg_message(f"/start {old}")))


def test_a_viewer_gets_codes_and_a_note_that_chat_is_read_only(client_for, household, vera):
    html = client_for(vera).get("/chats/").content.decode()

    assert "?start=" in html and "묻기만" in html


def test_it_lists_and_removes_my_linked_chats(client_for, client, household, bob):
    link_telegram(client, bob, household, user_id=BOB_TG)
    link_kakao(client, bob, household, user_key=BOB_KAKAO)
    page = client_for(bob)

    html = page.get("/chats/").content.decode()
    assert "텔레그램" in html and "카카오톡" in html and "민지 (개인)" in html

    link = ChatLink.objects.get(platform="telegram")
    response = page.post(f"/chats/{link.pk}/remove/")

    assert response.status_code == 302
    assert list(ChatLink.objects.values_list("platform", flat=True)) == ["kakao"]
    assert "채팅 연결" in reply_text(post_telegram(page, tg_message("점심 5000원")))


def test_it_checks_ownership(client_for, client, household, bob, alice, charlie, other_household):
    link_telegram(client, bob, household, user_id=BOB_TG)
    link = ChatLink.objects.get()

    for stranger in (charlie, alice):  # another household, and another member of the same one
        assert client_for(stranger).post(f"/chats/{link.pk}/remove/").status_code == 404
        assert "민지" not in client_for(stranger).get("/chats/").content.decode()
    assert ChatLink.objects.filter(pk=link.pk).exists()


def test_remove_is_post_only(client_for, client, household, bob):
    link_telegram(client, bob, household, user_id=BOB_TG)

    assert client_for(bob).get(f"/chats/{ChatLink.objects.get().pk}/remove/").status_code == 405
    assert ChatLink.objects.exists()


def test_a_manager_sees_and_removes_the_households_chats_in_the_admin(
    client_for, client, household, alice, bob, charlie, other_household
):
    link_telegram(client, bob, household, user_id=BOB_TG)
    link_telegram(client, charlie, other_household, user_id=CHARLIE_TG, chat_id=None)
    ours = ChatLink.objects.get(membership=membership_of(bob, household))
    theirs = ChatLink.objects.get(membership=membership_of(charlie, other_household))
    admin = client_for(alice)

    html = admin.get("/admin/chatbots/chatlink/").content.decode()
    assert "밥" in html and "찰리" not in html
    assert admin.get(f"/admin/chatbots/chatlink/{theirs.pk}/change/").status_code in (302, 403, 404)
    admin.post(f"/admin/chatbots/chatlink/{theirs.pk}/delete/", {"post": "yes"})
    assert ChatLink.objects.filter(pk=theirs.pk).exists()

    response = admin.post(f"/admin/chatbots/chatlink/{ours.pk}/delete/", {"post": "yes"})

    assert response.status_code == 302 and not ChatLink.objects.filter(pk=ours.pk).exists()


def test_members_cannot_use_the_admin_for_chats(client_for, client, household, bob):
    link_telegram(client, bob, household, user_id=BOB_TG)

    assert client_for(bob).get("/admin/chatbots/chatlink/").status_code == 302


def test_no_bot_configured_means_no_link_to_a_bot(client_for, household, bob, settings):
    settings.TELEGRAM_BOT_TOKEN = ""
    settings.TELEGRAM_BOT_USERNAME = "homenrich_bot"
    html = client_for(bob).get("/chats/").content.decode()

    assert "t.me/" not in html and "@homenrich_bot" not in html
    assert "텔레그램 봇은 아직 준비되지 않았어요" in html


def test_no_kakao_channel_configured_says_so(client_for, household, bob, settings):
    settings.KAKAO_SKILL_TOKEN = ""
    html = client_for(bob).get("/chats/").content.decode()

    assert "카카오톡 채널은 아직 준비되지 않았어요" in html and 'id="kakao-code"' not in html


def test_the_kakao_code_has_a_copy_button_and_stays_selectable(client_for, household, bob):
    html = client_for(bob).get("/chats/").content.decode()

    assert re.search(r'<input class="copy" readonly value="연결 [A-Z0-9]{8}"[^>]*id="kakao-code">', html)
    assert 'data-copy="kakao-code"' in html


def test_the_telegram_link_can_be_copied_for_another_device(client_for, household, bob):
    html = client_for(bob).get("/chats/").content.decode()

    box = re.search(
        r'<textarea[^>]*id="telegram-url"[^>]*>(https://t\.me/homenrich_test_bot\?start=[\w-]+)</textarea>', html
    )
    assert box and 'data-copy="telegram-url"' in html
