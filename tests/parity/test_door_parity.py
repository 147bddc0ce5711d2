"""One set of rules behind every door: each refused action, tried through every door that can express it.

Doors: the web form (a plain POST), the htmx fragment, the admin change form and admin action, the JSON
import, Telegram, Kakao, and the services themselves. Every door must refuse with a clear Korean message
and write nothing — the ledger's state is the same before and after (the raw message a chat door keeps
is not the ledger: nothing typed is ever lost). A new door joins the table of the rule it can reach.
"""

import datetime as dt
import html
import io
import json

import pytest
import telegram as ptb
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from categorization.models import LearnedRule
from expenses.budgets.services import budgets_set
from expenses.entries.services import entry_create, entry_delete, entry_set_category, entry_update, message_record
from expenses.exports.backup import household_export
from expenses.models import (
    Budget,
    Entry,
    MessageOutcome,
    PaymentMethod,
    RecurringRule,
    ReportedPayment,
    StatementImport,
)
from expenses.payments.services import payment_method_rename
from expenses.recurring.services import recurring_rule_create
from expenses.statements.services import statement_upload
from homenrich.errors import Refused
from households.models import Category, Household, Invitation, Membership, User
from households.services import (
    category_update,
    household_set_llm,
    invitation_accept,
    invitation_create,
    membership_change_role,
    signup_request_create,
)
from tests.chatbots.conftest import (
    BOB_KAKAO,
    BOB_TG,
    VERA_TG,
    inbox_token,
    kakao_payload,
    kakao_text,
    link_kakao,
    link_telegram,
    post_inbox,
    post_kakao,
    post_telegram,
    reply_text,
    tg_bot_reply,
    tg_edit,
    tg_message,
    tg_reply,
)
from tests.conftest import membership_of
from tests.factories import EntryFactory, MembershipFactory, UserFactory
from tests.payments.files import shinhan_xlsx

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}
VERA_KAKAO = "226f81aef15e8f58vera"
PHOTO = [ptb.PhotoSize(file_id="AgAD", file_unique_id="AQAD", width=1280, height=960)]


def ledger() -> dict:
    """Everything a refused change could have written (the raw messages aside)."""
    return {
        "households": list(
            Household.objects.order_by("pk").values_list(
                "pk", "name", "month_start_day", "llm_enabled", "llm_monthly_budget_usd"
            )
        ),
        "memberships": list(
            Membership.objects.order_by("pk").values_list("pk", "user_id", "role", "display_name", "left_at")
        ),
        "users": list(User.objects.order_by("pk").values_list("pk", "email")),
        "categories": list(Category.objects.order_by("pk").values_list("pk", "name", "is_hidden", "position")),
        "entries": list(
            Entry.objects.order_by("pk").values_list(
                "pk", "kind", "amount_krw", "spent_on", "category_id", "memo", "paid_by_id"
            )
        ),
        "budgets": list(Budget.objects.order_by("pk").values_list("pk", "category_id", "amount_krw")),
        "recurring": list(RecurringRule.objects.order_by("pk").values_list("pk", "starts_on", "amount_krw")),
        "invitations": list(Invitation.objects.order_by("pk").values_list("pk", "used_at", "revoked_at")),
        "learned": list(LearnedRule.objects.order_by("pk").values_list("pk", "category_id")),
        "entry_payments": list(
            Entry.objects.order_by("pk").values_list("pk", "payment_method_id", "cancelled_at", "merged_at")
        ),
        "payment_methods": list(PaymentMethod.objects.order_by("pk").values_list("pk", "name")),
        "reports": list(ReportedPayment.objects.order_by("pk").values_list("pk", "entry_id", "outcome")),
        # An upload is kept like a raw message; recording it is the ledger's business.
        "statements": list(
            StatementImport.objects.filter(recorded_at__isnull=False).order_by("pk").values_list("pk", "recorded_at")
        ),
    }


@pytest.fixture
def mia(household, alice):
    """A manager of `household`."""
    return MembershipFactory(household=household, role="manager", user=UserFactory(display_name="미아")).user


@pytest.fixture
def lunch(household, alice):
    return EntryFactory(paid_by=membership_of(alice, household), memo="점심", amount_krw=8000)


def _page(response) -> str:
    return html.unescape(response.content.decode())


def _refused_by(attempt, expected: str) -> None:
    """Runs one door's attempt: it must say `expected` and leave the ledger as it was."""
    before = ledger()
    said = attempt()
    assert expected in said, said[-3000:]
    assert ledger() == before


def _service(call) -> str:
    with pytest.raises(Refused) as refusal:
        call()
    return str(refusal.value)


def _upload(document: dict):
    file = io.BytesIO(json.dumps(document, ensure_ascii=False).encode())
    file.name = "backup.json"
    return file


