"""Sign-up, invitations, roles, leaving, switching households and categories."""

import datetime as dt
import re

import pytest
from django.core import mail
from django.utils import timezone

from expenses.models import Entry
from households.models import Household, Invitation, Membership, SignupRequest, User
from households.services import invitation_create
from tests.conftest import membership_of
from tests.factories import EntryFactory

pytestmark = pytest.mark.django_db


def _confirm_by_mail(client, to: str):
    """Opens the link of the last signup mail to `to` and presses its button."""
    message = [m for m in mail.outbox if m.to == [to]][-1]
    link = re.search(r"http://testserver(/accounts/signup/confirm/\S+/)", message.body)[1]
    assert client.get(link).status_code == 200  # a mail scanner opening the link changes nothing
    return client.post(link)


def test_signup_creates_a_household_with_default_categories(client):
    response = client.post(
        "/accounts/signup/",
        {
            "display_name": "민지",
            "email": "Minji@Example.com",
            "password": "gajok-gagyebu-2026",
            "household_name": "우리집",
        },
    )
    assert response.status_code == 200 and "메일을 보냈어요" in response.content.decode()
    assert not User.objects.exists()  # nothing until the address's owner opens the link
    assert _confirm_by_mail(client, "minji@example.com").status_code == 302
    user = User.objects.get(email="minji@example.com")
    membership = user.memberships.get()
    assert membership.role == "owner" and membership.household.name == "우리집"
    assert membership.household.categories.count() == 21
    assert client.get("/").status_code == 302


def test_signup_errors_are_korean(client, alice):
    response = client.post("/accounts/signup/", {"display_name": "", "email": "x@", "password": "1234"})
    html = response.content.decode()
    assert response.status_code == 400
    assert "이름을 적어 주세요" in html and "올바른 이메일" in html and "가구 이름을 적어 주세요" in html


def test_signup_never_tells_whether_an_address_is_registered(client, alice):
    """The red team's case: it said "이미 가입한 이메일이에요". Now both answers are the same page, and
    the address's owner gets a mail instead of a second account."""
    form = {"display_name": "누군가", "password": "gajok-gagyebu-2026", "household_name": "우리집"}
    taken = client.post("/accounts/signup/", {**form, "email": alice.email})
    free = client.post("/accounts/signup/", {**form, "email": "new@example.com"})
    assert taken.status_code == free.status_code == 200

    def page(response, email):
        main = response.content.decode().split("<main", 1)[1].split("</main>", 1)[0]
        return main.replace(email, "EMAIL")

    assert page(taken, alice.email) == page(free, "new@example.com")
    assert "이미 가입" not in taken.content.decode()
    to_alice = [m for m in mail.outbox if m.to == [alice.email]]
    assert len(to_alice) == 1 and "이미 가입되어 있어요" in to_alice[0].body and "/accounts/login/" in to_alice[0].body
    assert "/accounts/signup/confirm/" not in to_alice[0].body
    assert User.objects.filter(email=alice.email).count() == 1 and User.objects.count() == 1


def test_a_signup_link_works_once_and_not_after_a_day(client):
    form = {"display_name": "민지", "email": "minji@example.com", "password": "gajok-gagyebu-2026"}
    client.post("/accounts/signup/", {**form, "household_name": "우리집"})
    message = mail.outbox[-1]
    link = re.search(r"http://testserver(/accounts/signup/confirm/\S+/)", message.body)[1]
    assert client.post(link).status_code == 302
    client.logout()
    assert client.post(link).status_code == 400 and User.objects.count() == 1
    client.post("/accounts/signup/", {**form, "email": "late@example.com", "household_name": "늦은집"})
    late = re.search(r"http://testserver(/accounts/signup/confirm/\S+/)", mail.outbox[-1].body)[1]
    SignupRequest.objects.update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    assert client.post(late).status_code == 400
    assert not User.objects.filter(email="late@example.com").exists()


