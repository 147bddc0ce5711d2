"""Budgets: who sets them, spent / budget on the stats and month pages, and 80 % / 100 % alerts recorded once."""

import datetime as dt

import pytest
from django.db import IntegrityError, transaction

from expenses.budgets.services import budgets_check, budgets_set
from expenses.entries import services
from expenses.entries.categorizing import entries_categorize_pending
from expenses.models import Budget, BudgetAlert, Entry
from expenses.signals import budget_alert_recorded
from homenrich.errors import Refused
from households.models import Household
from tests.conftest import membership_of
from tests.fakes.claude_api import Reply, message_body

pytestmark = pytest.mark.django_db

D = dt.date


@pytest.fixture
def announced():
    """Alerts sent through budget_alert_recorded, in order."""
    alerts = []

    def listen(sender, alert, **kwargs):
        alerts.append((sender, alert))

    budget_alert_recorded.connect(listen, dispatch_uid="test-budget-listener")
    yield alerts
    budget_alert_recorded.disconnect(dispatch_uid="test-budget-listener")


@pytest.fixture
def food_budget(household):
    return Budget.objects.create(
        household=household, category=household.categories.get(slug="food"), amount_krw=100_000
    )


def _record(membership, text, day):
    return services.message_record(membership=membership, channel="web", text=text, today=day)


def test_a_manager_sets_budgets_and_members_only_read_them(client_for, alice, bob, vera, household):
    food = household.categories.get(slug="food")
    response = client_for(alice).post("/budgets/", {"total": "1,000,000", f"c{food.pk}": "300000"})
    assert response.status_code == 302
    assert set(Budget.objects.values_list("category__slug", "amount_krw")) == {(None, 1_000_000), ("food", 300_000)}
    for user in (bob, vera):
        client = client_for(user)
        page = client.get("/budgets/")
        assert page.status_code == 200 and "300,000원" in page.content.decode()
        assert 'name="total"' not in page.content.decode()
        assert client.post("/budgets/", {"total": "1"}).status_code == 403
    assert Budget.objects.get(category=None).amount_krw == 1_000_000


def test_blank_removes_a_budget_and_bad_amounts_are_explained(client_for, alice, household, food_budget):
    client = client_for(alice)
    response = client.post("/budgets/", {"total": "열만원"})
    assert response.status_code == 400
    assert "금액을 5000, 1만2천, 100만원처럼 적어 주세요." in response.content.decode()
    assert client.post("/budgets/", {"total": ""}).status_code == 302
    assert not Budget.objects.exists()


def test_budgets_only_for_this_households_expense_categories(alice, household, other_household):
    me = membership_of(alice, household)
    with pytest.raises(Refused):
        budgets_set(by=me, amounts={other_household.categories.get(slug="food").pk: 1000})
    with pytest.raises(Refused):
        budgets_set(by=me, amounts={household.categories.get(slug="salary").pk: 1000})


def test_one_budget_per_category_and_one_total(household, food_budget):
    with pytest.raises(IntegrityError), transaction.atomic():
        Budget.objects.create(household=household, category=food_budget.category, amount_krw=1)
    Budget.objects.create(household=household, category=None, amount_krw=5)
    with pytest.raises(IntegrityError), transaction.atomic():
        Budget.objects.create(household=household, category=None, amount_krw=6)


def test_stats_and_month_pages_show_spent_against_budget(client_for, alice, household, food_budget, spend):
    Budget.objects.create(household=household, category=None, amount_krw=200_000)
    spend(85_000, D(2026, 11, 3))
    spend(20_000, D(2026, 11, 4), "transport")
    client = client_for(alice)
    for url in ("/stats/2026-11/", "/month/2026-11/"):
        html = client.get(url).content.decode()
        assert '<meter min="0" max="100000" low="80000" high="99999" optimum="0" value="85000"' in html, url
        assert "85,000원 / 100,000원 <b>85%</b>" in html
        assert "15,000원 남았어요 · 80% 넘음" in html
        if url.startswith("/stats/"):
            assert "105,000원 / 200,000원 <b>52%</b>" in html
        else:  # the headline card holds the total budget; the bars below are the categories'
            assert 'id="budget-left">95,000원 남기고 끝났어요<' in html


