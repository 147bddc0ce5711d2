"""The budget form: one optional amount per expense category, plus the total."""

from django import forms

from households.models import CategoryKind, Membership
from households.selectors import categories_for

from ..fields import AmountField


class BudgetForm(forms.Form):
    """One optional amount per expense category, plus the total; blank removes that budget."""

    TOTAL = "total"

    def __init__(self, *args, membership: Membership, current: dict[int | None, int], **kwargs):
        super().__init__(*args, **kwargs)
        self.categories = list(categories_for(household_id=membership.household_id, kind=CategoryKind.EXPENSE))
        self.fields[self.TOTAL] = self._amount("전체 지출", current.get(None))
        for category in self.categories:
            self.fields[f"c{category.pk}"] = self._amount(category.name, current.get(category.pk))

    @staticmethod
    def _amount(label: str, initial: int | None) -> AmountField:
        return AmountField(
            label=label,
            required=False,
            initial=initial,
            widget=forms.TextInput(
                attrs={"inputmode": "numeric", "autocomplete": "off", "placeholder": "없음", "maxlength": 20}
            ),
        )

    def amounts(self) -> dict[int | None, int | None]:
        amounts: dict[int | None, int | None] = {None: self.cleaned_data.get(self.TOTAL)}
        for category in self.categories:
            amounts[category.pk] = self.cleaned_data.get(f"c{category.pk}")
        return amounts
