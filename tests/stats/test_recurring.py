"""Recurring entries: the 31st without drifting, catch-up after downtime, exactly once per occurrence, pages."""

import datetime as dt
import threading

import pytest
from django.db import IntegrityError, connection, transaction

from expenses.models import Entry, RecurringRule
from expenses.recurring.services import (
    occurrences,
    recurring_rule_catch_up,
    recurring_rule_create,
    recurring_rule_update,
    recurring_run_due,
)
from expenses.tasks import create_recurring_entries
from households.models import Household
from tests.conftest import membership_of

pytestmark = pytest.mark.django_db

D = dt.date


JAN_1 = D(2026, 1, 1)


def _rule(household, membership, *, day=25, start=JAN_1, end=None, today=JAN_1, **extra):
    values = {
        "kind": "expense",
        "amount_krw": 500_000,
        "category": household.categories.get(slug="housing"),
        "memo": "월세",
        "day_of_month": day,
        "starts_on": start,
        "ends_on": end,
        "paid_by": membership,
    }
    values.update(extra)
    return recurring_rule_create(by=membership, today=today, **values)


def _dates(rule) -> list[dt.date]:
    return list(Entry.objects.filter(recurring_rule=rule).order_by("spent_on").values_list("spent_on", flat=True))


def test_the_31st_falls_back_to_the_last_day_without_drifting():
    got = list(
        occurrences(
            day_of_month=31, starts_on=D(2027, 12, 1), ends_on=None, first=D(2027, 12, 1), through=D(2028, 5, 31)
        )
    )
    assert got == [D(2027, 12, 31), D(2028, 1, 31), D(2028, 2, 29), D(2028, 3, 31), D(2028, 4, 30), D(2028, 5, 31)]
    got = list(
        occurrences(day_of_month=30, starts_on=D(2026, 1, 1), ends_on=None, first=D(2026, 1, 1), through=D(2026, 3, 31))
    )
    assert got == [D(2026, 1, 30), D(2026, 2, 28), D(2026, 3, 30)]
    got = list(
        occurrences(day_of_month=29, starts_on=D(2026, 1, 1), ends_on=None, first=D(2026, 1, 1), through=D(2026, 3, 31))
    )
    assert got == [D(2026, 1, 29), D(2026, 2, 28), D(2026, 3, 29)]


def test_start_and_end_bound_the_occurrences():
    got = list(
        occurrences(
            day_of_month=10,
            starts_on=D(2026, 1, 11),
            ends_on=D(2026, 4, 10),
            first=D(2000, 1, 1),
            through=D(2030, 1, 1),
        )
    )
    assert got == [D(2026, 2, 10), D(2026, 3, 10), D(2026, 4, 10)]


def test_a_rule_started_in_the_past_catches_up_at_once(alice, household):
    me = membership_of(alice, household)
    rule = _rule(household, me, day=31, start=D(2026, 1, 1), today=D(2026, 4, 29))
    assert _dates(rule) == [D(2026, 1, 31), D(2026, 2, 28), D(2026, 3, 31)]
    assert rule.next_occurrence_on == D(2026, 4, 30)
    entry = Entry.objects.filter(recurring_rule=rule).first()
    assert (entry.channel, entry.amount_krw, entry.memo, entry.category.slug) == (
        "recurring",
        500_000,
        "월세",
        "housing",
    )
    assert (entry.paid_by, entry.entered_by, entry.occurrence_on) == (me, me, entry.spent_on)


def test_the_task_catches_up_every_missed_occurrence_once_even_when_run_twice(alice, household, today):
    rule = _rule(household, membership_of(alice, household), day=25, start=D(2026, 1, 1), today=D(2026, 1, 1))
    assert _dates(rule) == []
    version = Household.objects.get(pk=household.pk).data_version
    today(D(2026, 5, 3))  # the machine slept from January to May
    assert create_recurring_entries.apply().get() == 4
    assert create_recurring_entries.apply().get() == 0
    assert _dates(rule) == [D(2026, 1, 25), D(2026, 2, 25), D(2026, 3, 25), D(2026, 4, 25)]
    assert Household.objects.get(pk=household.pk).data_version > version  # stats see them at once
    today(D(2026, 5, 25))
    create_recurring_entries.apply()
    create_recurring_entries.apply()
    assert _dates(rule)[-1] == D(2026, 5, 25) and len(_dates(rule)) == 5