def _admin_form(response) -> str:
    """The admin answers a refusal with a redirect to the same form and the reason as an error message."""
    assert response.status_code == 200, response.status_code
    return _page(response)


# ---------------------------------------------------------------------------------- roles


SELF_PROMOTION = "소유자 역할은 소유자만"


@pytest.mark.parametrize("door", ["web", "admin", "service"])
def test_a_manager_cannot_make_themself_owner(client_for, household, mia, door):
    seat = membership_of(mia, household)
    attempts = {
        "web": lambda: _page(
            client_for(mia).post(f"/household/members/{seat.pk}/role/", {"role": "owner"}, follow=True)
        ),
        "admin": lambda: _admin_form(
            client_for(mia).post(
                f"/admin/households/membership/{seat.pk}/change/",
                {"display_name": seat.display_name, "role": "owner"},
                follow=True,
            )
        ),
        "service": lambda: _service(lambda: membership_change_role(by=seat, membership=seat, role="owner")),
    }
    _refused_by(attempts[door], SELF_PROMOTION)


@pytest.mark.parametrize("door", ["web", "admin", "service"])
def test_a_manager_cannot_demote_the_owner(client_for, household, alice, mia, door):
    owner, seat = membership_of(alice, household), membership_of(mia, household)
    attempts = {
        "web": lambda: _page(
            client_for(mia).post(f"/household/members/{owner.pk}/role/", {"role": "member"}, follow=True)
        ),
        "admin": lambda: _admin_form(
            client_for(mia).post(
                f"/admin/households/membership/{owner.pk}/change/",
                {"display_name": owner.display_name, "role": "member"},
                follow=True,
            )
        ),
        "service": lambda: _service(lambda: membership_change_role(by=seat, membership=owner, role="member")),
    }
    _refused_by(attempts[door], SELF_PROMOTION)


@pytest.mark.parametrize("door", ["web", "admin", "service"])
def test_the_only_owner_cannot_step_down(client_for, household, alice, door):
    owner = membership_of(alice, household)
    attempts = {
        "web": lambda: _page(
            client_for(alice).post(f"/household/members/{owner.pk}/role/", {"role": "manager"}, follow=True)
        ),
        "admin": lambda: _admin_form(
            client_for(alice).post(
                f"/admin/households/membership/{owner.pk}/change/",
                {"display_name": owner.display_name, "role": "manager"},
                follow=True,
            )
        ),
        "service": lambda: _service(lambda: membership_change_role(by=owner, membership=owner, role="manager")),
    }
    _refused_by(attempts[door], "소유자가 한 명 이상")


@pytest.mark.parametrize("door", ["web", "admin", "service"])
def test_nobody_raises_their_own_role(client_for, household, alice, mia, door):
    # Even an owner's rule stands for a manager who was once made owner and stepped down: rank goes one way.
    seat = membership_of(mia, household)
    membership_change_role(by=membership_of(alice, household), membership=seat, role="viewer")
    seat.refresh_from_db()
    attempts = {
        "web": lambda: str(
            client_for(mia).post(f"/household/members/{seat.pk}/role/", {"role": "manager"}).status_code
        ),
        "admin": lambda: str(client_for(mia).get("/admin/").status_code),
        "service": lambda: _service(lambda: membership_change_role(by=seat, membership=seat, role="manager")),
    }
    expected = {"web": "403", "admin": "302", "service": "역할을 바꿀 권한이 없어요"}[door]
    _refused_by(attempts[door], expected)


# ------------------------------------------------------------------------------ categories


FALLBACK_HIDDEN = "숨길 수 없어요"


@pytest.mark.parametrize("door", ["web", "admin", "import", "service", "database"])
def test_the_fallback_category_cannot_be_hidden(client_for, household, alice, door):
    other = household.categories.get(slug="other")
    owner = membership_of(alice, household)

    def by_import():
        document = household_export(household_id=household.pk)
        for category in document["categories"]:
            if category["slug"] == "other":
                category["is_hidden"] = True
        response = client_for(alice).post("/import/household/", {"file": _upload(document)})
        assert response.status_code == 400
        return _page(response)

    def by_database():
        with pytest.raises(IntegrityError), transaction.atomic():
            Category.objects.filter(pk=other.pk).update(is_hidden=True)
        return FALLBACK_HIDDEN

    attempts = {
        "web": lambda: _page(
            client_for(alice).post(
                f"/household/categories/{other.pk}/", {"name": other.name, "is_hidden": "on"}, follow=True
            )
        ),
        "admin": lambda: _admin_form(
            client_for(alice).post(
                f"/admin/households/category/{other.pk}/change/",
                {"name": other.name, "is_hidden": "on", "position": other.position},
                follow=True,
            )
        ),
        "import": by_import,
        "service": lambda: _service(lambda: category_update(by=owner, category=other, name=other.name, is_hidden=True)),
        "database": by_database,
    }
    _refused_by(attempts[door], FALLBACK_HIDDEN)


