"""Every URL of the project, walked as a stranger with the ids, periods and tokens of another household.

The sweep reads the URL map itself (`get_resolver()`), so a view added tomorrow is covered without
editing this file. For each pattern it fills every parameter with values that point into the victim
household (its object ids, chosen per model for admin pages; its period keys; its tokens), sends GET,
GET with the victim's ids in the query string, and POST with the victim's ids in the form, each as
charlie, inside a savepoint that is rolled back. It fails when an answer is 2xx and shows any of the
victim's marker strings, when a POST changes any row of the victim household, or when, right after
a POST, charlie's own home page shows the victim's data (a switch into a household that is not his).
"""

import datetime as dt
import itertools
import re
from base64 import urlsafe_b64encode
from decimal import Decimal

import pytest
from django.apps import apps
from django.contrib.auth.tokens import default_token_generator
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import models, transaction
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.converters import IntConverter
from django.urls.exceptions import Resolver404
from django.utils.regex_helper import normalize

from households.models import Category, Household, Membership, User
from households.services import invitation_create
from tests.factories import EntryFactory, MembershipFactory, UserFactory

# URL names reachable by design without being a member; everything else is swept.
PUBLIC = {
    "join": "the invitation token is the capability: whoever holds the link may see the household's name and join",
    "password_reset_confirm": "a valid reset link (uid + token, sent by e-mail) is the capability to set a password",
    "telegram_webhook": "no session: authenticated by the secret header; strangers are covered by tests/chatbots "
    "and tests/fuzz",
    "kakao_skill": "no session: authenticated by X-Skill-Token; strangers are covered by tests/chatbots and tests/fuzz",
    "inbox": "no session: the forwarding address's token is the capability (hashed, revocable); unknown, revoked "
    "and former members' tokens are covered by tests/chatbots/test_inbox.py",
}

MARKERS = (
    "비밀가구앨리스",
    "앨리스비밀",
    "밥비밀",
    "비밀메모금고",
    "비밀분류",
    "비밀정기",
    "비밀규칙",
    "비밀메시지",
    "비밀카드",
    "비밀명세서",
    "7,654,321",
    "7654321",
    "alice.secret@example.com",
)
AMOUNT = 7_654_321
PERIOD = "2026-11"
TODAY = dt.date(2026, 11, 20)
IDS_PER_MODEL = 2


# ------------------------------------------------------------------------------------------- the victim


@pytest.fixture
def victim(db):
    """A household full of recognisable data: every row of it carries a marker."""
    household = Household.objects.create(name="비밀가구앨리스", llm_enabled=True)
    from households.defaults import default_categories

    Category.objects.bulk_create(
        Category(household=household, slug=c["slug"], name=c["name"], kind=c["kind"], is_default=True, position=i)
        for i, c in enumerate(default_categories())
    )
    secret_category = Category.objects.create(
        household=household, slug="custom-secret", name="비밀분류", kind="expense", position=30
    )
    alice = UserFactory(email="alice.secret@example.com", display_name="앨리스비밀")
    owner = MembershipFactory(household=household, user=alice, role="owner", display_name="앨리스비밀")
    bob = MembershipFactory(household=household, role="member", display_name="밥비밀")
    from expenses.models import Message

    message = Message.objects.create(
        household=household, author=owner, channel="web", raw_text="비밀메시지 7654321원", outcome="recorded"
    )
    for who, category in ((owner, secret_category), (bob, None)):
        EntryFactory(
            paid_by=who,
            message=message,
            memo="비밀메모금고",
            amount_krw=AMOUNT,
            spent_on=TODAY,
            **({"category": category} if category else {}),
        )
    EntryFactory(paid_by=owner, kind="income", memo="비밀메모금고 월급", amount_krw=AMOUNT, spent_on=TODAY)
    _, invitation_token = invitation_create(by=owner)
    _optional_rows(household, owner, secret_category)
    return {"household": household, "owner": owner, "alice": alice, "tokens": [invitation_token]}


