"""The statement upload form: a file, and the card company when the file does not say."""

from django import forms

from .reading import ISSUERS, MAX_FILE_BYTES


class StatementUploadForm(forms.Form):
    file = forms.FileField(
        label="이용내역 파일 (XLSX·CSV)",
        error_messages={"required": "가져올 파일을 골라 주세요.", "empty": "빈 파일이에요."},
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv,text/csv"}),
    )
    issuer = forms.ChoiceField(
        label="카드사·은행",
        required=False,
        choices=[("", "파일에서 알아내기"), *((name, name) for name in ISSUERS)],
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_FILE_BYTES:
            raise forms.ValidationError(f"파일이 너무 커요. {MAX_FILE_BYTES // 1024 // 1024}MB까지 올릴 수 있어요.")
        return upload