# --------------------------------------------------------------------------------- Claude


@pytest.mark.parametrize("door", ["web", "service"])
def test_claude_needs_a_managers_consent(client_for, household, alice, door):
    owner = membership_of(alice, household)
    attempts = {
        "web": lambda: _page(client_for(alice).post("/household/llm/", {"enabled": "1"}, follow=True)),
        "service": lambda: _service(lambda: household_set_llm(by=owner, enabled=True)),
    }
    _refused_by(attempts[door], "동의해 주셔야")


@pytest.mark.parametrize("door", ["web", "service"])
def test_the_claude_budget_stays_under_the_operators_cap(client_for, household, alice, door):
    owner = membership_of(alice, household)
    attempts = {
        "web": lambda: _page(
            client_for(alice).post("/household/llm/", {"enabled": "1", "agree": "1", "budget_usd": "9999"}, follow=True)
        ),
        "service": lambda: _service(
            lambda: household_set_llm(by=owner, enabled=True, agreed=True, monthly_budget_usd="9999")
        ),
    }
    _refused_by(attempts[door], "Claude 월 예산은")


def test_the_admin_never_turns_claude_on_or_sets_its_budget(client_for, household, alice):
    client = client_for(alice)
    form = _page(client.get(f"/admin/households/household/{household.pk}/change/"))
    assert 'name="llm_enabled"' not in form and 'name="llm_monthly_budget_usd"' not in form
    before = ledger()
    client.post(
        f"/admin/households/household/{household.pk}/change/",
        {"name": household.name, "month_start_day": 1, "llm_enabled": "on", "llm_monthly_budget_usd": "9999"},
    )
    assert ledger() == before


def test_an_import_never_carries_claudes_consent_or_budget(client_for, household, alice):
    Household.objects.filter(pk=household.pk).update(llm_enabled=True, llm_enabled_at=timezone.now())
    document = household_export(household_id=household.pk)
    document["household"]["llm_monthly_budget_usd"] = "9999"
    response = client_for(alice).post("/import/household/", {"file": _upload(document)}, follow=True)
    assert "Claude 자동 분류는 꺼 둔 채로 가져왔어요" in _page(response)
    imported = Household.objects.exclude(pk=household.pk).get()
    assert (imported.llm_enabled, imported.llm_enabled_at, imported.llm_monthly_budget_usd) == (False, None, None)


def test_anyone_may_import_but_only_becomes_owner_of_the_copy(client_for, household, alice, charlie):
    document = household_export(household_id=household.pk)
    client_for(charlie).post("/import/household/", {"file": _upload(document)})
    copy = Household.objects.exclude(
        pk__in=[household.pk, membership_of(charlie, Household.objects.get(name="찰리네")).household_id]
    ).get()
    assert Membership.objects.get(household=copy, user=charlie).role == "owner"
    assert not Membership.objects.filter(household=copy, user=alice).exists()
    assert Membership.objects.get(household=household, user=alice).role == "owner"


# ---------------------------------------------------------------------------- entry dates


def _outside() -> list[dt.date]:
    today = timezone.localdate()
    return [dt.date(1900, 1, 1), today + dt.timedelta(days=800)]


def _typed(day: dt.date) -> str:
    return f"{day.year}년 {day.month}월 {day.day}일 점심 5000원"


WINDOW = "2000년 1월 1일부터"


