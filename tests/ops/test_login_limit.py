"""Login lockout (django-axes): 10 failed logins per address and login in 15 minutes, then a Korean refusal.

The client address is the socket's peer unless the deployment says it sits behind Fly's proxy
(TRUSTED_PROXY=fly): a Fly-Client-IP header typed by anyone else changes nothing.
"""

import datetime as dt

import pytest
from axes.models import AccessAttempt
from django.test import Client

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery"  # tests.factories.UserFactory
BLOCKED = "로그인 시도가 너무 많아요. 15분 뒤에 다시 시도해 주세요."
WRONG = "이메일 또는 비밀번호가 맞지 않아요."


def login(client, email, password, **extra):
    return client.post("/accounts/login/", {"username": email, "password": password}, **extra)


def fail(client, email, times, **extra):
    for _ in range(times):
        response = login(client, email, "wrong-password", **extra)
        assert response.status_code == 200
        assert WRONG in response.content.decode()


def test_the_tenth_failure_blocks_even_the_right_password_in_korean(client, alice):
    fail(client, alice.email, 9)
    assert login(client, alice.email, "wrong-password").status_code == 429
    response = login(client, alice.email, PASSWORD)
    assert response.status_code == 429
    page = response.content.decode()
    assert BLOCKED in page and WRONG not in page
    assert "_auth_user_id" not in client.session
    assert client.get("/", follow=True).redirect_chain[-1][0].startswith("/accounts/login/")


def test_nine_failures_still_allow_the_right_password(client, alice):
    fail(client, alice.email, 9)
    response = login(client, alice.email, PASSWORD)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(alice.pk)


def test_a_successful_login_clears_the_count(client, alice):
    fail(client, alice.email, 9)
    assert login(client, alice.email, PASSWORD).status_code == 302
    client.logout()
    fail(client, alice.email, 9)
    assert login(client, alice.email, PASSWORD).status_code == 302


def test_the_block_is_per_address_and_login(client, alice, bob):
    fail(client, alice.email, 9)
    assert login(client, alice.email, "wrong-password").status_code == 429
    assert login(client, alice.email, PASSWORD).status_code == 429
    # Someone else's login from the same address, and the same login from another address, still work.
    assert login(Client(), bob.email, PASSWORD).status_code == 302
    assert login(Client(REMOTE_ADDR="198.51.100.20"), alice.email, PASSWORD).status_code == 302


def test_the_login_is_compared_without_case_or_spaces(client, alice):
    fail(client, alice.email.upper(), 5)
    fail(client, f"  {alice.email} ", 4)
    assert login(client, alice.email, PASSWORD).status_code == 302
    client.logout()
    fail(client, alice.email.upper(), 9)
    assert login(client, f" {alice.email}", "wrong").status_code == 429
    assert login(client, alice.email, PASSWORD).status_code == 429


def test_the_admin_login_is_limited_too(client, alice):
    alice.is_staff = True
    alice.save(update_fields=["is_staff"])
    form = {"username": alice.email, "password": PASSWORD, "next": "/admin/"}
    elsewhere = Client(REMOTE_ADDR="198.51.100.20")
    assert elsewhere.post("/admin/login/", form).status_code == 302  # the admin login works…
    fail(client, alice.email, 9)
    login(client, alice.email, "wrong-password")
    response = client.post("/admin/login/", form)
    assert response.status_code == 429  # …but not from the blocked address
    assert "_auth_user_id" not in client.session


def test_the_block_ends_after_fifteen_minutes(client, alice):
    fail(client, alice.email, 9)
    assert login(client, alice.email, "wrong-password").status_code == 429
    AccessAttempt.objects.update(attempt_time=dt.datetime.now(dt.UTC) - dt.timedelta(minutes=16))
    assert login(client, alice.email, PASSWORD).status_code == 302


def test_a_spoofed_fly_client_ip_is_ignored_when_not_behind_fly(alice, settings):
    """The red team's case: 25 wrong passwords, a new Fly-Client-IP each, then the right one while blocked."""
    settings.TRUSTED_PROXY = ""
    attacker = Client(REMOTE_ADDR="203.0.113.66")
    for n in range(25):
        response = login(attacker, alice.email, "wrong-password", HTTP_FLY_CLIENT_IP=f"198.51.100.{n}")
        assert response.status_code == (200 if n < 9 else 429), n
    assert login(attacker, alice.email, PASSWORD, HTTP_FLY_CLIENT_IP="192.0.2.77").status_code == 429


def test_behind_fly_the_client_address_comes_from_fly_client_ip(alice, settings):
    settings.TRUSTED_PROXY = "fly"
    # Every request reaches the app from the proxy's address; the client's is in Fly-Client-IP.
    attacker = Client(REMOTE_ADDR="172.16.0.2", HTTP_FLY_CLIENT_IP="203.0.113.66")
    fail(attacker, alice.email, 9)
    assert login(attacker, alice.email, PASSWORD).status_code == 302
    attacker.logout()
    fail(attacker, alice.email, 9)
    login(attacker, alice.email, "wrong-password")
    assert login(attacker, alice.email, PASSWORD).status_code == 429
    owner = Client(REMOTE_ADDR="172.16.0.2", HTTP_FLY_CLIENT_IP="198.51.100.7")
    assert login(owner, alice.email, PASSWORD).status_code == 302


def test_failures_are_counted_in_the_database_so_a_cache_outage_changes_nothing(client, alice, monkeypatch):
    from django.core.cache import cache

    def down(*args, **kwargs):
        raise ConnectionError("redis is down")

    for method in ("get", "add", "incr", "delete", "set"):
        monkeypatch.setattr(cache, method, down)
    fail(client, alice.email, 9)
    assert login(client, alice.email, PASSWORD).status_code == 302
    assert not AccessAttempt.objects.exists()  # cleared by the successful login