def test_a_stale_run_is_stopped_by_the_unique_constraint(alice, household):
    rule = _rule(household, membership_of(alice, household), day=5, start=D(2026, 1, 1), today=D(2026, 3, 10))
    assert len(_dates(rule)) == 3
    # A second runner that read the rule before the first one advanced it tries the same occurrences again.
    RecurringRule.objects.filter(pk=rule.pk).update(next_occurrence_on=D(2026, 1, 5))
    assert recurring_rule_catch_up(rule_id=rule.pk, today=D(2026, 3, 10)) == []
    assert len(_dates(rule)) == 3
    with pytest.raises(IntegrityError), transaction.atomic():
        Entry.objects.create(
            household=household,
            kind="expense",
            amount_krw=1,
            spent_on=D(2026, 1, 5),
            category=rule.category,
            memo="x",
            paid_by=rule.paid_by,
            entered_by=rule.paid_by,
            category_source="user",
            recurring_rule=rule,
            occurrence_on=D(2026, 1, 5),
        )


def test_a_deleted_occurrence_is_not_written_again(alice, household):
    rule = _rule(household, membership_of(alice, household), day=5, start=D(2026, 1, 1), today=D(2026, 3, 10))
    Entry.objects.filter(recurring_rule=rule, spent_on=D(2026, 2, 5)).delete()
    recurring_run_due(today=D(2026, 3, 10))
    assert _dates(rule) == [D(2026, 1, 5), D(2026, 3, 5)]


def test_an_ended_rule_stops(alice, household):
    rule = _rule(
        household, membership_of(alice, household), day=1, start=D(2026, 1, 1), end=D(2026, 2, 15), today=D(2026, 6, 1)
    )
    assert _dates(rule) == [D(2026, 1, 1), D(2026, 2, 1)]
    assert rule.next_occurrence_on is None
    assert recurring_run_due(today=D(2027, 1, 1)) == 0


def test_editing_changes_only_what_is_not_written_yet(alice, household):
    me = membership_of(alice, household)
    rule = _rule(household, me, day=25, start=D(2026, 1, 1), today=D(2026, 3, 1))
    rule = recurring_rule_update(
        by=me,
        rule=rule,
        kind="expense",
        amount_krw=550_000,
        category=rule.category,
        memo="월세 (인상)",
        day_of_month=10,
        starts_on=D(2025, 6, 1),
        ends_on=None,
        paid_by=me,
        today=D(2026, 3, 1),
    )
    assert rule.next_occurrence_on == D(2026, 3, 10)  # no back-fill of the earlier start
    recurring_run_due(today=D(2026, 3, 10))
    rows = list(Entry.objects.filter(recurring_rule=rule).order_by("spent_on").values_list("spent_on", "amount_krw"))
    assert rows == [(D(2026, 1, 25), 500_000), (D(2026, 2, 25), 500_000), (D(2026, 3, 10), 550_000)]


def test_a_rule_that_never_came_due_is_planned_afresh(alice, household):
    me = membership_of(alice, household)
    rule = _rule(household, me, day=25, start=D(2026, 6, 1), today=D(2026, 3, 1))
    rule = recurring_rule_update(
        by=me,
        rule=rule,
        kind="expense",
        amount_krw=500_000,
        category=rule.category,
        memo="월세",
        day_of_month=25,
        starts_on=D(2026, 1, 1),
        ends_on=None,
        paid_by=me,
        today=D(2026, 3, 1),
    )
    assert _dates(rule) == [D(2026, 1, 25), D(2026, 2, 25)]


def test_one_rule_failing_does_not_stop_the_others(alice, household, monkeypatch):
    me = membership_of(alice, household)
    first = _rule(household, me, day=5, start=D(2026, 3, 1), today=D(2026, 3, 1))
    second = _rule(household, me, day=6, start=D(2026, 3, 1), today=D(2026, 3, 1), memo="통신비")
    real = recurring_rule_catch_up

    def flaky(*, rule_id, today=None):
        if rule_id == first.pk:
            raise RuntimeError("boom")
        return real(rule_id=rule_id, today=today)

    monkeypatch.setattr("expenses.recurring.services.recurring_rule_catch_up", flaky)
    assert recurring_run_due(today=D(2026, 3, 10)) == 1
    assert _dates(second) == [D(2026, 3, 6)]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_runs_write_each_occurrence_once(alice, household):
    rule = _rule(household, membership_of(alice, household), day=31, start=D(2026, 1, 1), today=D(2026, 1, 1))
    barrier = threading.Barrier(4)
    errors = []

    def run():
        try:
            barrier.wait()
            recurring_run_due(today=D(2026, 12, 31))
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(_dates(rule)) == 12 and len(set(_dates(rule))) == 12


# ------------------------------------------------------------------------------------------- pages


