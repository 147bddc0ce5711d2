"""Expenses: raw messages, the entries they become, and the month page."""

from django.apps import AppConfig


class ExpensesConfig(AppConfig):
    name = "expenses"
    verbose_name = "가계부"