def test_the_month_page_has_no_budget_section_without_budgets(client_for, alice, spend):
    spend(85_000, D(2026, 11, 3))
    assert "budget-bars" not in client_for(alice).get("/month/2026-11/").content.decode()


def test_crossing_80_and_100_percent_is_recorded_once_each(
    alice, household, food_budget, announced, today, django_capture_on_commit_callbacks
):
    today(D(2026, 11, 20))
    me = membership_of(alice, household)
    with django_capture_on_commit_callbacks(execute=True):
        _record(me, "점심 김밥 50000원", D(2026, 11, 20))
    assert not BudgetAlert.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        _record(me, "저녁 식사 30000원", D(2026, 11, 20))  # 80 %
    with django_capture_on_commit_callbacks(execute=True):
        _record(me, "간식 김밥 5000원", D(2026, 11, 20))  # 85 %: nothing new
    assert list(BudgetAlert.objects.values_list("threshold", "spent_krw", "period_key")) == [(80, 80_000, "2026-11")]
    with django_capture_on_commit_callbacks(execute=True):
        _record(me, "회식 저녁 식사 20000원", D(2026, 11, 20))  # 105 %
    with django_capture_on_commit_callbacks(execute=True):
        _record(me, "점심 식사 9000원", D(2026, 11, 20))
    assert sorted(BudgetAlert.objects.values_list("threshold", flat=True)) == [80, 100]
    assert [(sender, alert.threshold) for sender, alert in announced] == [(BudgetAlert, 80), (BudgetAlert, 100)]
    assert announced[1][1].category.slug == "food" and announced[1][1].percent == 105


def test_alerts_are_sent_only_after_commit(alice, household, food_budget, announced, today):
    today(D(2026, 11, 20))
    with transaction.atomic():
        budgets_check(household_id=household.pk, days=[D(2026, 11, 20)])  # nothing spent yet
        _record(membership_of(alice, household), "저녁 식사 90000원", D(2026, 11, 20))
        budgets_check(household_id=household.pk, days=[D(2026, 11, 20)])
        assert BudgetAlert.objects.count() == 1
        assert announced == []
    # pytest-django's test transaction never commits; the on-commit hook is what would send it.


def test_one_write_past_both_thresholds_announces_only_100(
    alice, household, food_budget, announced, today, django_capture_on_commit_callbacks
):
    today(D(2026, 11, 20))
    with django_capture_on_commit_callbacks(execute=True):
        _record(membership_of(alice, household), "가족 외식 120000원", D(2026, 11, 20))
    assert sorted(BudgetAlert.objects.values_list("threshold", flat=True)) == [80, 100]
    assert [alert.threshold for _, alert in announced] == [100]


def test_the_total_budget_alerts_too(alice, household, announced, today, django_capture_on_commit_callbacks):
    today(D(2026, 11, 20))
    Budget.objects.create(household=household, category=None, amount_krw=10_000)
    with django_capture_on_commit_callbacks(execute=True):
        _record(membership_of(alice, household), "택시 8000원", D(2026, 11, 20))
    alert = BudgetAlert.objects.get()
    assert (alert.category, alert.threshold) == (None, 80)
    # The same threshold for the same period is refused by the database itself.
    with pytest.raises(IntegrityError), transaction.atomic():
        BudgetAlert.objects.create(
            household=household,
            category=None,
            period_key="2026-11",
            period_start=alert.period_start,
            period_end=alert.period_end,
            threshold=80,
            spent_krw=1,
            budget_krw=1,
        )


