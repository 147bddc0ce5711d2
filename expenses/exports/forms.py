"""Forms of the export page: a date range for the CSV, and a backup file to import."""

from django import forms

MAX_IMPORT_BYTES = 50 * 1024 * 1024
MAX_EXPORT_DAYS = 366 * 10


class ExportRangeForm(forms.Form):
    start = forms.DateField(
        label="시작일",
        error_messages={"required": "시작일을 골라 주세요.", "invalid": "날짜를 2026-11-01처럼 적어 주세요."},
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    end = forms.DateField(
        label="종료일",
        error_messages={"required": "종료일을 골라 주세요.", "invalid": "날짜를 2026-11-30처럼 적어 주세요."},
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end:
            if end < start:
                raise forms.ValidationError("종료일은 시작일과 같거나 뒤여야 해요.")
            if (end - start).days > MAX_EXPORT_DAYS:
                raise forms.ValidationError("한 번에 10년까지만 내보낼 수 있어요.")
        return cleaned


class ImportForm(forms.Form):
    file = forms.FileField(
        label="가구 파일 (.json)",
        error_messages={"required": "가져올 파일을 골라 주세요.", "empty": "빈 파일이에요."},
        widget=forms.ClearableFileInput(attrs={"accept": "application/json,.json"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_IMPORT_BYTES:
            raise forms.ValidationError("파일이 너무 커요. 50MB까지 가져올 수 있어요.")
        return upload