@pytest.mark.parametrize("day", _outside(), ids=["1900", "two-years-ahead"])
@pytest.mark.parametrize(
    "door",
    [
        "web-message",
        "htmx-message",
        "web-form",
        "htmx-edit",
        "telegram",
        "telegram-caption",
        "telegram-edit",
        "kakao",
        "admin-entry",
        "admin-recurring",
        "web-recurring",
        "import-entry",
        "import-recurring",
        "service-message",
        "service-entry",
        "service-recurring",
    ],
)
def test_no_door_records_a_date_outside_the_window(client, client_for, household, alice, bob, lunch, door, day):
    owner, member = membership_of(alice, household), membership_of(bob, household)
    food = household.categories.get(slug="food")
    housing = household.categories.get(slug="housing")
    rule = RecurringRule.objects.create(
        household=household,
        amount_krw=500_000,
        category=housing,
        memo="월세",
        day_of_month=25,
        starts_on=timezone.localdate() + dt.timedelta(days=40),
        next_occurrence_on=timezone.localdate() + dt.timedelta(days=40),
        paid_by=owner,
        created_by=owner,
    )
    entry_form = {
        "kind": "expense",
        "amount_krw": "5000",
        "spent_on": day.isoformat(),
        "category": food.pk,
        "memo": "점심",
        "paid_by": owner.pk,
    }
    rule_form = {
        "kind": "expense",
        "amount_krw": "500000",
        "memo": "월세",
        "category": housing.pk,
        "day_of_month": "25",
        "starts_on": day.isoformat(),
        "ends_on": "",
        "paid_by": owner.pk,
    }

    def by_import(section, field):
        document = household_export(household_id=household.pk)
        document[section][0][field] = day.isoformat()
        response = client_for(alice).post("/import/household/", {"file": _upload(document)})
        assert response.status_code == 400
        return _page(response)

    def by_chat(kind):
        if kind == "telegram":
            link_telegram(client, bob, household, user_id=BOB_TG)
            return reply_text(post_telegram(client, tg_message(_typed(day), user_id=BOB_TG)))
        if kind == "telegram-caption":
            link_telegram(client, bob, household, user_id=BOB_TG)
            return reply_text(post_telegram(client, tg_message(None, caption=_typed(day), photo=PHOTO)))
        link_kakao(client, bob, household, user_key=BOB_KAKAO)
        return kakao_text(post_kakao(client, kakao_payload(_typed(day), user_key=BOB_KAKAO)))

    recorded_by_telegram = None
    if door == "telegram-edit":  # the message was recorded first; the edit moves it out of the window
        link_telegram(client, bob, household, user_id=BOB_TG)
        recorded_by_telegram = tg_message("점심 5000원", user_id=BOB_TG)
        assert "✅" in reply_text(post_telegram(client, recorded_by_telegram))

    def by_service_message():
        result = message_record(membership=member, channel="web", text=_typed(day))
        assert result.outcome == MessageOutcome.DATE_OUT_OF_RANGE and not result.entries
        return WINDOW if result.out_of_range else ""

    attempts = {
        "web-message": lambda: _page(client_for(bob).post("/entries/message/", {"text": _typed(day)}, follow=True)),
        "htmx-message": lambda: _page(
            client_for(bob).post("/entries/message/", {"text": _typed(day), "month": ""}, **HTMX)
        ),
        "web-form": lambda: _page(client_for(bob).post("/entries/new/", entry_form)),
        "htmx-edit": lambda: _page(
            client_for(bob).post(
                f"/entries/{lunch.pk}/edit/", {f"e{lunch.pk}-{k}": v for k, v in entry_form.items()}, **HTMX
            )
        ),
        "telegram": lambda: by_chat("telegram"),
        "telegram-caption": lambda: by_chat("telegram-caption"),
        "telegram-edit": lambda: reply_text(post_telegram(client, tg_edit(recorded_by_telegram, _typed(day)))),
        "kakao": lambda: by_chat("kakao"),
        "admin-entry": lambda: _admin_form(
            client_for(alice).post(f"/admin/expenses/entry/{lunch.pk}/change/", entry_form, follow=True)
        ),
        "admin-recurring": lambda: _admin_form(
            client_for(alice).post(f"/admin/expenses/recurringrule/{rule.pk}/change/", rule_form, follow=True)
        ),
        "web-recurring": lambda: _page(client_for(bob).post("/recurring/", rule_form)),
        "import-entry": lambda: by_import("entries", "spent_on"),
        "import-recurring": lambda: by_import("recurring_rules", "starts_on"),
        "service-message": by_service_message,
        "service-entry": lambda: _service(
            lambda: entry_create(
                membership=member,
                kind="expense",
                amount_krw=5000,
                spent_on=day,
                category=food,
                memo="점심",
                paid_by=member,
            )
        ),
        "service-recurring": lambda: _service(
            lambda: recurring_rule_create(
                by=member,
                kind="expense",
                amount_krw=500_000,
                category=housing,
                memo="월세",
                day_of_month=25,
                starts_on=day,
                ends_on=None,
                paid_by=member,
            )
        ),
    }
    _refused_by(attempts[door], WINDOW)


def test_a_typed_date_outside_the_window_says_what_was_understood(client_for, household, bob):
    response = client_for(bob).post("/entries/message/", {"text": "1900년 1월 1일 점심 5000원"}, follow=True)
    page = _page(response)
    assert "'1900년 1월 1일 점심 5,000원'(으)로 읽었어요" in page and "아무것도 기록하지 않았어요" in page
    assert not Entry.objects.exists()


# ----------------------------------------------------------------------------- amounts

NEGATIVE = "금액은 양수로 적어 주세요"
TOO_LARGE = "금액이 너무 커요. 1조 원 미만으로 적어 주세요."


