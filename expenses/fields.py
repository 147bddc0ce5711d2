"""Form fields the ledger's forms share: an amount in won, typed the way people type it."""

from django import forms

from .models import MAX_AMOUNT_KRW


class AmountField(forms.CharField):
    """Accepts 5000, 5,000 and ₩5,000; always yields int KRW."""

    def to_python(self, value):
        text = super().to_python(value).replace(",", "").replace("₩", "").replace("원", "").strip()
        if not text:
            return None
        if len(text) > 20:
            raise forms.ValidationError("금액이 너무 커요. 1조 원 미만으로 적어 주세요.", code="max_value")
        if not text.isdecimal() or not text.isascii():
            raise forms.ValidationError("금액은 숫자로 적어 주세요. 예: 5000", code="invalid")
        amount = int(text)
        if amount <= 0:
            raise forms.ValidationError("금액은 1원 이상이어야 해요.", code="min_value")
        if amount > MAX_AMOUNT_KRW:
            raise forms.ValidationError("금액이 너무 커요. 1조 원 미만으로 적어 주세요.", code="max_value")
        return amount
