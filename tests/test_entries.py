"""Recording, editing, deleting and re-categorizing entries from the web."""

import datetime as dt

import pytest

from categorization.models import LearnedRule
from expenses.entries import services as entry_services
from expenses.models import Entry, Message
from tests.conftest import membership_of
from tests.factories import EntryFactory

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true", "HX-Target": "month-body"}


def _manual(household, **overrides):
    data = {
        "month": "2026-11",
        "kind": "expense",
        "amount_krw": "5,000",
        "spent_on": "2026-11-20",
        "category": household.categories.get(slug="food").pk,
        "memo": "점심",
        "paid_by": "",
    }
    data.update(overrides)
    return data


def test_a_message_becomes_an_entry_without_reload(client_for, bob, household):
    response = client_for(bob).post("/entries/message/", {"text": "점심 김밥 5000원", "month": "2026-11"}, headers=HTMX)
    assert response.status_code == 200
    entry = Entry.objects.get(household=household)
    assert (entry.amount_krw, entry.memo, entry.category.slug) == (5000, "점심 김밥", "food")
    assert entry.message.raw_text == "점심 김밥 5000원"
    html = response.content.decode()
    assert "<html" not in html and "점심 김밥" in html and "식비" in html


def test_a_message_without_amount_is_kept_and_answered(client_for, bob, household):
    response = client_for(bob).post("/entries/message/", {"text": "점심 먹었음", "month": "2026-11"}, headers=HTMX)
    assert "금액을 찾지 못했어요" in response.content.decode()
    assert not Entry.objects.exists()
    assert Message.objects.get().outcome == "no_amount"


def test_foreign_currency_is_refused_politely(client_for, bob):
    response = client_for(bob).post("/entries/message/", {"text": "면세점 1200엔", "month": "2026-11"}, headers=HTMX)
    assert "원화(KRW)만" in response.content.decode()
    assert not Entry.objects.exists()
    assert Message.objects.get().outcome == "foreign_currency"


def test_an_empty_or_huge_message_gets_a_korean_error(client_for, bob):
    client = client_for(bob)
    response = client.post("/entries/message/", {"text": "", "month": "2026-11"})
    assert response.status_code == 400
    assert "무엇을 얼마에" in response.content.decode()
    response = client.post("/entries/message/", {"text": "가" * 10_000, "month": "2026-11"})
    assert response.status_code == 400
    assert "1,000자까지" in response.content.decode()
    assert not Entry.objects.exists()


def test_a_viewer_cannot_record(client_for, vera):
    response = client_for(vera).post("/entries/message/", {"text": "점심 5000원"})
    assert response.status_code == 403
    assert not Entry.objects.exists()