def test_signup_is_throttled_per_address(client):
    for n in range(10):
        client.post("/accounts/signup/", {"display_name": "x", "email": f"u{n}@example.com", "password": "1"})
    response = client.post("/accounts/signup/", {"display_name": "x", "email": "u99@example.com", "password": "1"})
    assert response.status_code == 429 and "요청이 너무 잦아요" in response.content.decode()
    assert response["Retry-After"] == "3600"


def test_signup_mails_to_one_address_are_capped(client, alice):
    form = {"display_name": "x", "password": "gajok-gagyebu-2026", "household_name": "집"}
    for _ in range(6):
        assert client.post("/accounts/signup/", {**form, "email": alice.email}).status_code == 200
    assert len([m for m in mail.outbox if m.to == [alice.email]]) == 3


def test_login_with_email(client, alice):
    response = client.post("/accounts/login/", {"username": alice.email, "password": "correct-horse-battery"})
    assert response.status_code == 302


def _invite(owner, household, role="member"):
    _, token = invitation_create(by=membership_of(owner, household), role=role)
    return token


def test_an_invited_person_signs_up_and_joins_with_the_chosen_role(client, alice, household):
    token = _invite(alice, household, role="viewer")
    response = client.get(f"/join/{token}/")
    assert response.status_code == 302 and "invite=" in response.url
    client.post(
        "/accounts/signup/",
        {"display_name": "준호", "email": "junho@example.com", "password": "gajok-gagyebu-2026", "invite": token},
    )
    assert _confirm_by_mail(client, "junho@example.com").status_code == 302
    junho = User.objects.get(email="junho@example.com")
    assert membership_of(junho, household).role == "viewer"
    assert Household.objects.filter(memberships__user=junho).count() == 1


def test_an_invitation_is_single_use(client_for, alice, household, charlie):
    token = _invite(alice, household)
    client = client_for(charlie)
    assert client.post(f"/join/{token}/").status_code == 302
    assert membership_of(charlie, household).role == "member"
    other = User.objects.create_user(email="x@example.com", password="pw-123456789", display_name="x")
    client.force_login(other)
    assert client.get(f"/join/{token}/").status_code == 404
    client.post(f"/join/{token}/")
    assert not other.memberships.exists()


def test_expired_and_revoked_invitations_do_not_work(client_for, alice, household, charlie):
    token = _invite(alice, household)
    Invitation.objects.update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    client = client_for(charlie)
    client.post(f"/join/{token}/")
    assert not charlie.memberships.filter(household=household).exists()
    token = _invite(alice, household)
    invitation = Invitation.objects.latest("pk")
    client_for(alice).post(f"/household/invitations/{invitation.pk}/revoke/")
    client = client_for(charlie)
    client.post(f"/join/{token}/")
    assert not charlie.memberships.filter(household=household).exists()


def test_managers_create_invitation_links_members_cannot(client_for, alice, bob):
    response = client_for(alice).post("/household/invitations/", {"role": "member"}, follow=True)
    assert "/join/" in response.content.decode()
    assert client_for(bob).post("/household/invitations/", {"role": "member"}).status_code == 403


def test_the_last_owner_cannot_step_down_or_leave(client_for, alice, household):
    client = client_for(alice)
    owner = membership_of(alice, household)
    response = client.post("/household/leave/", {"confirm": "1"}, follow=True)
    assert "마지막 소유자" in response.content.decode()
    owner.refresh_from_db()
    assert owner.left_at is None


def test_roles_change_and_members_are_removed(client_for, alice, bob, household):
    client = client_for(alice)
    member = membership_of(bob, household)
    client.post(f"/household/members/{member.pk}/role/", {"role": "manager"})
    member.refresh_from_db()
    assert member.role == "manager"
    client.post(f"/household/members/{member.pk}/remove/", {"confirm": "1"})
    member.refresh_from_db()
    assert member.left_at is not None
    assert client_for(bob).get("/").status_code == 302  # to "create a household"


def test_it_checks_ownership_of_members(client_for, alice, charlie, other_household):
    stranger = membership_of(charlie, other_household)
    client = client_for(alice)
    assert client.post(f"/household/members/{stranger.pk}/role/", {"role": "viewer"}).status_code == 404
    assert client.post(f"/household/members/{stranger.pk}/remove/", {"confirm": "1"}).status_code == 404
    assert client.get(f"/household/members/{stranger.pk}/remove/").status_code == 404
    stranger.refresh_from_db()
    assert stranger.role == "owner" and stranger.left_at is None


