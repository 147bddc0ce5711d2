"""Sign-up, the household page (members, roles, invitations, categories) and switching households."""

import logging

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.mail import send_mail
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from categorization.selectors import llm_spend_this_month
from homenrich.client_address import client_address
from homenrich.errors import Refused
from homenrich.throttles import throttle_hit, too_many

from . import services
from .access import household_view
from .forms import (
    CategoryForm,
    HouseholdForm,
    HouseholdSettingsForm,
    InvitationForm,
    NewCategoryForm,
    RoleForm,
    SignupForm,
)
from .selectors import (
    SESSION_KEY,
    active_memberships,
    categories_for,
    category_of_household,
    invitation_of_household,
    member_of_household,
    members_for,
    open_invitations,
)

logger = logging.getLogger(__name__)

CONFIRM_MAIL = "registration/signup_confirm_email.txt"
EXISTS_MAIL = "registration/signup_exists_email.txt"


SIGNUP_PER_ADDRESS = (10, 3600)  # signups posted from one address per hour
MAILS_PER_ADDRESS = (3, 3600)  # mails to one e-mail address per hour, whatever sent them
RESET_PER_ADDRESS = (5, 15 * 60)  # reset requests from one client address
JOIN_PER_ADDRESS = (20, 3600)  # invitation and signup links tried from one address


def _throttled(request: HttpRequest, scope: str, rule: tuple[int, int], subject: str | None = None) -> bool:
    limit, window = rule
    return throttle_hit(scope=scope, subject=subject or client_address(request), limit=limit, window_seconds=window)


def _mail(request: HttpRequest, *, to: str, subject: str, template: str, context: dict) -> None:
    """One mail per address per while (MAILS_PER_ADDRESS); a mail that cannot go out is logged, not shown."""
    if _throttled(request, "mail", MAILS_PER_ADDRESS, subject=to.lower()):
        logger.info("mail to one address throttled (%s)", template)
        return
    try:
        send_mail(subject, render_to_string(template, context), None, [to])
    except Exception:
        logger.exception("mail not sent (%s)", template)


def signup(request: HttpRequest) -> HttpResponse:
    """Answers alike whether or not the address has an account: a link to finish, or a note to its owner."""
    token = request.GET.get("invite") or request.POST.get("invite") or ""
    invitation = services.invitation_find(token=token) if token else None
    invited = invitation is not None and invitation.is_usable
    if request.method == "POST" and _throttled(request, "signup", SIGNUP_PER_ADDRESS):
        return too_many(request, SIGNUP_PER_ADDRESS[1])
    form = SignupForm(request.POST or None, invited=invited)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if invited:
                services.invitation_role(invitation)  # a link its maker may no longer give is refused now
            pending, link_token = services.signup_request_create(
                email=data["email"],
                password=data["password"],
                display_name=data["display_name"],
                household_name="" if invited else data["household_name"],
                invitation_token=token if invited else "",
            )
        except Refused as error:
            form.add_error(None, str(error))
        else:
            if pending is not None:
                link = request.build_absolute_uri(reverse("signup_confirm", kwargs={"token": link_token}))
                context = {"link": link, "hours": services.SIGNUP_LINK_HOURS}
                _mail(
                    request,
                    to=pending.email,
                    subject="[홈앤리치] 가입을 마쳐 주세요",
                    template=CONFIRM_MAIL,
                    context=context,
                )
            else:
                context = {
                    "login_link": request.build_absolute_uri(reverse("login")),
                    "reset_link": request.build_absolute_uri(reverse("password_reset")),
                    "invite_link": request.build_absolute_uri(reverse("join", kwargs={"token": token}))
                    if invited
                    else "",
                }
                subject = "[홈앤리치] 이 주소로 가입하려는 요청이 있었어요"
                _mail(request, to=data["email"], subject=subject, template=EXISTS_MAIL, context=context)
            return render(
                request,
                "registration/signup_sent.html",
                {"email": data["email"], "hours": services.SIGNUP_LINK_HOURS},
            )
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "registration/signup.html",
        {"form": form, "invitation": invitation if invited else None, "invite": token},
        status=status,
    )