@pytest.mark.parametrize(("typed", "said"), [("-5000", NEGATIVE), ("1234567890123", TOO_LARGE)], ids=["minus", "13"])
@pytest.mark.parametrize(
    "door",
    ["web-message", "htmx-message", "web-form", "web-recurring", "web-budget", "telegram", "kakao", "inbox"],
)
def test_no_door_takes_a_negative_or_huge_amount(client, client_for, household, alice, bob, door, typed, said):
    owner = membership_of(alice, household)
    message = f"점심 {typed}원"
    entry_form = {
        "kind": "expense",
        "amount_krw": typed,
        "spent_on": "2026-11-20",
        "category": household.categories.get(slug="food").pk,
        "memo": "점심",
        "paid_by": owner.pk,
    }
    rule_form = {**entry_form, "day_of_month": "25", "starts_on": "2026-11-25", "ends_on": ""}

    def by_chat(kind):
        if kind == "telegram":
            link_telegram(client, bob, household, user_id=BOB_TG)
            return reply_text(post_telegram(client, tg_message(message, user_id=BOB_TG)))
        if kind == "kakao":
            link_kakao(client, bob, household, user_key=BOB_KAKAO)
            return kakao_text(post_kakao(client, kakao_payload(message, user_key=BOB_KAKAO)))
        return post_inbox(client, inbox_token(bob, household), message).content.decode()

    attempts = {
        "web-message": lambda: _page(client_for(bob).post("/entries/message/", {"text": message}, follow=True)),
        "htmx-message": lambda: _page(
            client_for(bob).post("/entries/message/", {"text": message, "month": ""}, **HTMX)
        ),
        "web-form": lambda: _page(client_for(bob).post("/entries/new/", entry_form)),
        "web-recurring": lambda: _page(client_for(alice).post("/recurring/", rule_form)),
        "web-budget": lambda: _page(client_for(alice).post("/budgets/", {"total": typed})),
        "telegram": lambda: by_chat("telegram"),
        "kakao": lambda: by_chat("kakao"),
        "inbox": lambda: by_chat("inbox"),
    }
    _refused_by(attempts[door], said)


# ----------------------------------------------------------------------------- invitations


DEMOTED_INVITER = "초대한 분이 이제 초대할 수 없는 역할"


@pytest.mark.parametrize("door", ["web-join", "web-signup", "web-signup-confirm", "service"])
def test_an_invitation_gives_no_more_than_its_maker_still_has(client, client_for, household, alice, mia, charlie, door):
    _, token = invitation_create(by=membership_of(mia, household), role="manager")
    # A signup begun while the maker could still invite, finished (the mailed link) after the demotion.
    _, link = signup_request_create(
        email="minsu@example.com", password="gajok-gagyebu-2026", display_name="민수", invitation_token=token
    )
    membership_change_role(by=membership_of(alice, household), membership=membership_of(mia, household), role="member")
    attempts = {
        "web-join": lambda: _page(client_for(charlie).post(f"/join/{token}/", follow=True)),
        "web-signup": lambda: _page(
            client.post(
                "/accounts/signup/",
                {
                    "display_name": "준호",
                    "email": "junho@example.com",
                    "password": "gajok-gagyebu-2026",
                    "invite": token,
                },
            )
        ),
        "web-signup-confirm": lambda: _page(client.post(f"/accounts/signup/confirm/{link}/")),
        "service": lambda: _service(lambda: invitation_accept(token=token, user=charlie)),
    }
    _refused_by(attempts[door], DEMOTED_INVITER)


def test_an_invitation_is_capped_at_its_makers_role_when_accepted(household, alice, mia, charlie):
    _, token = invitation_create(by=membership_of(alice, household), role="manager")
    membership_change_role(by=membership_of(alice, household), membership=membership_of(mia, household), role="owner")
    Invitation.objects.update(created_by=membership_of(mia, household))
    membership_change_role(by=membership_of(alice, household), membership=membership_of(mia, household), role="manager")
    assert invitation_accept(token=token, user=charlie).role == "manager"


def test_nobody_invites_above_their_own_role(household, mia):
    with pytest.raises(Refused, match="소유자로 초대할 수는 없어요"):
        invitation_create(by=membership_of(mia, household), role="owner")


# ------------------------------------------------------------------------------- viewers


