"""Hostile input on every URL, every form and the importer: 4xx or success, never a 5xx, and a 4xx
changes nothing.

The URL map is read the way the isolation sweep reads it, with the ids of the signed-in owner's own
household (the person who may write the most); each example picks a URL and sends query parameters or
form fields carrying NUL, lone surrogates, bytes that are not UTF-8 and ordinary text around them.
The importer gets an export with one value replaced, or its bytes cut and spliced.
"""

import json
from urllib.parse import unquote_to_bytes

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import given
from hypothesis import strategies as st

from expenses.exports.backup import household_export
from households.models import Household, User
from tests.fuzz.conftest import examples
from tests.fuzz.strategies import HOSTILE_BYTES, hostile_text, hostile_value
from tests.test_isolation_sweep import PERIOD, concrete_paths, url_patterns, victim, victim_ids, victim_state

pytestmark = pytest.mark.django_db

__all__ = ["victim"]  # the sweep's household full of data, used here as the signed-in owner's own

PARAM_NAMES = [
    "category",
    "member",
    "kind",
    "q",
    "month",
    "from",
    "through",
    "term",
    "channel__exact",
    "kind__exact",
    "o",
    "p",
    "start",
    "end",
    "invite",
    "next",
    "app_label",
    "model_name",
    "field_name",
    "text",
    "amount_krw",
    "spent_on",
    "memo",
    "paid_by",
    "name",
    "role",
    "email",
    "password",
    "display_name",
    "household_name",
    "budget_usd",
    "household",
    "confirm",
    "day_of_month",
    "starts_on",
    "username",
    "_selected_action",
    "action",
]
SKIP = ("hooks/", "bench/")  # the webhooks have their own fuzz (test_fuzz_webhooks); bench floors are not served


@pytest.fixture
def owner_paths(victim):
    ctx = {**victim, "ids": victim_ids(victim["household"])}
    paths = []
    for route, levels, _name in url_patterns():
        if route.startswith(SKIP):
            continue
        paths.extend(concrete_paths(levels, ctx)[:3])
    return sorted(set(paths))


def _query(pairs: list[tuple[str, bytes]]) -> str:
    from tests.fuzz.strategies import query_value

    return "&".join(query_value(name).decode() + "=" + value.decode("latin-1") for name, value in pairs)


BOUNDARY = "hostile-boundary-7d41"


def _multipart(pairs: list[tuple[str, bytes]]) -> bytes:
    """A multipart body built by hand: names and values as raw bytes, NUL and broken UTF-8 included."""
    parts = []
    for name, value in [*pairs, ("month", PERIOD.encode())]:
        raw_name = name.encode("utf-8", "surrogatepass").replace(b'"', b"").replace(b"\r", b"").replace(b"\n", b"")
        parts.append(
            b"--" + BOUNDARY.encode() + b"\r\n"
            b'Content-Disposition: form-data; name="' + raw_name + b'"\r\n\r\n' + unquote_to_bytes(value) + b"\r\n"
        )
    return b"".join(parts) + b"--" + BOUNDARY.encode() + b"--\r\n"


def _state(household) -> tuple:
    return victim_state(household), User.objects.count(), Household.objects.count()


params = st.lists(
    st.tuples(st.one_of(st.sampled_from(PARAM_NAMES), hostile_text), hostile_value), min_size=1, max_size=4
)
htmx = st.sampled_from([{}, {"HTTP_HX_REQUEST": "true"}, {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "month-body"}])


@examples("url_query")
@given(data=st.data(), pairs=params, headers=htmx)
def test_every_url_answers_hostile_query_parameters_without_a_5xx(client, victim, owner_paths, data, pairs, headers):
    cache.clear()
    client.force_login(victim["alice"])
    path = data.draw(st.sampled_from(owner_paths), label="path")
    before = _state(victim["household"])
    response = client.get(path, QUERY_STRING=_query(pairs), **headers)
    assert response.status_code < 500, (path, pairs, response.status_code)
    if 400 <= response.status_code < 500:
        assert _state(victim["household"]) == before, (path, pairs)


@examples("url_form")
@given(data=st.data(), pairs=params, headers=htmx, multipart=st.booleans())
def test_every_form_answers_hostile_fields_without_a_5xx(client, victim, owner_paths, data, pairs, headers, multipart):
    cache.clear()
    client.force_login(victim["alice"])
    path = data.draw(st.sampled_from(owner_paths), label="path")
    before = _state(victim["household"])
    if multipart:
        response = client.post(
            path, _multipart(pairs), content_type=f"multipart/form-data; boundary={BOUNDARY}", **headers
        )
    else:
        response = client.post(path, _query(pairs), content_type="application/x-www-form-urlencoded", **headers)
    assert response.status_code < 500, (path, pairs, response.status_code)
    if 400 <= response.status_code < 500:
        assert _state(victim["household"]) == before, (path, pairs)


# ---------------------------------------------------------------------------------------- the importer


json_values = st.one_of(
    hostile_text,
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(),
    st.none(),
    st.booleans(),
    st.lists(st.integers(), max_size=3),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
    st.sampled_from(["1e100", "Infinity", "NaN", "0001-01-01T00:00:00", "9999-12-31T23:59:59-14:00", "2026-02-30"]),
)
SECTIONS = ["household", "categories", "members", "messages", "recurring_rules", "entries", "budgets", "learned_rules"]


def _document_bytes(document: dict, how: str) -> bytes:
    text = json.dumps(document, ensure_ascii=how == "ascii")
    return text.encode("utf-8", "surrogatepass")


@examples("importer")
@given(
    section=st.sampled_from(SECTIONS),
    index=st.integers(min_value=0, max_value=3),
    key=st.one_of(
        st.sampled_from(
            ["ref", "name", "memo", "raw_text", "amount_krw", "spent_on", "created_at", "received_at", "category"]
        ),
        st.sampled_from(["paid_by", "message", "slug", "kind", "joined_at", "llm_monthly_budget_usd", "author"]),
        hostile_text,
    ),
    value=json_values,
    how=st.sampled_from(["ascii", "utf8"]),
    cut=st.one_of(st.none(), st.floats(min_value=0, max_value=1)),
    splice=st.one_of(st.none(), st.sampled_from([*HOSTILE_BYTES, b"\xff", b"\xed\xa0\x80", b"[" * 3000])),
)
def test_the_importer_answers_any_file_with_a_korean_4xx_or_a_household(
    client, victim, section, index, key, value, how, cut, splice
):
    cache.clear()
    client.force_login(victim["alice"])
    document = household_export(household_id=victim["household"].pk)
    target = document[section]
    if isinstance(target, list):
        target = target[min(index, len(target) - 1)] if target else None
    if isinstance(target, dict):
        target[key] = value
    body = _document_bytes(document, how)
    if cut is not None:
        at = int(len(body) * cut)
        body = body[:at] + (splice or b"") + body[at:] if splice else body[:at]
    before = _state(victim["household"]), Household.objects.count()
    response = client.post("/import/household/", {"file": SimpleUploadedFile("backup.json", body)})
    assert response.status_code in (302, 400, 429), (section, key, value, response.status_code)
    if response.status_code != 302:
        assert (_state(victim["household"]), Household.objects.count()) == before
        assert "가구" in response.content.decode() or "JSON" in response.content.decode()
    else:
        Household.objects.exclude(pk=victim["household"].pk).exclude(memberships__user=victim["alice"]).count()
