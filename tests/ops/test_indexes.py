"""PostgreSQL uses the entry indexes for the ledger's everyday reads (EXPLAIN on a realistic table)."""

import datetime as dt
import random

import pytest
from django.db import connection

from expenses.entries.selectors import entry_list, period_totals
from expenses.models import Entry
from households.models import Category, Household
from tests.factories import HouseholdFactory, MembershipFactory

pytestmark = [pytest.mark.postgres, pytest.mark.slow, pytest.mark.django_db]

# Three years of a busy family's ledger (~80 entries a month): a month is a small slice of a household's
# rows, as it will be in production, so the planner prefers the composite indexes to the plain FK ones.
HOUSEHOLDS = 6
ENTRIES_PER_HOUSEHOLD = 3000
NOVEMBER = (dt.date(2026, 11, 1), dt.date(2026, 11, 30))


@pytest.fixture(scope="module")
def ledger(django_db_setup, django_db_blocker):
    """6 households × 3,000 entries over three years, then ANALYZE, so the planner sees real statistics.

    Built once for the module (committed), and deleted afterwards.
    """
    rng = random.Random(6)
    first_day = dt.date(2023, 12, 1)
    with django_db_blocker.unblock():
        members, rows = [], []
        for _ in range(HOUSEHOLDS):
            household = HouseholdFactory()
            payers = [MembershipFactory(household=household, user=None) for _ in range(2)]
            categories = list(Category.objects.filter(household=household, kind="expense"))
            members.append(payers[0])
            for _ in range(ENTRIES_PER_HOUSEHOLD):
                payer = rng.choice(payers)
                rows.append(
                    Entry(
                        household=household,
                        kind="expense",
                        amount_krw=rng.randrange(1000, 80000, 100),
                        spent_on=first_day + dt.timedelta(days=rng.randrange(3 * 365)),
                        category=rng.choice(categories),
                        memo="점심",
                        entered_by=payer,
                        paid_by=payer,
                        channel="web",
                        category_source="rules",
                    )
                )
        Entry.objects.bulk_create(rows, batch_size=5000)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE expenses_entry")
        yield members
        household_ids = [m.household_id for m in members]
        Entry.objects.filter(household_id__in=household_ids).delete()
        Household.objects.filter(pk__in=household_ids).delete()


def plan(queryset) -> str:
    return queryset.explain()


def test_a_households_month_reads_the_household_date_index(ledger):
    household_id = ledger[1].household_id
    text = plan(Entry.objects.filter(household_id=household_id, spent_on__range=NOVEMBER))
    assert "entry_household_date" in text, text
    assert "Seq Scan on expenses_entry" not in text
    # The month page's own queries: the list and the totals.
    for queryset in (
        entry_list(household_id=household_id, start=NOVEMBER[0], end=NOVEMBER[1]),
        Entry.objects.filter(household_id=household_id, spent_on__range=NOVEMBER).values("kind"),
    ):
        assert "Seq Scan on expenses_entry" not in plan(queryset), plan(queryset)


def test_the_month_totals_never_scan_the_whole_table(ledger):
    household_id = ledger[3].household_id
    with connection.cursor() as cursor:
        queryset_sql, params = Entry.objects.filter(
            household_id=household_id, spent_on__range=NOVEMBER
        ).query.sql_with_params()
        cursor.execute(f"EXPLAIN {queryset_sql}", params)
        assert "Seq Scan" not in "\n".join(row[0] for row in cursor.fetchall())
    totals = period_totals(household_id=household_id, start=NOVEMBER[0], end=NOVEMBER[1])
    assert totals["expense"] > 0


def test_a_category_over_a_period_reads_the_household_category_index(ledger):
    member = ledger[2]
    category = Category.objects.filter(household_id=member.household_id, slug="food").get()
    text = plan(Entry.objects.filter(household_id=member.household_id, category=category, spent_on__range=NOVEMBER))
    assert "entry_household_category" in text, text


def test_one_payers_entries_over_a_period_read_the_payer_date_index(ledger):
    member = ledger[4]
    text = plan(Entry.objects.filter(paid_by=member, spent_on__range=NOVEMBER))
    assert "entry_payer_date" in text, text
    text = plan(entry_list(household_id=member.household_id, start=NOVEMBER[0], end=NOVEMBER[1], member_id=member.pk))
    assert "Seq Scan on expenses_entry" not in text, text


def test_pending_entries_are_found_through_the_partial_index(ledger):
    Entry.objects.filter(pk__in=Entry.objects.order_by("pk").values("pk")[:5]).update(category_state="pending")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE expenses_entry")
    text = plan(Entry.objects.filter(category_state="pending").order_by("pk")[:200])
    assert "entry_pending_category" in text, text
