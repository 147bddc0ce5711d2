"""Form fields the ledger's forms share: an amount in won, typed the way people type it."""

from django import forms

from .amounts import TOO_LARGE_TEXT, amount_from_text


class AmountField(forms.CharField):
    """Accepts what a message accepts: 5000, 5,000, ₩5,000, 5천원, 100만, 1만 2천; always yields int KRW."""

    def to_python(self, value):
        text = super().to_python(value).strip()
        if not text:
            return None
        if len(text) > 30:
            raise forms.ValidationError(TOO_LARGE_TEXT, code="max_value")
        amount, refusal = amount_from_text(text)
        if amount is None:
            raise forms.ValidationError(refusal, code="invalid")
        return amount

    def prepare_value(self, value):
        # An amount already read shows as it is written everywhere else: 12,400, not 12400.
        if isinstance(value, int) and not isinstance(value, bool):
            return f"{value:,}"
        return value
