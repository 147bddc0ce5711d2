"""Writes static/css/categories.css from expenses/palette.py (tests/test_palette.py fails when it is stale)."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from expenses.palette import stylesheet

TARGET = Path(settings.BASE_DIR) / "static" / "css" / "categories.css"


class Command(BaseCommand):
    help = "카테고리 색과 아이콘 CSS(static/css/categories.css)를 expenses/palette.py에서 다시 만들어요."

    def handle(self, *args, **options):
        TARGET.write_text(stylesheet(), encoding="utf-8")
        self.stdout.write(f"{TARGET.relative_to(settings.BASE_DIR)}")
