"""Entry forms; every choice field is limited to the household of whoever asks."""

from django import forms
from django.db.models import Q
from django.utils import timezone

from households.models import CategoryKind, Membership
from households.selectors import categories_for, members_for

from ..fields import AmountField
from ..models import PaymentKind
from ..payments.selectors import payment_methods_for
from .rules import date_allowed, date_window_text
from .services import MAX_MESSAGE_CHARS


class MessageForm(forms.Form):
    text = forms.CharField(
        label="기록",
        max_length=MAX_MESSAGE_CHARS,
        strip=True,
        error_messages={
            "required": "무엇을 얼마에 썼는지 적어 주세요. 예: 점심 김밥 5000원",
            "max_length": f"메시지는 {MAX_MESSAGE_CHARS:,}자까지 적을 수 있어요.",
        },
        # Several lines: a card or bank text is pasted whole. Enter still sends a one-line message (app.js).
        widget=forms.Textarea(
            attrs={
                "rows": 1,
                "placeholder": "점심 김밥 5000원",
                "autocomplete": "off",
                "enterkeyhint": "send",
                "data-enter-sends": "",
            }
        ),
    )


class EntryForm(forms.Form):
    kind = forms.ChoiceField(label="종류", choices=CategoryKind.choices, initial=CategoryKind.EXPENSE)
    amount_krw = AmountField(
        label="금액",
        error_messages={"required": "금액을 적어 주세요."},
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    spent_on = forms.DateField(
        label="날짜",
        error_messages={"required": "날짜를 골라 주세요.", "invalid": "날짜를 2026-11-26처럼 적어 주세요."},
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    category = forms.ModelChoiceField(
        label="분류",
        queryset=None,
        empty_label="분류를 골라 주세요",
        error_messages={"required": "분류를 골라 주세요.", "invalid_choice": "이 가구의 분류 중에서 골라 주세요."},
    )
    memo = forms.CharField(
        label="메모",
        max_length=200,
        required=False,
        error_messages={"max_length": "메모는 200자까지 적을 수 있어요."},
    )
    paid_by = forms.ModelChoiceField(
        label="낸 사람",
        queryset=None,
        empty_label=None,  # always someone: the person filling the form unless they choose another
        error_messages={"required": "낸 사람을 골라 주세요.", "invalid_choice": "이 가구의 구성원 중에서 골라 주세요."},
    )
    # "" (not told), "cash", or the id of one of the household's cards; the service checks it is the household's.
    payment = forms.ChoiceField(
        label="결제수단",
        required=False,
        error_messages={"invalid_choice": "이 가구의 결제수단 중에서 골라 주세요."},
    )

    def __init__(self, *args, membership: Membership, **kwargs):
        super().__init__(*args, **kwargs)
        household_id = membership.household_id
        self.fields["category"].queryset = categories_for(household_id=household_id)
        self.fields["paid_by"].queryset = members_for(household_id=household_id)
        self.fields["paid_by"].label_from_instance = lambda m: m.display_name
        self.fields["paid_by"].initial = membership.pk
        self.fields["spent_on"].initial = timezone.localdate()
        cards = payment_methods_for(household_id=household_id).exclude(kind=PaymentKind.CASH)
        self.fields["payment"].choices = [("", "미지정"), ("cash", "현금"), *((str(m.pk), m.name) for m in cards)]

    def clean_spent_on(self):
        spent_on = self.cleaned_data["spent_on"]
        if not date_allowed(spent_on):
            raise forms.ValidationError(date_window_text())
        return spent_on

    def clean(self):
        cleaned = super().clean()
        category, kind = cleaned.get("category"), cleaned.get("kind")
        if category and kind and category.kind != kind:
            self.add_error("category", "지출에는 지출 분류를, 수입에는 수입 분류를 골라 주세요.")
        return cleaned

    @classmethod
    def for_entry(cls, entry, *, membership: Membership, data=None) -> "EntryForm":
        initial = {
            "kind": entry.kind,
            "amount_krw": entry.amount_krw,
            "spent_on": entry.spent_on,
            "category": entry.category_id,
            "memo": entry.memo,
            "paid_by": entry.paid_by_id,
            "payment": _payment_value(entry),
        }
        form = cls(data, membership=membership, initial=initial, prefix=f"e{entry.pk}")
        # A payer who has since left stays choosable on their own entries.
        payers = members_for(household_id=membership.household_id, include_former=True)
        form.fields["paid_by"].queryset = payers.filter(
            Q(left_at__isnull=True, user__isnull=False) | Q(pk=entry.paid_by_id)
        )
        return form


def _payment_value(entry) -> str:
    if entry.payment_method_id is None:
        return ""
    return "cash" if entry.payment_method.kind == PaymentKind.CASH else str(entry.payment_method_id)
