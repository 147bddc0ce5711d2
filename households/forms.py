"""Forms for accounts and households."""

from django import forms
from django.contrib.auth import password_validation

from .models import CategoryKind, Role, User


class SignupForm(forms.Form):
    display_name = forms.CharField(label="이름", max_length=30, error_messages={"required": "이름을 적어 주세요."})
    email = forms.EmailField(
        label="이메일",
        error_messages={"required": "이메일을 적어 주세요.", "invalid": "올바른 이메일 주소를 적어 주세요."},
    )
    password = forms.CharField(
        label="비밀번호", widget=forms.PasswordInput, error_messages={"required": "비밀번호를 적어 주세요."}
    )
    household_name = forms.CharField(
        label="가구 이름",
        max_length=50,
        required=False,
        help_text="예: 우리집. 초대받아 들어오는 경우에는 비워 두세요.",
    )

    def __init__(self, *args, invited: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.invited = invited
        if invited:
            del self.fields["household_name"]

    def clean_email(self):
        # Whether the address already has an account is never said here: its owner gets a mail instead.
        return self.cleaned_data["email"].strip().lower()

    def clean(self):
        cleaned = super().clean()
        password = cleaned.get("password")
        if password:
            user = User(email=cleaned.get("email", ""), display_name=cleaned.get("display_name", ""))
            try:
                password_validation.validate_password(password, user)
            except forms.ValidationError as error:
                self.add_error("password", error)
        if not self.invited and not (cleaned.get("household_name") or "").strip():
            self.add_error("household_name", "가구 이름을 적어 주세요.")
        return cleaned


class HouseholdForm(forms.Form):
    name = forms.CharField(label="가구 이름", max_length=50, error_messages={"required": "가구 이름을 적어 주세요."})


class HouseholdSettingsForm(forms.Form):
    name = forms.CharField(label="가구 이름", max_length=50, error_messages={"required": "가구 이름을 적어 주세요."})
    month_start_day = forms.IntegerField(
        label="한 달 시작일",
        min_value=1,
        max_value=28,
        error_messages={
            "required": "시작일을 적어 주세요.",
            "invalid": "1부터 28 사이의 숫자를 적어 주세요.",
            "min_value": "1부터 28 사이의 숫자를 적어 주세요.",
            "max_value": "1부터 28 사이의 숫자를 적어 주세요.",
        },
        help_text="월급날이 25일이면 25로 두세요. 그러면 '11월'은 11/25–12/24이에요.",
    )


class InvitationForm(forms.Form):
    role = forms.ChoiceField(label="역할", choices=[c for c in Role.choices if c[0] != Role.OWNER], initial=Role.MEMBER)


class RoleForm(forms.Form):
    role = forms.ChoiceField(label="역할", choices=Role.choices)


class CategoryForm(forms.Form):
    name = forms.CharField(label="이름", max_length=20, error_messages={"required": "분류 이름을 적어 주세요."})
    is_hidden = forms.BooleanField(label="숨김", required=False)


class NewCategoryForm(forms.Form):
    name = forms.CharField(label="새 분류", max_length=20, error_messages={"required": "분류 이름을 적어 주세요."})
    kind = forms.ChoiceField(label="종류", choices=CategoryKind.choices, initial=CategoryKind.EXPENSE)