@pytest.mark.parametrize(
    "door",
    [
        "web",
        "htmx",
        "telegram",
        "telegram-caption",
        "telegram-edit",
        "telegram-reply-undo",
        "telegram-reply-fix",
        "kakao",
        "admin",
        "service",
    ],
)
def test_a_viewer_changes_nothing(client, client_for, household, vera, lunch, door):
    viewer = membership_of(vera, household)

    def by_chat(kind):
        if kind == "kakao":
            link_kakao(client, vera, household, user_key=VERA_KAKAO)
            return kakao_text(post_kakao(client, kakao_payload("점심 5000원", user_key=VERA_KAKAO)))
        link_telegram(client, vera, household, user_id=VERA_TG)
        if kind == "telegram-caption":
            return reply_text(
                post_telegram(client, tg_message(None, user_id=VERA_TG, caption="점심 5000원", photo=PHOTO))
            )
        if kind == "telegram-edit":
            sent = tg_message("점심 5000원", user_id=VERA_TG)
            post_telegram(client, sent)
            return reply_text(post_telegram(client, tg_edit(sent, "점심 6000원")))
        if kind.startswith("telegram-reply"):
            # The bot's reply about the lunch, with its buttons, as Telegram quotes it in reply_to_message.
            about_lunch = tg_bot_reply(
                {
                    "chat_id": VERA_TG,
                    "text": "✅ 식비 점심 8,000원",
                    "reply_markup": {"inline_keyboard": [[{"text": "취소", "callback_data": f"undo:{lunch.pk}"}]]},
                }
            )
            said = "취소" if kind == "telegram-reply-undo" else "교통으로 바꿔줘"
            return reply_text(post_telegram(client, tg_reply(said, about_lunch, user_id=VERA_TG)))
        return reply_text(post_telegram(client, tg_message("점심 5000원", user_id=VERA_TG)))

    attempts = {
        "web": lambda: str(client_for(vera).post(f"/entries/{lunch.pk}/delete/").status_code),
        "htmx": lambda: str(client_for(vera).post(f"/entries/{lunch.pk}/delete/", **HTMX).status_code),
        "telegram": lambda: by_chat("telegram"),
        "telegram-caption": lambda: by_chat("telegram-caption"),
        "telegram-edit": lambda: by_chat("telegram-edit"),
        "telegram-reply-undo": lambda: by_chat("telegram-reply-undo"),
        "telegram-reply-fix": lambda: by_chat("telegram-reply-fix"),
        "kakao": lambda: by_chat("kakao"),
        "admin": lambda: str(
            client_for(vera).post(f"/admin/expenses/entry/{lunch.pk}/delete/", {"post": "yes"}).status_code
        ),
        "service": lambda: _service(lambda: entry_delete(membership=viewer, entry=lunch)),
    }
    expected = {"web": "403", "htmx": "403", "admin": "302", "service": "보기 전용"}.get(door, "보기 전용")
    _refused_by(attempts[door], expected)


def test_the_viewers_403_page_says_why_in_korean(client_for, household, vera, lunch):
    response = client_for(vera).post(f"/entries/{lunch.pk}/delete/")
    assert response.status_code == 403
    assert "보기 전용 구성원은 기록을 바꿀 수 없어요" in _page(response)


# ------------------------------------------------------------------ another household's rows


@pytest.mark.parametrize("door", ["htmx", "admin", "service"])
def test_an_entry_never_takes_another_households_category(client_for, household, alice, lunch, other_household, door):
    foreign = other_household.categories.get(slug="cafe")
    owner = membership_of(alice, household)
    admin_form = {
        "kind": "expense",
        "amount_krw": "8000",
        "spent_on": lunch.spent_on.isoformat(),
        "category": foreign.pk,
        "memo": "점심",
        "paid_by": owner.pk,
    }
    attempts = {
        "htmx": lambda: _page(
            client_for(alice).post(f"/entries/{lunch.pk}/category/", {"category": foreign.pk}, **HTMX)
        ),
        "admin": lambda: _page(client_for(alice).post(f"/admin/expenses/entry/{lunch.pk}/change/", admin_form)),
        "service": lambda: _service(lambda: entry_set_category(membership=owner, entry=lunch, category=foreign)),
    }
    expected = {"htmx": "이 항목에 쓸 수 있는 분류를", "admin": "errornote", "service": "이 항목에 쓸 수 없는 분류"}
    _refused_by(attempts[door], expected[door])


@pytest.mark.parametrize("door", ["admin", "service"])
def test_budgets_only_for_this_households_expense_categories(client_for, household, alice, other_household, door):
    owner = membership_of(alice, household)
    budgets_set(by=owner, amounts={household.categories.get(slug="food").pk: 300_000})
    budget = Budget.objects.get()
    attempts = {
        "admin": lambda: _admin_form(
            client_for(alice).post(f"/admin/expenses/budget/{budget.pk}/change/", {"amount_krw": "-5"}, follow=True)
        ),
        "service": lambda: _service(
            lambda: budgets_set(by=owner, amounts={other_household.categories.get(slug="food").pk: 1000})
        ),
    }
    expected = {"admin": "예산은 1원부터", "service": "이 가구의 지출 분류에만"}
    _refused_by(attempts[door], expected[door])