def _optional_rows(household, owner, category):
    """Rows of models that other work adds; created when the model is there."""
    from categorization.models import LearnedRule, LLMCall

    LearnedRule.objects.create(household=household, phrase="비밀규칙", category=category)
    LLMCall.objects.create(
        household=household, model="claude-haiku-5-5", items=1, outcome="answered", cost_usd=Decimal("0.0001")
    )
    if apps.is_installed("expenses"):
        from expenses import models as expense_models

        if hasattr(expense_models, "Budget"):
            expense_models.Budget.objects.create(household=household, category=category, amount_krw=AMOUNT)
        if hasattr(expense_models, "RecurringRule"):
            expense_models.RecurringRule.objects.create(
                household=household,
                amount_krw=AMOUNT,
                category=category,
                memo="비밀정기",
                day_of_month=5,
                starts_on=TODAY,
                paid_by=owner,
                created_by=owner,
            )
    if hasattr(expense_models, "PaymentMethod"):
        card = expense_models.PaymentMethod.objects.create(
            household=household, kind="credit", issuer="신한카드", last4="3821", name="비밀카드"
        )
        entry = expense_models.Entry.objects.filter(household=household).first()
        expense_models.Entry.objects.filter(pk=entry.pk).update(payment_method=card)
        expense_models.ReportedPayment.objects.create(
            household=household,
            entry=entry,
            source="notice",
            fingerprint="0" * 64,
            payment_method=card,
            kind="expense",
            amount_krw=AMOUNT,
            occurred_on=TODAY,
            merchant="비밀메모금고",
            outcome="new",
        )
        expense_models.StatementImport.objects.create(
            household=household,
            uploaded_by=owner,
            filename="비밀명세서.xlsx",
            issuer="신한카드",
            rows=[
                {
                    "n": 2,
                    "cells": ["비밀메모금고"],
                    "date": "2026-11-20",
                    "merchant": "비밀메모금고",
                    "amount": AMOUNT,
                    "skip": "",
                }
            ],
        )
    try:
        from chatbots.models import ChatLink, InboxAddress
    except ImportError:
        return
    InboxAddress.objects.create(household=household, membership=owner, token_hash="1" * 64, hint="비밀")
    ChatLink.objects.create(
        household=household,
        membership=owner,
        platform="telegram",
        telegram_chat_id=777001,
        telegram_user_id=777001,
        title="앨리스비밀",
    )


@pytest.fixture
def stranger(db):
    """charlie: owner (so also admin) of a household of his own, with data of his own."""
    household = Household.objects.create(name="찰리네")
    from households.defaults import default_categories

    Category.objects.bulk_create(
        Category(household=household, slug=c["slug"], name=c["name"], kind=c["kind"], is_default=True, position=i)
        for i, c in enumerate(default_categories())
    )
    charlie = UserFactory(display_name="찰리")
    membership = MembershipFactory(household=household, user=charlie, role="owner", display_name="찰리")
    EntryFactory(paid_by=membership, memo="찰리 점심", amount_krw=8000, spent_on=TODAY)
    return charlie


# ------------------------------------------------------------------------------ what belongs to the victim


def _household_filter(model, household) -> models.Q | None:
    """How to select a model's rows of one household: directly, or through one foreign key."""
    if model is Household:
        return models.Q(pk=household.pk)
    if model is User:
        return models.Q(memberships__household=household)
    fks = [f for f in model._meta.get_fields() if isinstance(f, models.ForeignKey)]
    for field in fks:
        if field.related_model is Household:
            return models.Q(**{field.name: household})
    for field in fks:
        for sub in field.related_model._meta.get_fields():
            if isinstance(sub, models.ForeignKey) and sub.related_model is Household:
                return models.Q(**{f"{field.name}__{sub.name}": household})
    return None


def _victim_models():
    return [
        m for m in apps.get_models() if m._meta.app_label in {"households", "expenses", "categorization", "chatbots"}
    ]


def victim_ids(household) -> dict[type, list]:
    ids = {}
    for model in _victim_models():
        condition = _household_filter(model, household)
        if condition is not None:
            pks = list(model.objects.filter(condition).order_by("-pk").values_list("pk", flat=True).distinct())
            # The marked custom category and the newest rows of every other model.
            ids[model] = pks[:IDS_PER_MODEL]
    return ids


def victim_state(household) -> dict:
    state = {}
    for model in _victim_models():
        condition = _household_filter(model, household)
        if condition is None:
            continue
        fields = [f.attname for f in model._meta.concrete_fields]
        state[model._meta.label] = sorted(map(repr, model.objects.filter(condition).distinct().values_list(*fields)))
    return state


# -------------------------------------------------------------------------------------- the URL map


