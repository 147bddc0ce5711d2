"""With DEBUG off, 400/403/404/500 answer in Korean in the site's own look — never Django's English pages."""

from urllib.parse import urlencode

import pytest
from django.test import Client
from django.views.defaults import server_error

pytestmark = pytest.mark.urls("tests.error_urls")


@pytest.fixture(autouse=True)
def _production(settings):
    settings.DEBUG = False


def _english_free(html: str) -> None:
    for english in ("Not Found", "Server Error", "Bad Request", "Forbidden", "The requested resource"):
        assert english not in html


def test_an_unknown_address_says_so_in_korean(client_for, alice):
    response = client_for(alice).get("/no-such-page/")
    html = response.content.decode()
    assert response.status_code == 404
    assert "페이지를 찾을 수 없어요" in html and "가계부로 돌아가기" in html
    assert 'class="tabs"' in html  # the person can go on from the page itself
    _english_free(html)


def test_a_refused_page_says_so_in_korean(client_for, alice):
    response = client_for(alice).get("/test-refused/")
    assert response.status_code == 403
    assert "이 가구에서 이 일을 할 권한이 없어요." in response.content.decode()
    _english_free(response.content.decode())


def test_an_oversized_post_is_a_korean_400(client_for, alice):
    body = urlencode({"text": "가" * (3 * 1024 * 1024), "month": "2026-12"})  # ~27 MB encoded, over the limit
    response = client_for(alice).post("/entries/message/", body, content_type="application/x-www-form-urlencoded")
    html = response.content.decode()
    assert response.status_code == 400
    assert "요청을 처리하지 못했어요" in html
    _english_free(html)


def test_a_stale_form_is_a_korean_403(db):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/accounts/login/", {"username": "a", "password": "b"})
    assert response.status_code == 403
    assert "페이지를 새로 고쳐 주세요" in response.content.decode()


def test_a_bug_is_a_korean_500(client):
    client.raise_request_exception = False
    response = client.get("/test-boom/")
    html = response.content.decode()
    assert response.status_code == 500
    assert "잠시 문제가 생겼어요" in html
    _english_free(html)


def test_the_500_page_needs_no_database(rf):
    # Django renders 500.html without a request context; a database that is down must not matter.
    # (No db fixture here: pytest-django raises on any query.)
    response = server_error(rf.get("/"))
    assert response.status_code == 500 and "잠시 문제가 생겼어요" in response.content.decode()
