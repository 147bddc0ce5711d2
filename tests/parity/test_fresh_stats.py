"""The stats page is cached under the household's data version; every door's write must move it.

No service bumps the version by hand: the database does it on every write of an entry, budget,
category, membership or recurring rule (households/data_version.py). Each door below writes once
after the page was cached, and the next page must show the change, computed afresh.
"""

import datetime as dt
import html

import pytest
from django.utils import timezone

from expenses.models import Budget, Entry
from expenses.tasks import categorize_entries
from households.models import Household
from households.periods import period_containing
from tests.chatbots.conftest import (
    BOB_KAKAO,
    BOB_TG,
    as_message,
    kakao_payload,
    link_kakao,
    link_telegram,
    post_kakao,
    post_telegram,
    tg_edit,
    tg_message,
    tg_reply,
)
from tests.conftest import membership_of
from tests.factories import EntryFactory

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def lunch(household, alice, bob):
    return EntryFactory(
        paid_by=membership_of(alice, household),
        memo="점심",
        amount_krw=10_000,
        spent_on=timezone.localdate(),
        category=household.categories.get(slug="food"),
    )


def _stats(client) -> tuple[str, str]:
    key = period_containing(timezone.localdate()).key
    response = client.get(f"/stats/{key}/")
    assert response.status_code == 200
    return html.unescape(response.content.decode()), response["Server-Timing"]


def _form(entry, prefix: bool = True, **changes) -> dict:
    data = {
        "kind": entry.kind,
        "amount_krw": str(entry.amount_krw),
        "spent_on": entry.spent_on.isoformat(),
        "category": entry.category_id,
        "memo": entry.memo,
        "paid_by": entry.paid_by_id,
        **changes,
    }
    return {f"e{entry.pk}-{k}" if prefix else k: v for k, v in data.items()}


DOORS = [
    "web-message",
    "htmx-manual",
    "htmx-edit",
    "web-delete",
    "htmx-category",
    "web-category-rename",
    "web-budget",
    "web-recurring",
    "admin-entry",
    "admin-entry-delete",
    "admin-category",
    "admin-member-name",
    "admin-budget",
    "telegram",
    "telegram-edit",
    "telegram-reply-undo",
    "kakao",
    "claude-task",
    "queryset-update",
]


@pytest.mark.parametrize("door", DOORS)
def test_every_door_s_write_shows_on_the_cached_stats_page(
    client, client_for, household, alice, bob, lunch, fake_claude, door
):
    owner = membership_of(alice, household)
    food, cafe = household.categories.get(slug="food"), household.categories.get(slug="cafe")
    today = timezone.localdate()
    web = client_for(alice)
    before, _ = _stats(web)
    assert 'desc="cache"' in _stats(web)[1]  # warm: the next page would come from the cache

    def budget_for_admin():
        Budget.objects.create(household=household, category=food, amount_krw=100_000)
        return Budget.objects.get()

    if door in ("admin-budget",):
        budget = budget_for_admin()
        before, _ = _stats(web)
    sent = None
    if door.startswith(("telegram", "kakao")):
        (
            link_telegram(client, bob, household, user_id=BOB_TG)
            if door.startswith("telegram")
            else link_kakao(client, bob, household, user_key=BOB_KAKAO)
        )
        if door in ("telegram-edit", "telegram-reply-undo"):  # the chat recorded it first
            sent = tg_message("커피 4500원", user_id=BOB_TG)
            post_telegram(client, sent)
        web = client_for(alice)
        before, _ = _stats(web)
    if door == "claude-task":  # the fake Messages API answers 딸기 케이크 → cafe
        Household.objects.filter(pk=household.pk).update(llm_enabled=True)
        Entry.objects.filter(pk=lunch.pk).update(
            memo="딸기 케이크",
            category=household.categories.get(slug="other"),
            category_source="fallback",
            category_state="pending",
        )
        before, _ = _stats(web)

    writes = {
        "web-message": lambda: web.post("/entries/message/", {"text": "커피 4500원"}),
        "htmx-manual": lambda: web.post(
            "/entries/new/", {**_form(lunch, prefix=False, amount_krw="7000", memo="저녁"), "month": ""}, **HTMX
        ),
        "htmx-edit": lambda: web.post(f"/entries/{lunch.pk}/edit/", _form(lunch, amount_krw="12000"), **HTMX),
        "web-delete": lambda: web.post(f"/entries/{lunch.pk}/delete/"),
        "htmx-category": lambda: web.post(f"/entries/{lunch.pk}/category/", {"category": cafe.pk}, **HTMX),
        "web-category-rename": lambda: web.post(f"/household/categories/{food.pk}/", {"name": "밥값"}),
        "web-budget": lambda: web.post("/budgets/", {"total": "500000"}),
        "web-recurring": lambda: web.post(
            "/recurring/",
            {
                "kind": "expense",
                "amount_krw": "55000",
                "memo": "통신비",
                "category": household.categories.get(slug="housing").pk,
                "day_of_month": str(today.day),
                "starts_on": today.isoformat(),
                "ends_on": "",
                "paid_by": owner.pk,
            },
        ),
        "admin-entry": lambda: web.post(
            f"/admin/expenses/entry/{lunch.pk}/change/", _form(lunch, prefix=False, amount_krw="9000")
        ),
        "admin-entry-delete": lambda: web.post(f"/admin/expenses/entry/{lunch.pk}/delete/", {"post": "yes"}),
        "admin-category": lambda: web.post(
            f"/admin/households/category/{food.pk}/change/", {"name": "밥값", "position": food.position}
        ),
        "admin-member-name": lambda: web.post(
            f"/admin/households/membership/{owner.pk}/change/", {"display_name": "앨리스 엄마", "role": "owner"}
        ),
        "admin-budget": lambda: web.post(f"/admin/expenses/budget/{budget.pk}/change/", {"amount_krw": "5000"}),
        "telegram": lambda: post_telegram(client, tg_message("커피 4500원", user_id=BOB_TG)),
        "telegram-edit": lambda: post_telegram(client, tg_edit(sent, "커피 5400원")),
        "telegram-reply-undo": lambda: post_telegram(client, tg_reply("취소", as_message(sent), user_id=BOB_TG)),
        "kakao": lambda: post_kakao(client, kakao_payload("커피 4500원", user_key=BOB_KAKAO)),
        "claude-task": lambda: categorize_entries.delay([lunch.pk]),
        "queryset-update": lambda: Entry.objects.filter(pk=lunch.pk).update(amount_krw=20_000),
    }
    response = writes[door]()
    status = getattr(response, "status_code", 200)
    assert status in (200, 302), (door, status)
    web = client_for(alice)
    after, timing = _stats(web)
    assert 'desc="computed"' in timing, door
    assert after != before, door


def test_a_bulk_insert_moves_the_version_of_each_household_it_touches(household, alice, other_household, charlie):
    versions = dict(Household.objects.values_list("pk", "data_version"))
    Entry.objects.bulk_create(
        [
            Entry(
                household=h,
                amount_krw=1000,
                spent_on=dt.date(2026, 11, 5),
                category=h.categories.get(slug="food"),
                entered_by=membership_of(user, h),
                paid_by=membership_of(user, h),
                category_source="user",
            )
            for h, user in ((household, alice), (household, alice), (other_household, charlie))
        ]
    )
    after = dict(Household.objects.values_list("pk", "data_version"))
    assert after[household.pk] > versions[household.pk] and after[other_household.pk] > versions[other_household.pk]
