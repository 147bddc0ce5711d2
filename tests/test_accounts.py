"""Password change and reset by e-mail."""

import re

import pytest
from django.core import mail
from django.test import Client

pytestmark = pytest.mark.django_db


def test_password_reset_by_email(client, alice):
    response = client.post("/accounts/password_reset/", {"email": alice.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1 and "비밀번호 재설정" in mail.outbox[0].subject
    link = re.search(r"http://testserver(/accounts/reset/\S+)", mail.outbox[0].body)[1]
    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200
    done = client.post(
        form_page.redirect_chain[-1][0], {"new_password1": "새-비밀번호-2026!", "new_password2": "새-비밀번호-2026!"}
    )
    assert done.status_code == 302
    login = client.post("/accounts/login/", {"username": alice.email, "password": "새-비밀번호-2026!"})
    assert login.status_code == 302 and client.session["_auth_user_id"] == str(alice.pk)


def test_an_unknown_address_gets_the_same_answer_and_no_mail(client, db):
    response = client.post("/accounts/password_reset/", {"email": "nobody@example.com"})
    assert response.status_code == 302 and not mail.outbox


def test_password_change_needs_the_old_password(client_for, alice):
    client = client_for(alice)
    response = client.post(
        "/accounts/password_change/",
        {"old_password": "wrong", "new_password1": "새-비밀번호-2026!", "new_password2": "새-비밀번호-2026!"},
    )
    assert response.status_code == 200 and "기존 비밀번호를 잘못" in response.content.decode()
    response = client.post(
        "/accounts/password_change/",
        {
            "old_password": "correct-horse-battery",
            "new_password1": "새-비밀번호-2026!",
            "new_password2": "새-비밀번호-2026!",
        },
    )
    assert response.status_code == 302


def test_reset_mails_to_one_address_are_capped_and_the_answer_stays_the_same(client, alice):
    """The red team sent 16 reset mails in a row to one address."""
    for n in range(4):
        response = Client(REMOTE_ADDR=f"198.51.100.{n}").post("/accounts/password_reset/", {"email": alice.email})
        assert response.status_code == 302
    assert len(mail.outbox) == 3


def test_reset_requests_from_one_address_are_throttled_in_korean(client, alice):
    for n in range(5):
        assert client.post("/accounts/password_reset/", {"email": f"nobody{n}@example.com"}).status_code == 302
    response = client.post("/accounts/password_reset/", {"email": alice.email})
    assert response.status_code == 429 and "요청이 너무 잦아요" in response.content.decode()
    assert not mail.outbox