def signup_confirm(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows one button (mail scanners open links); POST makes the account and signs in."""
    if _throttled(request, "join", JOIN_PER_ADDRESS):
        return too_many(request, JOIN_PER_ADDRESS[1])
    if request.method != "POST":
        pending = services.signup_request_find(token=token)
        if pending is None:
            return render(request, "registration/signup_done.html", {"message": services.SIGNUP_LINK_USED}, status=404)
        return render(request, "registration/signup_confirm.html", {"pending": pending})
    try:
        user, membership = services.signup_confirm(token=token)
    except Refused as error:
        return render(request, "registration/signup_done.html", {"message": str(error)}, status=400)
    login(request, user, backend=settings.AUTHENTICATION_BACKENDS[0])
    if membership is not None:
        request.session[SESSION_KEY] = membership.household_id
    return redirect("home")


class PasswordResetView(auth_views.PasswordResetView):
    """Django's reset view (the same answer whether or not the address exists), throttled: per client
    address a few requests, per e-mail address a few mails; past that the same answer and no mail."""

    def post(self, request, *args, **kwargs):
        if _throttled(request, "reset", RESET_PER_ADDRESS):
            return too_many(request, RESET_PER_ADDRESS[1])
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        if _throttled(self.request, "mail", MAILS_PER_ADDRESS, subject=form.cleaned_data["email"].strip().lower()):
            return HttpResponseRedirect(self.get_success_url())
        return super().form_valid(form)


@login_required
def household_new(request: HttpRequest) -> HttpResponse:
    form = HouseholdForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        household = services.household_create(owner=request.user, name=form.cleaned_data["name"])
        request.session[SESSION_KEY] = household.pk
        return redirect("home")
    return render(request, "households/new.html", {"form": form}, status=400 if request.method == "POST" else 200)


def _page(request: HttpRequest, status: int = 200, **forms) -> HttpResponse:
    membership = request.membership
    household_id = membership.household_id
    context = {
        "members": members_for(household_id=household_id),
        "invitations": open_invitations(household_id=household_id) if membership.can_manage else [],
        "categories": categories_for(household_id=household_id, include_hidden=True),
        "settings_form": forms.get("settings_form")
        or HouseholdSettingsForm(
            initial={"name": membership.household.name, "month_start_day": membership.household.month_start_day}
        ),
        "invitation_form": forms.get("invitation_form") or InvitationForm(),
        "new_category_form": forms.get("new_category_form") or NewCategoryForm(),
        "roles": RoleForm.base_fields["role"].choices,
        "llm_spend": llm_spend_this_month(household=membership.household),
        "llm_budget_cap": services.llm_budget_cap(),
        "usd_krw_rate": f"{settings.USD_KRW_RATE:,}",
        "new_invitation_link": request.session.pop("new_invitation_link", None),
    }
    return render(request, "households/detail.html", context, status=status)


@household_view()
def household_detail(request: HttpRequest) -> HttpResponse:
    return _page(request)


def _done(request: HttpRequest, notice: str) -> HttpResponse:
    messages.success(request, notice)
    return redirect("household")


def _refused(request: HttpRequest, error: Refused) -> HttpResponse:
    messages.error(request, str(error))
    return redirect("household")


@require_POST
@household_view(post="manage")
def household_settings(request: HttpRequest) -> HttpResponse:
    form = HouseholdSettingsForm(request.POST)
    if not form.is_valid():
        return _page(request, status=400, settings_form=form)
    services.household_update_settings(by=request.membership, **form.cleaned_data)
    return _done(request, "가구 설정을 저장했어요.")


@require_POST
@household_view(post="manage")
def household_llm(request: HttpRequest) -> HttpResponse:
    enabled = request.POST.get("enabled") == "1"
    try:
        services.household_set_llm(
            by=request.membership,
            enabled=enabled,
            agreed=request.POST.get("agree") == "1",
            monthly_budget_usd=request.POST.get("budget_usd", "").strip() or None,
        )
    except Refused as error:
        return _refused(request, error)
    return _done(request, "Claude 자동 분류를 켰어요." if enabled else "Claude 자동 분류를 껐어요.")


@require_POST
@household_view(post="manage")
def invitation_create(request: HttpRequest) -> HttpResponse:
    form = InvitationForm(request.POST)
    if not form.is_valid():
        return _page(request, status=400, invitation_form=form)
    try:
        _, token = services.invitation_create(by=request.membership, role=form.cleaned_data["role"])
    except Refused as error:
        return _refused(request, error)
    link = request.build_absolute_uri(reverse("join", kwargs={"token": token}))
    request.session["new_invitation_link"] = link
    return _done(request, "초대 링크를 만들었어요. 3일 동안 한 번 쓸 수 있어요.")


@require_POST
@household_view(post="manage")
def invitation_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    invitation = invitation_of_household(household_id=request.membership.household_id, pk=pk)
    services.invitation_revoke(by=request.membership, invitation=invitation)
    return _done(request, "초대를 취소했어요.")


def join(request: HttpRequest, token: str) -> HttpResponse:
    if _throttled(request, "join", JOIN_PER_ADDRESS):
        return too_many(request, JOIN_PER_ADDRESS[1])
    invitation = services.invitation_find(token=token)
    usable = invitation is not None and invitation.is_usable
    if not request.user.is_authenticated:
        if not usable:
            return render(request, "households/join.html", {"invitation": None}, status=404)
        return redirect(f"{reverse('signup')}?invite={token}")
    if request.method == "POST":
        try:
            membership = services.invitation_accept(token=token, user=request.user)
        except Refused as error:
            messages.error(request, str(error))
            return redirect("home")
        request.session[SESSION_KEY] = membership.household_id
        messages.success(request, f"'{membership.household.name}'에 들어왔어요.")
        return redirect("home")
    return render(
        request,
        "households/join.html",
        {"invitation": invitation if usable else None, "token": token},
        status=200 if usable else 404,
    )


@require_POST
@household_view(post="manage")
def member_role(request: HttpRequest, pk: int) -> HttpResponse:
    member = member_of_household(household_id=request.membership.household_id, pk=pk)
    form = RoleForm(request.POST)
    if not form.is_valid():
        return _refused(request, Refused("알 수 없는 역할이에요."))
    try:
        services.membership_change_role(by=request.membership, membership=member, role=form.cleaned_data["role"])
    except Refused as error:
        return _refused(request, error)
    return _done(request, f"{member.display_name}님의 역할을 바꿨어요.")


def _confirm(request: HttpRequest, context: dict) -> HttpResponse:
    """The second step of leaving or removing: inline under the button with htmx, a page of its own without."""
    template = "households/confirm.html"
    return render(request, f"{template}#confirm" if request.htmx else template, context)


@require_http_methods(["GET", "POST"])
@household_view(get="manage", post="manage")
def member_remove(request: HttpRequest, pk: int) -> HttpResponse:
    """GET (or a POST without `confirm`): what removing means; POST with confirm=1: remove."""
    member = member_of_household(household_id=request.membership.household_id, pk=pk)
    if request.method == "GET" or request.POST.get("confirm") != "1":
        return _confirm(
            request,
            {
                "action": reverse("member_remove", args=[member.pk]),
                "title": f"{member.display_name}님을 구성원에서 뺄까요?",
                "consequences": [
                    f"{member.display_name}님은 이 가구의 가계부를 더 이상 보거나 기록할 수 없어요.",
                    "연결해 둔 텔레그램·카카오톡으로도 이 가구에 기록할 수 없게 돼요.",
                    f"지금까지 남긴 기록은 '{member.display_name} (전 구성원)'으로 그대로 남아요.",
                    "다시 함께하려면 새 초대 링크를 보내야 해요.",
                ],
                "button": "구성원에서 빼기",
                "target": f"confirm-member-{member.pk}",
            },
        )
    try:
        services.membership_end(by=request.membership, membership=member)
    except Refused as error:
        return _refused(request, error)
    return _done(request, f"{member.display_name}님을 구성원에서 뺐어요. 기록은 그대로 남아요.")


@require_http_methods(["GET", "POST"])
@household_view(get="read", post="read")  # anyone may leave, viewers too
def household_leave(request: HttpRequest) -> HttpResponse:
    """GET (or a POST without `confirm`): what leaving means; POST with confirm=1: leave."""
    household = request.membership.household
    if request.method == "GET" or request.POST.get("confirm") != "1":
        return _confirm(
            request,
            {
                "action": reverse("household_leave"),
                "title": f"'{household.name}'에서 나갈까요?",
                "consequences": [
                    f"'{household.name}' 가계부를 더 이상 볼 수 없고, 채팅으로도 기록할 수 없어요.",
                    "내가 남긴 기록은 가구에 '전 구성원'으로 그대로 남아요.",
                    "다시 들어오려면 관리자에게 새 초대 링크를 받아야 해요.",
                ],
                "button": "가구에서 나가기",
                "target": "confirm-leave",
            },
        )
    try:
        services.membership_end(by=request.membership, membership=request.membership)
    except Refused as error:
        return _refused(request, error)
    request.session.pop(SESSION_KEY, None)
    messages.success(request, "가구에서 나왔어요.")
    return redirect("home")


@require_POST
@login_required
def household_switch(request: HttpRequest) -> HttpResponse:
    try:
        household_id = int(request.POST.get("household", ""))
    except ValueError:
        raise Http404 from None
    if not active_memberships(user=request.user).filter(household_id=household_id).exists():
        raise Http404
    request.session[SESSION_KEY] = household_id
    return redirect("home")


@require_POST
@household_view(post="manage")
def category_create(request: HttpRequest) -> HttpResponse:
    form = NewCategoryForm(request.POST)
    if not form.is_valid():
        return _page(request, status=400, new_category_form=form)
    try:
        services.category_create(by=request.membership, **form.cleaned_data)
    except Refused as error:
        return _refused(request, error)
    return _done(request, "분류를 추가했어요.")


@require_POST
@household_view(post="manage")
def category_update(request: HttpRequest, pk: int) -> HttpResponse:
    category = category_of_household(household_id=request.membership.household_id, pk=pk)
    form = CategoryForm(request.POST)
    if not form.is_valid():
        return _refused(request, Refused("분류 이름을 1–20자로 적어 주세요."))
    try:
        services.category_update(by=request.membership, category=category, **form.cleaned_data)
    except Refused as error:
        return _refused(request, error)
    return _done(request, "분류를 저장했어요.")


@login_required
def account_delete(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        if request.POST.get("confirm") != "탈퇴":
            messages.error(request, "확인란에 '탈퇴'라고 적어 주세요.")
            return render(request, "registration/account_delete.html", status=400)
        try:
            services.user_delete(user=request.user)
        except Refused as error:
            messages.error(request, str(error))
            return render(request, "registration/account_delete.html", status=400)
        logout(request)
        messages.success(request, "탈퇴했어요. 남긴 기록은 가구에 '전 구성원'으로 남아요.")
        return redirect("login")
    return render(request, "registration/account_delete.html")