def _form(household, membership, **changes):
    data = {
        "kind": "expense",
        "amount_krw": "55,000",
        "memo": "통신비",
        "category": household.categories.get(slug="housing").pk,
        "day_of_month": "31",
        "starts_on": "2026-01-01",
        "ends_on": "",
        "paid_by": membership.pk,
    }
    data.update(changes)
    return data


def test_members_create_rules_on_the_page_and_past_occurrences_appear(client_for, bob, household, today):
    today(D(2026, 3, 15))
    client = client_for(bob)
    response = client.post("/recurring/", _form(household, membership_of(bob, household)))
    assert response.status_code == 302
    rule = RecurringRule.objects.get()
    assert _dates(rule) == [D(2026, 1, 31), D(2026, 2, 28)]
    page = client.get("/recurring/").content.decode()
    assert "통신비" in page and "매월 31일 (없으면 말일)" in page and "다음: 3월 31일" in page


def test_bad_rules_are_explained(client_for, alice, household, today):
    today(D(2026, 3, 15))
    me = membership_of(alice, household)
    response = client_for(alice).post(
        "/recurring/", _form(household, me, day_of_month="32", category=household.categories.get(slug="salary").pk)
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "1부터 31 사이의 숫자로 적어 주세요." in html
    assert "지출에는 지출 분류를" in html
    response = client_for(alice).post("/recurring/", _form(household, me, ends_on="2025-12-01"))
    assert "종료일은 시작일보다 뒤여야 해요." in response.content.decode()
    assert not RecurringRule.objects.exists()


def test_viewers_read_rules_but_cannot_change_them(client_for, alice, vera, household, today):
    today(D(2026, 3, 15))
    rule = _rule(household, membership_of(alice, household), today=D(2026, 3, 15))
    client = client_for(vera)
    assert "월세" in client.get("/recurring/").content.decode()
    assert client.post("/recurring/", _form(household, membership_of(vera, household))).status_code == 403
    assert (
        client.post(f"/recurring/{rule.pk}/edit/", _form(household, membership_of(vera, household))).status_code == 403
    )
    assert client.post(f"/recurring/{rule.pk}/delete/").status_code == 403
    assert RecurringRule.objects.count() == 1


def test_it_checks_ownership(client_for, alice, charlie, household, other_household, today):
    today(D(2026, 3, 15))
    rule = _rule(household, membership_of(alice, household), today=D(2026, 3, 15))
    client = client_for(charlie)
    assert client.get(f"/recurring/{rule.pk}/edit/").status_code == 404
    assert client.post(f"/recurring/{rule.pk}/delete/").status_code == 404
    assert 'class="rule"' not in client.get("/recurring/").content.decode()
    # Nor may charlie point his own rule at alice's categories or members.
    response = client.post("/recurring/", _form(household, membership_of(alice, household)))
    assert response.status_code == 400 and not RecurringRule.objects.filter(household=other_household).exists()


def test_deleting_a_rule_keeps_its_entries(client_for, alice, household, today):
    today(D(2026, 3, 15))
    rule = _rule(household, membership_of(alice, household), day=1, start=D(2026, 1, 1), today=D(2026, 3, 15))
    assert client_for(alice).post(f"/recurring/{rule.pk}/delete/").status_code == 302
    assert not RecurringRule.objects.exists()
    assert Entry.objects.filter(memo="월세").count() == 3


def test_editing_on_the_page(client_for, alice, household, today):
    today(D(2026, 3, 15))
    me = membership_of(alice, household)
    rule = _rule(household, me, day=1, start=D(2026, 1, 1), today=D(2026, 3, 15))
    client = client_for(alice)
    assert "월세" in client.get(f"/recurring/{rule.pk}/edit/").content.decode()
    response = client.post(
        f"/recurring/{rule.pk}/edit/", _form(household, me, memo="월세", amount_krw="600000", day_of_month="1")
    )
    assert response.status_code == 302
    rule.refresh_from_db()
    assert rule.amount_krw == 600_000 and rule.next_occurrence_on == D(2026, 4, 1)


def test_the_recurring_task_catches_up_everything_missed(alice, household, today):
    """What beat's catch-up on start (homenrich/beat.py) runs first when a machine wakes up."""
    rule = _rule(household, membership_of(alice, household), day=1, start=D(2026, 1, 1), today=D(2026, 1, 1))
    today(D(2026, 3, 2))
    assert create_recurring_entries.delay().get() == 2
    assert _dates(rule) == [D(2026, 1, 1), D(2026, 2, 1), D(2026, 3, 1)]


def test_every_task_beat_sends_is_registered_under_that_name(settings):
    from homenrich.celery import app

    app.loader.import_default_modules()
    names = [entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()]
    assert names and all(name in app.tasks for name in names), names
