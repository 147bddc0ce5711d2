"""Memo search: scoped to the household, paginated, totals of what matched."""

import datetime as dt

import pytest

from tests.conftest import membership_of
from tests.factories import EntryFactory

pytestmark = pytest.mark.django_db

D = dt.date


def test_it_finds_memos_across_months_newest_first(client_for, alice, household):
    payer = membership_of(alice, household)
    EntryFactory(paid_by=payer, memo="점심 김밥", amount_krw=5000, spent_on=D(2026, 3, 2))
    EntryFactory(paid_by=payer, memo="참치김밥 두 줄", amount_krw=7000, spent_on=D(2026, 11, 2))
    EntryFactory(paid_by=payer, memo="택시", amount_krw=9000, spent_on=D(2026, 11, 3))
    response = client_for(alice).get("/search/", {"q": "김밥"})
    html = response.content.decode().replace("&#x27;", "'")
    assert [e.memo for e in response.context["page"]] == ["참치김밥 두 줄", "점심 김밥"]
    assert "'김밥' 2건 · 지출 12,000원" in html and "9,000원" not in html


def test_wildcards_are_taken_literally(client_for, alice, household):
    payer = membership_of(alice, household)
    EntryFactory(paid_by=payer, memo="100% 환급", spent_on=D(2026, 3, 2))
    EntryFactory(paid_by=payer, memo="1000원 할인", spent_on=D(2026, 3, 2))
    response = client_for(alice).get("/search/", {"q": "0%"})
    assert [e.memo for e in response.context["page"]] == ["100% 환급"]


def test_it_pages_results(client_for, alice, household):
    payer = membership_of(alice, household)
    for day in range(1, 36):
        EntryFactory(paid_by=payer, memo=f"커피 {day}", spent_on=D(2026, 1, 1) + dt.timedelta(days=day))
    client = client_for(alice)
    first = client.get("/search/", {"q": "커피"})
    assert len(first.context["page"]) == 30 and "1 / 2" in first.content.decode()
    second = client.get(
        "/search/", {"q": "커피", "page": "2"}, headers={"HX-Request": "true", "HX-Target": "search-results"}
    )
    assert len(second.context["page"]) == 5
    assert "<html" not in second.content.decode()
    assert client.get("/search/", {"q": "커피", "page": "99"}).context["page"].number == 2


def test_empty_and_missing_queries(client_for, alice):
    client = client_for(alice)
    assert "메모에 들어간 말로" in client.get("/search/").content.decode()
    assert "메모에 들어간 말로" in client.get("/search/", {"q": "   "}).content.decode()
    assert "'없는말'이(가) 들어간 메모가 없어요." in client.get("/search/", {"q": "없는말"}).content.decode().replace(
        "&#x27;", "'"
    )
    assert "검색어는 100자까지" in client.get("/search/", {"q": "가" * 101}).content.decode()


def test_it_checks_ownership(client_for, alice, charlie, household):
    EntryFactory(paid_by=membership_of(alice, household), memo="앨리스네 비밀 김밥", spent_on=D(2026, 3, 2))
    client = client_for(charlie)
    session = client.session
    session["household_id"] = household.pk
    session.save()
    response = client.get("/search/", {"q": "김밥"})
    assert response.context["page"].paginator.count == 0
    assert "비밀" not in response.content.decode()