def test_a_viewer_cannot_manage(client_for, vera, bob, household):
    client = client_for(vera)
    assert (
        client.post(f"/household/members/{membership_of(bob, household).pk}/role/", {"role": "owner"}).status_code
        == 403
    )
    assert client.post("/household/settings/", {"name": "x", "month_start_day": 5}).status_code == 403


def test_one_user_switches_between_households(client_for, alice, household, other_household):
    Membership.objects.create(household=other_household, user=alice, role="member", display_name="앨리스")
    client = client_for(alice)
    client.post("/household/switch/", {"household": other_household.pk})
    assert client.get("/household/").context["household"] == other_household
    stranger_household = Household.objects.create(name="모르는 집")
    assert client.post("/household/switch/", {"household": stranger_household.pk}).status_code == 404


def test_account_deletion_keeps_entries_as_a_former_member(client_for, alice, bob, household):
    EntryFactory(paid_by=membership_of(bob, household), memo="밥의 점심", spent_on=dt.date(2026, 11, 3))
    client = client_for(bob)
    assert client.post("/accounts/delete/", {"confirm": "탈퇴"}).status_code == 302
    assert not User.objects.filter(pk=bob.pk).exists()
    entry = Entry.objects.get()
    assert "전 구성원" in entry.paid_by.label
    html = client_for(alice).get("/month/2026-11/").content.decode()
    assert "밥의 점심" in html and "전 구성원" in html


def test_categories_are_renamed_hidden_and_added(client_for, alice, household):
    client = client_for(alice)
    cafe = household.categories.get(slug="cafe")
    client.post(f"/household/categories/{cafe.pk}/", {"name": "커피", "is_hidden": "on"})
    cafe.refresh_from_db()
    assert (cafe.name, cafe.is_hidden) == ("커피", True)
    client.post("/household/categories/", {"name": "골프", "kind": "expense"})
    assert household.categories.filter(name="골프", is_default=False).exists()
    other = household.categories.get(slug="other")
    response = client.post(f"/household/categories/{other.pk}/", {"name": "기타", "is_hidden": "on"}, follow=True)
    assert "숨길 수 없어요" in response.content.decode()


def test_settings_reject_a_bad_month_start(client_for, alice, household):
    response = client_for(alice).post("/household/settings/", {"name": "우리집", "month_start_day": 31})
    assert response.status_code == 400 and "1부터 28" in response.content.decode()
    household.refresh_from_db()
    assert household.month_start_day == 1


def test_claude_needs_the_disclosure_to_turn_on(client_for, alice, household):
    client = client_for(alice)
    client.post("/household/llm/", {"enabled": "1"})
    household.refresh_from_db()
    assert household.llm_enabled is False
    client.post("/household/llm/", {"enabled": "1", "agree": "1"})
    household.refresh_from_db()
    assert household.llm_enabled is True


def test_it_checks_ownership_of_categories_and_invitations(client_for, alice, charlie, other_household):
    category = other_household.categories.get(slug="food")
    invitation_create(by=membership_of(charlie, other_household))
    invitation = Invitation.objects.get(household=other_household)
    client = client_for(alice)
    assert client.post(f"/household/categories/{category.pk}/", {"name": "해킹"}).status_code == 404
    assert client.post(f"/household/invitations/{invitation.pk}/revoke/").status_code == 404
    category.refresh_from_db()
    invitation.refresh_from_db()
    assert category.name == "식비" and invitation.revoked_at is None


def test_invitation_links_are_throttled_per_address(client, alice, household):
    token = _invite(alice, household)
    for n in range(20):
        client.get(f"/join/guess-{n}/")
    response = client.get(f"/join/{token}/")
    assert response.status_code == 429 and "요청이 너무 잦아요" in response.content.decode()
    assert not Invitation.objects.filter(used_at__isnull=False).exists()
