"""The admin speaks Korean on our models: every column, field, filter and choice, and amounts as "12,400원"."""

import re

import pytest
from django.contrib import admin
from django.contrib.admin.utils import flatten_fieldsets, label_for_field
from django.core.exceptions import FieldDoesNotExist

from expenses.models import Budget, Message
from tests.conftest import membership_of
from tests.factories import EntryFactory, UserFactory

pytestmark = pytest.mark.django_db

OUR_APPS = ("households", "expenses", "categorization", "chatbots")
# Names that stay as they are in Korean apps too.
PROPER_NAMES = re.compile(r"Claude|USD|KRW|ms|Telegram|Kakao")
ENGLISH = re.compile(r"[A-Za-z]")
NEVER_ON_A_PAGE = ("Select an option", "Filter by", "(으)로", "Amount krw", "Created at", "Category source")


def _is_korean(label: str) -> bool:
    return not ENGLISH.search(PROPER_NAMES.sub("", str(label)))


def _our_admins():
    return [
        (model, model_admin) for model, model_admin in admin.site._registry.items() if model._meta.app_label in OUR_APPS
    ]


def _shown_names(model_admin):
    form = flatten_fieldsets(model_admin.fieldsets) if model_admin.fieldsets else list(model_admin.fields or [])
    names = list(model_admin.list_display) + form
    names += [f if isinstance(f, str) else f[0] for f in model_admin.list_filter]
    return [n for n in names if n != "__str__"]


@pytest.fixture
def operator(db):
    return UserFactory(display_name="운영자", is_staff=True, is_superuser=True)


@pytest.fixture
def filled(household, alice):
    """At least one row for the models a household fills by itself."""
    seat = membership_of(alice, household)
    message = Message.objects.create(household=household, author=seat, channel="web", raw_text="점심 12400")
    EntryFactory(paid_by=seat, amount_krw=12400, memo="점심", message=message)
    Budget.objects.create(household=household, category=household.categories.get(slug="food"), amount_krw=300000)
    return household


def test_every_label_and_choice_of_our_models_is_korean():
    english = []
    for model, model_admin in _our_admins():
        for label in (model._meta.verbose_name, model._meta.verbose_name_plural):
            if not _is_korean(label):
                english.append(f"{model._meta.label}: {label}")
        for name in _shown_names(model_admin):
            label = label_for_field(name.split("__")[0], model, model_admin)
            if not _is_korean(label):
                english.append(f"{model._meta.label}.{name}: {label}")
            try:
                field = model._meta.get_field(name.split("__")[0])
            except FieldDoesNotExist:
                continue
            english += [
                f"{model._meta.label}.{name} = {choice}" for _, choice in field.choices or [] if not _is_korean(choice)
            ]
    assert english == []


def test_every_changelist_and_change_form_reads_in_korean(client, operator, filled):
    client.force_login(operator)
    for model, _ in _our_admins():
        base = f"/admin/{model._meta.app_label}/{model._meta.model_name}/"
        pages = [base]
        first = model.objects.order_by("pk").first()
        if first is not None:
            pages.append(f"{base}{first.pk}/change/")
        for url in pages:
            response = client.get(url)
            assert response.status_code == 200, url
            html = response.content.decode()
            found = [phrase for phrase in NEVER_ON_A_PAGE if phrase in html]
            assert found == [], url


def test_amounts_are_listed_with_commas(client, operator, filled):
    client.force_login(operator)
    entries = client.get("/admin/expenses/entry/").content.decode()
    assert "12,400원" in entries and ">12400<" not in entries
    budgets = client.get("/admin/expenses/budget/").content.decode()
    assert "300,000원" in budgets
    # Sorting by the amount still sorts by the number.
    assert client.get("/admin/expenses/entry/?o=3").status_code == 200


def test_the_date_filter_and_list_filters_are_titled_in_korean(client, operator, filled):
    client.force_login(operator)
    html = client.get("/admin/expenses/entry/").content.decode()
    assert "날짜별로 보기" in html
    assert "<summary>기록한 곳</summary>" in html