@pytest.mark.parametrize("door", ["import", "import-worker", "service"])
def test_an_expense_never_takes_an_income_category(client_for, household, alice, lunch, door, monkeypatch):
    owner = membership_of(alice, household)

    def by_import():
        document = household_export(household_id=household.pk)
        document["entries"][0]["category"] = "salary"
        response = client_for(alice).post("/import/household/", {"file": _upload(document)})
        assert response.status_code == 400
        return _page(response)

    def by_worker():
        from expenses.exports import uploads

        monkeypatch.setattr(uploads, "INLINE_BYTES", 10)  # through the task, as a large file goes
        return by_import()

    attempts = {
        "import": by_import,
        "import-worker": by_worker,
        "service": lambda: _service(
            lambda: entry_update(
                membership=owner,
                entry=lunch,
                kind="expense",
                amount_krw=8000,
                spent_on=lunch.spent_on,
                category=household.categories.get(slug="salary"),
                memo="점심",
                paid_by=owner,
            )
        ),
    }
    _refused_by(attempts[door], "지출에는 지출 분류를")


def test_an_entry_update_keeps_the_same_rules_as_a_new_entry(household, alice, lunch, other_household):
    owner = membership_of(alice, household)
    with pytest.raises(Refused, match="지출에는 지출 분류를"):
        entry_update(
            membership=owner,
            entry=lunch,
            kind="expense",
            amount_krw=8000,
            spent_on=lunch.spent_on,
            category=household.categories.get(slug="salary"),
            memo="점심",
            paid_by=owner,
        )


def test_the_operator_keeps_the_households_rules_in_the_admin(client_for, household, alice, mia):
    """A superuser acts as the operator: an owner's rights in any household, the same invariants."""
    operator = UserFactory(display_name="운영자", is_staff=True, is_superuser=True)
    client = client_for(operator)
    owner = membership_of(alice, household)
    page = _admin_form(
        client.post(
            f"/admin/households/membership/{owner.pk}/change/",
            {"display_name": owner.display_name, "role": "manager"},
            follow=True,
        )
    )
    assert "소유자가 한 명 이상" in page
    seat = membership_of(mia, household)
    client.post(f"/admin/households/membership/{seat.pk}/change/", {"display_name": seat.display_name, "role": "owner"})
    seat.refresh_from_db()
    assert seat.role == "owner"
    assert client.get("/admin/expenses/entry/add/").status_code == 403  # rows are born through their own doors


def test_a_two_digit_year_before_the_window_is_read_and_refused(client_for, household, bob):
    response = client_for(bob).post("/entries/message/", {"text": "99.03.01 적금 만기 300만원"}, follow=True)
    page = _page(response)
    assert "1999년 3월 1일" in page and WINDOW in page
    assert not Entry.objects.exists()


# ------------------------------------------------------------ card texts and statements (the new doors)


def _card_text(day: dt.date, amount: int = 6100) -> str:
    return f"[Web발신]\n신한카드(3821)승인 홍*동 {amount:,}원(일시불){day:%m/%d} 08:42 스타벅스코리아 누적412,380원"


def _statement(day: dt.date, amount: int = 6100) -> bytes:
    return shinhan_xlsx([(day, "08:42", "스타벅스코리아", amount, "일시불", "00410000", "")], title=False)


def _upload_statement(client, content: bytes):
    return client.post("/statements/", {"file": SimpleUploadedFile("신한카드.xlsx", content)}, follow=True)


@pytest.mark.parametrize(
    "door", ["inbox", "statement-page", "statement-record", "statement-service", "telegram", "kakao", "web", "service"]
)
def test_a_viewer_records_no_card_payment(client, client_for, household, alice, vera, door):
    viewer = membership_of(vera, household)
    today = timezone.localdate()

    statement = statement_upload(
        membership=membership_of(alice, household), filename="신한카드.xlsx", content=_statement(today)
    )

    def by_inbox():
        # A viewer cannot make an address: one made while a member, used after being made a viewer.
        Membership.objects.filter(pk=viewer.pk).update(role="member")
        viewer.refresh_from_db()
        token = inbox_token(vera, household)
        Membership.objects.filter(pk=viewer.pk).update(role="viewer")
        response = post_inbox(client, token, _card_text(today))
        assert response.status_code == 403
        return response.json()["reply"]

    def by_statement_record():
        return _page(client_for(vera).post(f"/statements/{statement.pk}/", {"row": ["2"]}, follow=True))

    def by_chat(kind):
        if kind == "telegram":
            link_telegram(client, vera, household, user_id=VERA_TG)
            return reply_text(post_telegram(client, tg_message(_card_text(today), user_id=VERA_TG)))
        link_kakao(client, vera, household, user_key=VERA_KAKAO)
        return kakao_text(post_kakao(client, kakao_payload(_card_text(today), user_key=VERA_KAKAO)))

    attempts = {
        "inbox": by_inbox,
        "statement-page": lambda: str(_upload_statement(client_for(vera), _statement(today)).status_code),
        "statement-record": by_statement_record,
        "statement-service": lambda: _service(
            lambda: statement_upload(membership=viewer, filename="신한카드.xlsx", content=_statement(today))
        ),
        "telegram": lambda: by_chat("telegram"),
        "kakao": lambda: by_chat("kakao"),
        "web": lambda: str(client_for(vera).post("/entries/message/", {"text": _card_text(today)}).status_code),
        "service": lambda: message_record(membership=viewer, channel="inbox", text=_card_text(today)).outcome,
    }
    expected = {
        "statement-page": "403",
        "web": "403",
        "service": MessageOutcome.READ_ONLY,
    }.get(door, "보기 전용")
    _refused_by(attempts[door], expected)


