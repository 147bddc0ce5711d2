"""The admin: managers see only their households; members, viewers and strangers are kept out."""

import pytest

from tests.conftest import membership_of
from tests.factories import EntryFactory

pytestmark = pytest.mark.django_db


def test_an_owner_sees_only_their_households_entries(client_for, alice, household, charlie, other_household):
    EntryFactory(paid_by=membership_of(alice, household), memo="우리 점심")
    foreign = EntryFactory(paid_by=membership_of(charlie, other_household), memo="남의 점심")
    client = client_for(alice)
    html = client.get("/admin/expenses/entry/").content.decode()
    assert "우리 점심" in html and "남의 점심" not in html
    assert client.get(f"/admin/expenses/entry/{foreign.pk}/change/").status_code in (302, 403, 404)
    response = client.post(f"/admin/expenses/entry/{foreign.pk}/delete/", {"post": "yes"})
    assert response.status_code in (302, 403, 404)
    foreign.refresh_from_db()


@pytest.mark.parametrize(
    "model",
    [
        "households/category",
        "households/membership",
        "categorization/llmcall",
        "categorization/learnedrule",
        "expenses/message",
        "households/household",
    ],
)
def test_admin_lists_are_scoped(client_for, alice, household, charlie, other_household, model):
    client = client_for(alice)
    response = client.get(f"/admin/{model}/")
    assert response.status_code == 200
    assert "찰리" not in response.content.decode()


def test_members_and_viewers_cannot_enter_the_admin(client_for, bob, vera):
    assert client_for(bob).get("/admin/").status_code == 302
    assert client_for(vera).get("/admin/").status_code == 302


def test_category_choices_in_the_admin_stop_at_the_household(client_for, alice, household, charlie, other_household):
    entry = EntryFactory(paid_by=membership_of(alice, household))
    html = client_for(alice).get(f"/admin/expenses/entry/{entry.pk}/change/").content.decode()
    foreign_category = other_household.categories.get(slug="food")
    assert f'value="{foreign_category.pk}"' not in html
