"""The JSON backup carries cards, installments and cancellations: a copy's totals are the original's."""

import json

import pytest

from expenses.entries.services import message_record
from expenses.exports.backup import household_export, household_import
from expenses.models import Entry, PaymentMethod
from tests.conftest import membership_of

from .conftest import shinhan

pytestmark = pytest.mark.django_db


def test_a_backup_keeps_cards_installments_and_cancellations(alice, household, today):
    member = membership_of(alice, household)
    message_record(membership=member, channel="web", text=shinhan(today, 15000, "CGV"), today=today)
    message_record(
        membership=member, channel="web", text=shinhan(today, 15000, "CGV", at="21:00", cancel=True), today=today
    )
    PaymentMethod.objects.update(name="민지 카드")
    document = json.dumps(household_export(household_id=household.pk)).encode()
    copy = household_import(user=alice, source=document).household
    entry = Entry.objects.get(household=copy)
    assert entry.payment_method.name == "민지 카드" and entry.payment_method.household == copy
    assert entry.cancelled_at is not None and entry.installments == 1