@pytest.mark.parametrize("door", ["inbox", "telegram", "web", "statement", "service"])
def test_no_card_payment_is_recorded_outside_the_date_window(client, client_for, household, bob, door):
    text = "[Web발신]\n신한카드(3821)승인 홍*동 6,100원(일시불)1999/02/13 08:42 스타벅스코리아"

    def by_statement():
        page = _page(_upload_statement(client_for(bob), _statement(dt.date(1999, 2, 13))))
        assert 'name="row"' not in page  # nothing to tick
        return page

    attempts = {
        "inbox": lambda: post_inbox(client, inbox_token(bob, household), text).json()["reply"],
        "telegram": lambda: (
            link_telegram(client, bob, household, user_id=BOB_TG),
            reply_text(post_telegram(client, tg_message(text, user_id=BOB_TG))),
        )[1],
        "web": lambda: _page(client_for(bob).post("/entries/message/", {"text": text}, follow=True)),
        "statement": by_statement,
        "service": lambda: (
            WINDOW
            if message_record(membership=membership_of(bob, household), channel="inbox", text=text).out_of_range
            else ""
        ),
    }
    expected = {"statement": "기록할 수 없는 날짜"}.get(door, WINDOW)
    _refused_by(attempts[door], expected)


@pytest.mark.parametrize("door", ["web", "inbox", "telegram", "statement"])
def test_a_card_payment_never_joins_another_households_entry(
    client, client_for, household, bob, charlie, other_household, door
):
    """The matching rules stop at the household: charlie's typed 6,100원 stays his, untouched."""
    today = timezone.localdate()
    theirs = EntryFactory(paid_by=membership_of(charlie, other_household), amount_krw=6100, spent_on=today, memo="커피")
    doors = {
        "web": lambda: client_for(bob).post("/entries/message/", {"text": _card_text(today)}),
        "inbox": lambda: post_inbox(client, inbox_token(bob, household), _card_text(today)),
        "telegram": lambda: (
            link_telegram(client, bob, household, user_id=BOB_TG),
            post_telegram(client, tg_message(_card_text(today), user_id=BOB_TG)),
        ),
        "statement": lambda: client_for(bob).post(
            _upload_statement(client_for(bob), _statement(today)).redirect_chain[-1][0], {"row": ["2"]}
        ),
    }
    doors[door]()
    theirs.refresh_from_db()
    assert (theirs.payment_method_id, theirs.merged_at) == (None, None)
    assert Entry.objects.filter(household=household, amount_krw=6100).count() == 1
    assert not PaymentMethod.objects.filter(household=other_household).exists()


@pytest.mark.parametrize("door", ["web", "admin", "service"])
def test_only_managers_rename_a_card_and_only_their_own(client_for, household, alice, bob, other_household, door):
    card = PaymentMethod.objects.create(
        household=household, kind="credit", issuer="신한카드", last4="3821", name="신한"
    )
    foreign = PaymentMethod.objects.create(
        household=other_household, kind="credit", issuer="삼성카드", name="남의 카드"
    )
    attempts = {
        "web": lambda: (
            str(client_for(bob).post(f"/payments/{card.pk}/", {"name": "내 카드"}).status_code)
            + str(client_for(alice).post(f"/payments/{foreign.pk}/", {"name": "내 카드"}).status_code)
        ),
        "admin": lambda: str(
            client_for(alice).post(f"/admin/expenses/paymentmethod/{foreign.pk}/change/", {"name": "x"}).status_code
        ),
        "service": lambda: _service(
            lambda: payment_method_rename(by=membership_of(alice, household), payment_method=foreign, name="x")
        ),
    }
    expected = {"web": "403404", "admin": "302", "service": "이 가구의 결제수단이 아니에요"}[door]
    _refused_by(attempts[door], expected)