def url_patterns():
    """(route as ResolverMatch.route spells it, [(pattern level, ...)], URL name) for every leaf pattern."""
    found = []

    def walk(patterns, levels, namespace):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                ns = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                walk(pattern.url_patterns, [*levels, pattern], ns)
            elif isinstance(pattern, URLPattern):
                route = ""
                for level in [*levels, pattern]:
                    part = str(level.pattern)
                    route += part[1:] if route and part.startswith("^") else part
                found.append((route, [*levels, pattern], f"{namespace}{pattern.name or ''}"))

    walk(get_resolver().url_patterns, [], "")
    return found


def _values(name: str, converter, pattern: URLPattern, ctx: dict) -> list[str]:
    model_admin = getattr(pattern.callback, "model_admin", None)
    by_model = ctx["ids"]
    every_id = sorted({str(pk) for pks in by_model.values() for pk in pks})
    if name == "uidb64":
        return [urlsafe_b64encode(str(ctx["alice"].pk).encode()).decode().rstrip("=")]
    if name == "token":
        return [*ctx["tokens"], default_token_generator.make_token(ctx["alice"])]
    if name in ("key", "period", "month") or "period" in name:
        return [PERIOD]
    if name == "year":
        return [str(TODAY.year)]
    if name == "app_label":
        return sorted({m._meta.app_label for m in by_model})
    if name == "content_type_id":
        return [str(ContentType.objects.get_for_model(m).pk) for m, pks in by_model.items() if pks]
    if name == "url":
        return [f"no-such-page/{ctx['household'].pk}/"]
    if model_admin is not None and name in ("object_id", "id"):
        return [str(pk) for pk in by_model.get(model_admin.model, [])] or every_id
    if isinstance(converter, IntConverter) or name == "pk" or name.endswith("_id") or name in ("object_id", "id"):
        return every_id
    return [*every_id, PERIOD]


def concrete_paths(levels: list, ctx: dict) -> list[str]:
    """Every path for one pattern, with the victim's values in its parameters (at most 60 combinations)."""
    parts_choices: list[list[str]] = []
    leaf = levels[-1]
    for level in levels:
        pattern = level.pattern
        converters = getattr(pattern, "converters", {})
        fmt, params = normalize(pattern.regex.pattern)[0]
        choices = [_values(p, converters.get(p), leaf, ctx) for p in params]
        parts_choices.append([fmt % dict(zip(params, combo, strict=True)) for combo in itertools.product(*choices)])
    return ["/" + "".join(combo) for combo in itertools.islice(itertools.product(*parts_choices), 60)]


# ------------------------------------------------------------------------------------------- the sweep


def _form(ctx: dict) -> dict:
    household, owner = ctx["household"], ctx["owner"]
    category = Category.objects.filter(household=household, name="비밀분류").first()
    return {
        "text": "점심 김밥 5000원",
        "kind": "expense",
        "amount_krw": "5000",
        "amount": "5000",
        "spent_on": TODAY.isoformat(),
        "memo": "찰리가 보냄",
        "name": "찰리가 바꿈",
        "role": "viewer",
        "month": PERIOD,
        "category": category.pk,
        "member": owner.pk,
        "paid_by": owner.pk,
        "membership": owner.pk,
        "household": household.pk,
        "household_id": household.pk,
        "entry": ctx["ids"].get(_entry_model(), [0])[0],
        "day_of_month": "5",
        "starts_on": TODAY.isoformat(),
        "enabled": "on",
        "is_hidden": "on",
        # Admin actions on a changelist: every victim id selected, the confirmation already given.
        "action": "delete_selected",
        "_selected_action": sorted({str(pk) for pks in ctx["ids"].values() for pk in pks}),
        "post": "yes",
    }


def _entry_model():
    from expenses.models import Entry

    return Entry


def _body(response) -> str:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return content.decode("utf-8", errors="replace")


def _leaks(response) -> list[str]:
    if not 200 <= response.status_code < 300:
        return []
    body = _body(response)
    return [marker for marker in MARKERS if marker in body]


