"""The memo search box."""

from django import forms


class SearchForm(forms.Form):
    q = forms.CharField(
        label="메모 검색",
        max_length=100,
        strip=True,
        error_messages={"required": "찾을 말을 적어 주세요.", "max_length": "검색어는 100자까지 적을 수 있어요."},
        widget=forms.SearchInput(attrs={"placeholder": "예: 김밥, 택시, 월세", "autocomplete": "off"}),
    )
