"""The entry forms (/entries/message/ and /entries/new/) on generated input: never a 5xx, nothing saved wrong.

Whatever is posted, the answer is a page, a redirect or a 4xx; an entry that does get saved belongs to
the poster's household, has a positive whole-won amount and one of that household's categories.
"""

from urllib.parse import urlencode

import pytest
from django.core.cache import cache
from hypothesis import given
from hypothesis import strategies as st

from expenses.models import MAX_AMOUNT_KRW, Entry
from tests.conftest import membership_of
from tests.fuzz.conftest import examples
from tests.fuzz.strategies import any_date, message_text, numbers

pytestmark = pytest.mark.django_db

maybe_htmx = st.sampled_from(
    [{}, {"HTTP_HX_REQUEST": "true"}, {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "month-body"}]
)
month_keys = st.one_of(
    st.just(""), st.sampled_from(["2026-11", "2026-13", "0000-00", "9999-12", "-1", "2026-1-1"]), st.text(max_size=12)
)


def _post(client, path: str, fields: dict, headers: dict):
    """The body as bytes on the wire: text that is not valid UTF-8 (lone surrogates) arrives percent-encoded."""
    body = urlencode({k: str(v).encode("utf-8", "surrogatepass") for k, v in fields.items()})
    return client.post(path, data=body, content_type="application/x-www-form-urlencoded", **headers)


def _fresh_month(household) -> None:
    """Keeps the month small: HTMX answers re-render it, and thousands of examples would pile entries up."""
    cache.clear()
    if Entry.objects.filter(household=household).count() > 50:
        Entry.objects.filter(household=household).delete()


def _saved_right(household) -> None:
    for entry in Entry.objects.filter(household=household).select_related("category", "paid_by"):
        assert type(entry.amount_krw) is int and 1 <= entry.amount_krw <= MAX_AMOUNT_KRW
        assert entry.category.household_id == household.pk
        assert entry.paid_by.household_id == household.pk
    assert (
        not Entry.objects.exclude(household=household)
        .exclude(paid_by__household=household)
        .filter(entered_by__household=household)
        .exists()
    )


@examples("message_form")
@given(text=message_text, month=month_keys, headers=maybe_htmx)
def test_the_message_form_never_answers_5xx(client_for, alice, household, text, month, headers):
    _fresh_month(household)
    response = _post(client_for(alice), "/entries/message/", {"text": text, "month": month}, headers)
    assert response.status_code < 500, (text, month, response.status_code)
    _saved_right(household)


ids = st.one_of(st.integers(min_value=-5, max_value=10**6).map(str), st.text(max_size=8), st.just(""))


@examples("entry_form")
@given(
    kind=st.one_of(st.sampled_from(["expense", "income"]), st.text(max_size=10)),
    amount=st.one_of(numbers, st.text(max_size=20)),
    spent_on=st.one_of(any_date.map(str), st.text(max_size=12)),
    category=ids,
    memo=st.text(max_size=260),
    paid_by=ids,
    month=month_keys,
    headers=maybe_htmx,
    use_own_ids=st.booleans(),
)
def test_the_entry_form_never_answers_5xx(
    client_for,
    alice,
    household,
    other_household,
    kind,
    amount,
    spent_on,
    category,
    memo,
    paid_by,
    month,
    headers,
    use_own_ids,
):
    _fresh_month(household)
    if use_own_ids:  # often valid ids of the household, so the form gets past its choices
        category = str(household.categories.order_by("?").first().pk)
        paid_by = str(membership_of(alice, household).pk)
    fields = {"kind": kind, "amount_krw": amount, "spent_on": spent_on, "category": category, "memo": memo}
    fields.update(paid_by=paid_by, month=month)
    response = _post(client_for(alice), "/entries/new/", fields, headers)
    assert response.status_code < 500, (fields, response.status_code)
    _saved_right(household)
    assert not Entry.objects.filter(household=other_household).exists()