@pytest.mark.slow
def test_a_stranger_reaches_nothing_of_another_household_anywhere(client, victim, stranger):
    household = victim["household"]
    ctx = {**victim, "ids": victim_ids(household)}
    # The markers are visible to the household itself: without this the sweep could not fail.
    client.force_login(victim["alice"])
    own = _body(client.get(f"/month/{PERIOD}/", secure=True))
    assert "비밀메모금고" in own and "7,654,321" in own, "the victim's own month page should show its markers"
    before = victim_state(household)

    failures, uncovered = [], []
    for route, levels, name in url_patterns():
        if name.split(":")[-1] in PUBLIC:
            continue
        hit = False
        for path in concrete_paths(levels, ctx):
            try:
                match = resolve(path)
            except Resolver404:
                continue
            hit = hit or match.route == route
            for method in ("GET", "GET?", "POST"):
                failures += _probe(client, stranger, household, before, method, path, ctx)
        if not hit:
            uncovered.append(route)
    assert not uncovered, (
        "the sweep could not build a URL for these patterns: teach _values() their parameters or list them in "
        f"PUBLIC with a reason: {uncovered}"
    )
    assert not failures, "a stranger reached another household:\n" + "\n".join(failures)
    assert victim_state(household) == before


def _probe(client, stranger, household, before, method, path, ctx) -> list[str]:
    failures = []
    with transaction.atomic():
        client.force_login(stranger)
        if method == "GET":
            response = client.get(path, secure=True)
        elif method == "GET?":
            form = _form(ctx)
            query = {k: form[k] for k in ("member", "category", "household", "entry", "paid_by", "month")}
            response = client.get(path, query, secure=True)
        else:
            response = client.post(path, _form(ctx), secure=True)
        leaked = _leaks(response)
        if leaked:
            failures.append(f"{method} {path} → {response.status_code} shows {leaked}")
        if method == "POST":
            if victim_state(household) != before:
                failures.append(f"POST {path} → {response.status_code} changed the victim household's rows")
            client.force_login(stranger)
            after = client.get("/", secure=True, follow=True)
            leaked = _leaks(after)
            if leaked:
                failures.append(f"after POST {path}, charlie's home page shows {leaked}")
        transaction.set_rollback(True)
    # Sessions are cached_db: rolled-back session rows must not live on in the cache.
    cache.clear()
    return failures


def test_the_sweep_sees_a_leak_when_there_is_one(client, victim, stranger):
    """The detector itself: a view that leaks is caught by the same checks the sweep uses."""
    from django.http import HttpResponse

    leaky = HttpResponse(f"<p>{victim['household'].name}</p>")
    assert _leaks(leaky) == ["비밀가구앨리스"]
    changed = victim_state(victim["household"])
    Membership.objects.filter(pk=victim["owner"].pk).update(role="viewer")
    assert victim_state(victim["household"]) != changed
    # And every household-scoped model is in the state the sweep compares.
    assert {"expenses.Entry", "households.Category", "households.Membership"} <= set(changed)
    assert re.search(r"\d", str(victim_ids(victim["household"])))


def test_an_import_that_names_another_household_reaches_nothing_of_it(client, victim, stranger):
    """The importer is a door too: a file pointing at the victim's ids, slugs and e-mail attaches nothing."""
    import io
    import json

    from expenses.exports.backup import household_export

    household = victim["household"]
    before = victim_state(household)
    own = Membership.objects.get(user=stranger).household
    document = household_export(household_id=own.pk)
    victim_members = list(Membership.objects.filter(household=household).order_by("pk"))
    for member, seat in zip(document["members"], victim_members, strict=False):
        member["ref"] = seat.pk  # the victim's own membership ids
    document["members"].append(
        {"ref": "alice", "display_name": "앨리스?", "role": "owner", "email": victim["alice"].email, "joined_at": None}
    )
    for entry in document["entries"]:
        entry["paid_by"] = entry["entered_by"] = victim_members[0].pk
        entry["message"] = None
    document["household"]["name"] = "찰리가 가져온 집"
    upload = io.BytesIO(json.dumps(document, ensure_ascii=False).encode())
    upload.name = "backup.json"
    client.force_login(stranger)
    response = client.post("/import/household/", {"file": upload}, secure=True)
    assert response.status_code in (302, 400)
    assert victim_state(household) == before
    imported = Household.objects.filter(name="찰리가 가져온 집").first()
    if imported is not None:
        assert not Membership.objects.filter(household=imported, user=victim["alice"]).exists()
        assert Membership.objects.get(household=imported, user=stranger).role == "owner"
    page = client.get("/", secure=True, follow=True)
    assert _leaks(page) == []
