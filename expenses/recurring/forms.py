"""The recurring rule form; every choice is limited to the asker's household."""

import datetime as dt

from django import forms

from households.models import CategoryKind, Membership
from households.selectors import categories_for, members_for

from ..entries.rules import date_allowed, date_window_text
from ..fields import AmountField
from ..models import RecurringRule


class RecurringRuleForm(forms.Form):
    kind = forms.ChoiceField(label="종류", choices=CategoryKind.choices, initial=CategoryKind.EXPENSE)
    amount_krw = AmountField(
        label="금액",
        error_messages={"required": "금액을 적어 주세요."},
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "off", "placeholder": "500000", "maxlength": 20}
        ),
    )
    memo = forms.CharField(
        label="메모",
        max_length=200,
        error_messages={"required": "무엇인지 적어 주세요. 예: 월세", "max_length": "메모는 200자까지 적을 수 있어요."},
        widget=forms.TextInput(attrs={"placeholder": "월세"}),
    )
    category = forms.ModelChoiceField(
        label="분류",
        queryset=None,
        empty_label="분류 고르기",
        error_messages={"required": "분류를 골라 주세요.", "invalid_choice": "이 가구의 분류 중에서 골라 주세요."},
    )
    day_of_month = forms.IntegerField(
        label="매월 며칠",
        min_value=1,
        max_value=31,
        help_text="29–31일은 그 달에 없으면 말일에 기록해요.",
        error_messages={
            "required": "며칠에 기록할지 적어 주세요.",
            "invalid": "1부터 31 사이의 숫자로 적어 주세요.",
            "min_value": "1부터 31 사이의 숫자로 적어 주세요.",
            "max_value": "1부터 31 사이의 숫자로 적어 주세요.",
        },
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    starts_on = forms.DateField(
        label="시작일",
        error_messages={"required": "시작일을 골라 주세요.", "invalid": "날짜를 2026-11-26처럼 적어 주세요."},
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    ends_on = forms.DateField(
        label="종료일 (선택)",
        required=False,
        error_messages={"invalid": "날짜를 2026-11-26처럼 적어 주세요."},
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    paid_by = forms.ModelChoiceField(
        label="낸 사람",
        queryset=None,
        error_messages={"required": "낸 사람을 골라 주세요.", "invalid_choice": "이 가구의 구성원 중에서 골라 주세요."},
    )

    def __init__(self, *args, membership: Membership, today: dt.date, **kwargs):
        super().__init__(*args, **kwargs)
        household_id = membership.household_id
        self.today = today
        self.fields["category"].queryset = categories_for(household_id=household_id)
        self.fields["paid_by"].queryset = members_for(household_id=household_id)
        self.fields["paid_by"].label_from_instance = lambda m: m.display_name
        self.fields["paid_by"].initial = membership.pk
        self.fields["starts_on"].initial = today

    @classmethod
    def for_rule(cls, rule: RecurringRule, *, membership: Membership, today: dt.date, data=None):
        initial = {
            "kind": rule.kind,
            "amount_krw": rule.amount_krw,
            "memo": rule.memo,
            "category": rule.category_id,
            "day_of_month": rule.day_of_month,
            "starts_on": rule.starts_on,
            "ends_on": rule.ends_on,
            "paid_by": rule.paid_by_id,
        }
        form = cls(data, membership=membership, today=today, initial=initial)
        # A rule may keep a payer who has since left.
        form.fields["paid_by"].queryset = members_for(household_id=membership.household_id, include_former=True)
        return form

    def clean(self):
        cleaned = super().clean()
        category, kind = cleaned.get("category"), cleaned.get("kind")
        if category and kind and category.kind != kind:
            self.add_error("category", "지출에는 지출 분류를, 수입에는 수입 분류를 골라 주세요.")
        starts_on, ends_on = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts_on and not date_allowed(starts_on, self.today):
            self.add_error("starts_on", "시작일은 " + date_window_text(self.today).removeprefix("날짜는 "))
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", "종료일은 시작일보다 뒤여야 해요.")
        return cleaned