def test_manual_entry_is_saved(client_for, alice, household):
    data = _manual(household, paid_by=membership_of(alice, household).pk)
    response = client_for(alice).post("/entries/new/", data)
    assert response.status_code == 302
    entry = Entry.objects.get()
    assert entry.amount_krw == 5000 and entry.category_source == "user"


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("amount_krw", "0", "1원 이상"),
        ("amount_krw", "-5", "양수로 적어 주세요"),
        ("amount_krw", "1000000000000", "너무 커요"),
        ("amount_krw", "오천개", "100만원처럼 적어 주세요"),
        ("spent_on", "1800-01-01", "2000년 1월 1일부터"),
        ("spent_on", "2026-02-30", "2026-11-26처럼"),
        ("memo", "가" * 10_000, "200자까지"),
    ],
)
def test_bad_manual_input_is_refused_beside_the_field(client_for, alice, household, field, value, message):
    data = _manual(household, paid_by=membership_of(alice, household).pk, **{field: value})
    response = client_for(alice).post("/entries/new/", data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Entry.objects.exists()


def test_foreign_category_or_payer_ids_are_refused(client_for, alice, household, charlie, other_household):
    client = client_for(alice)
    own_payer = membership_of(alice, household).pk
    data = _manual(household, paid_by=own_payer, category=other_household.categories.get(slug="food").pk)
    response = client.post("/entries/new/", data)
    assert response.status_code == 400 and "이 가구의 분류" in response.content.decode()
    data = _manual(household, paid_by=membership_of(charlie, other_household).pk)
    response = client.post("/entries/new/", data)
    assert response.status_code == 400 and "이 가구의 구성원" in response.content.decode()
    assert not Entry.objects.exists()


def test_edit_changes_the_day_total(client_for, bob, household):
    entry = EntryFactory(paid_by=membership_of(bob, household), amount_krw=5000, spent_on=dt.date(2026, 11, 20))
    client = client_for(bob)
    form = client.get(f"/entries/{entry.pk}/edit/?month=2026-11", headers={"HX-Request": "true"})
    assert form.status_code == 200 and f'name="e{entry.pk}-amount_krw"' in form.content.decode()
    data = {
        f"e{entry.pk}-{k}": v
        for k, v in _manual(household, amount_krw="7000", paid_by=membership_of(bob, household).pk).items()
    }
    data["month"] = "2026-11"
    response = client.post(f"/entries/{entry.pk}/edit/", data, headers=HTMX)
    entry.refresh_from_db()
    assert entry.amount_krw == 7000
    assert "-7,000원" in response.content.decode()


def test_the_edit_form_shows_the_amount_with_commas_and_saving_it_untouched_keeps_it(client_for, bob, household):
    entry = EntryFactory(paid_by=membership_of(bob, household), amount_krw=12400, spent_on=dt.date(2026, 11, 20))
    client = client_for(bob)
    form = client.get(f"/entries/{entry.pk}/edit/?month=2026-11", headers={"HX-Request": "true"}).content.decode()
    assert f'name="e{entry.pk}-amount_krw" value="12,400"' in form
    data = {
        f"e{entry.pk}-{k}": v
        for k, v in _manual(household, amount_krw="12,400", paid_by=membership_of(bob, household).pk).items()
    }
    data["month"] = "2026-11"
    assert client.post(f"/entries/{entry.pk}/edit/", data, headers=HTMX).status_code == 200
    entry.refresh_from_db()
    assert entry.amount_krw == 12400


def test_delete_removes_the_entry(client_for, bob, household):
    entry = EntryFactory(paid_by=membership_of(bob, household))
    response = client_for(bob).post(f"/entries/{entry.pk}/delete/", {"month": "2026-11"}, headers=HTMX)
    assert response.status_code == 200
    assert not Entry.objects.filter(pk=entry.pk).exists()


def test_a_correction_teaches_the_household(client_for, bob, household):
    client = client_for(bob)
    client.post("/entries/message/", {"text": "엄마 꽃바구니 30000원", "month": "2026-11"})
    entry = Entry.objects.get()
    events = household.categories.get(slug="events")
    client.post(f"/entries/{entry.pk}/category/", {"category": events.pk, "month": "2026-11"}, headers=HTMX)
    entry.refresh_from_db()
    assert (entry.category.slug, entry.category_source) == ("events", "user")
    assert LearnedRule.objects.filter(household=household, category=events).exists()
    client.post("/entries/message/", {"text": "엄마 꽃바구니 25000원", "month": "2026-11"})
    learned = Entry.objects.exclude(pk=entry.pk).get()
    assert (learned.category.slug, learned.category_source) == ("events", "learned")


@pytest.mark.parametrize("path", ["/entries/{pk}/edit/", "/entries/{pk}/category/", "/entries/{pk}/"])
def test_it_checks_ownership_on_reads(client_for, alice, household, charlie, path):
    entry = EntryFactory(paid_by=membership_of(alice, household))
    response = client_for(charlie).get(path.format(pk=entry.pk), headers={"HX-Request": "true"})
    assert response.status_code == 404


@pytest.mark.parametrize("path", ["/entries/{pk}/edit/", "/entries/{pk}/delete/", "/entries/{pk}/category/"])
def test_it_checks_ownership_on_writes(client_for, alice, household, charlie, path):
    entry = EntryFactory(paid_by=membership_of(alice, household), amount_krw=5000)
    response = client_for(charlie).post(path.format(pk=entry.pk), {"category": 1, "month": "2026-11"})
    assert response.status_code == 404
    entry.refresh_from_db()
    assert entry.amount_krw == 5000


@pytest.mark.parametrize("path", ["/entries/{pk}/edit/", "/entries/{pk}/delete/", "/entries/{pk}/category/"])
def test_a_viewer_cannot_change_entries(client_for, alice, vera, household, path):
    entry = EntryFactory(paid_by=membership_of(alice, household))
    response = client_for(vera).post(path.format(pk=entry.pk), {"category": 1, "month": "2026-11"})
    assert response.status_code == 403
    assert Entry.objects.filter(pk=entry.pk, category__slug="food").exists()


def test_a_pending_row_polls_until_claude_settles_it(client_for, bob, household):
    entry = EntryFactory(
        paid_by=membership_of(bob, household),
        category_state="pending",
        category=household.categories.get(slug="other"),
        category_source="fallback",
    )
    client = client_for(bob)
    html = client.get("/month/2026-11/").content.decode()
    assert f'hx-get="/entries/{entry.pk}/"' in html and "every 3s" in html and "분류 중" in html
    entry.category = household.categories.get(slug="cafe")
    entry.category_state, entry.category_source = "settled", "llm"
    entry.save()
    row = client.get(f"/entries/{entry.pk}/", headers={"HX-Request": "true"}).content.decode()
    assert "카페/간식" in row and "every 3s" not in row and "Claude" in row


def test_an_entry_paid_by_a_former_member_can_still_be_edited(client_for, alice, bob, household):
    entry = EntryFactory(paid_by=membership_of(bob, household), amount_krw=5000, spent_on=dt.date(2026, 11, 20))
    payer = membership_of(bob, household)
    payer.left_at = dt.datetime(2026, 11, 21, tzinfo=dt.UTC)
    payer.save()
    data = {f"e{entry.pk}-{k}": v for k, v in _manual(household, amount_krw="6000", paid_by=payer.pk).items()}
    data["month"] = "2026-11"
    client_for(alice).post(f"/entries/{entry.pk}/edit/", data)
    entry.refresh_from_db()
    assert entry.amount_krw == 6000 and entry.paid_by == payer


def test_a_parser_bug_is_its_own_outcome_never_no_amount(client_for, bob, household, monkeypatch, caplog):
    def broken_parser(text, today):
        raise RuntimeError("parser exploded")

    monkeypatch.setattr(entry_services, "parse_message", broken_parser)
    response = client_for(bob).post("/entries/message/", {"text": "점심 5000원"}, follow=True)
    message = Message.objects.get()
    assert message.outcome == "parse_error" and message.raw_text == "점심 5000원"
    page = response.content.decode()
    assert "읽다가 문제가 생겼어요" in page and "금액을 찾지 못했어요" not in page
    logged = [r for r in caplog.records if r.name == "expenses.entries.services" and r.levelname == "ERROR"]
    assert logged and f"message {message.pk} could not be parsed" in logged[0].getMessage()