def test_every_write_path_checks_budgets(alice, household, food_budget, today, django_capture_on_commit_callbacks):
    today(D(2026, 11, 20))
    me = membership_of(alice, household)
    transport = household.categories.get(slug="transport")
    with django_capture_on_commit_callbacks(execute=True):
        entry = services.entry_create(
            membership=me,
            kind="expense",
            amount_krw=90_000,
            spent_on=D(2026, 11, 5),
            category=transport,
            memo="택시",
            paid_by=me,
        )
    assert not BudgetAlert.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        services.entry_set_category(membership=me, entry=entry, category=food_budget.category)
    assert list(BudgetAlert.objects.values_list("threshold", flat=True)) == [80]
    with django_capture_on_commit_callbacks(execute=True):
        services.entry_update(
            membership=me,
            entry=entry,
            kind="expense",
            amount_krw=120_000,
            spent_on=entry.spent_on,
            category=food_budget.category,
            memo="택시",
            paid_by=me,
        )
    assert sorted(BudgetAlert.objects.values_list("threshold", flat=True)) == [80, 100]


def test_claude_moving_entries_into_a_category_checks_its_budget(
    alice, household, food_budget, spend, today, fake_claude, django_capture_on_commit_callbacks
):
    Household.objects.filter(pk=household.pk).update(llm_enabled=True)
    today(D(2026, 11, 20))
    entry = spend(95_000, D(2026, 11, 5))  # written without services: no check yet
    Entry.objects.filter(pk=entry.pk).update(
        category=household.categories.get(slug="other"), category_source="fallback", category_state="pending"
    )
    fake_claude.script(Reply(body=message_body(f'{{"answers": [{{"i": {entry.pk}, "c": "food"}}]}}')))
    with django_capture_on_commit_callbacks(execute=True):
        entries_categorize_pending(entry_ids=[entry.pk])
    assert Entry.objects.get(pk=entry.pk).category.slug == "food"
    assert sorted(BudgetAlert.objects.values_list("threshold", flat=True)) == [80]


def test_old_months_and_payday_periods(alice, household, food_budget, spend, today):
    Household.objects.filter(pk=household.pk).update(month_start_day=25)
    today(D(2026, 12, 3))  # in the household's November (11/25–12/24)
    spend(100_000, D(2026, 11, 24))  # October's period
    spend(85_000, D(2026, 11, 25))  # November's period
    spend(100_000, D(2026, 5, 10))  # long ago: not news
    alerts = budgets_check(household_id=household.pk, days=[D(2026, 11, 24), D(2026, 11, 25), D(2026, 5, 10)])
    assert sorted((a.period_key, a.threshold) for a in alerts) == [("2026-10", 80), ("2026-10", 100), ("2026-11", 80)]
    november = next(a for a in alerts if a.period_key == "2026-11")
    assert (november.period_start, november.period_end) == (D(2026, 11, 25), D(2026, 12, 24))


def test_lowering_a_budget_below_spending_records_the_alert(
    alice, household, food_budget, spend, today, django_capture_on_commit_callbacks
):
    today(D(2026, 11, 20))
    spend(50_000, D(2026, 11, 5))
    with django_capture_on_commit_callbacks(execute=True):
        budgets_set(by=membership_of(alice, household), amounts={food_budget.category_id: 40_000})
    assert sorted(BudgetAlert.objects.values_list("threshold", flat=True)) == [80, 100]


def test_a_failing_budget_check_never_fails_the_write(
    alice, household, food_budget, monkeypatch, today, django_capture_on_commit_callbacks
):
    today(D(2026, 11, 20))

    def broken(**kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr("expenses.budgets.services.budgets_check", broken)
    with django_capture_on_commit_callbacks(execute=True):
        result = _record(membership_of(alice, household), "저녁 식사 90000원", D(2026, 11, 20))
    assert result.outcome == "recorded" and len(result.entries) == 1
