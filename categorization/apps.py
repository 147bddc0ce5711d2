"""Categorization: learned rules, keyword rules, the answer cache and Claude."""

from django.apps import AppConfig


class CategorizationConfig(AppConfig):
    name = "categorization"
    verbose_name = "자동 분류"
