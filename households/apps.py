"""Households: users, households, memberships, invitations and categories."""

from django.apps import AppConfig


class HouseholdsConfig(AppConfig):
    name = "households"
    verbose_name = "가구"
