"""factory-boy factories for the models the tests need."""

import datetime as dt

import factory

from expenses.models import CategorySource, Channel, Entry
from households.defaults import default_categories
from households.models import Category, Household, Membership, User


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.com")
    display_name = factory.Sequence(lambda n: f"사용자{n}")
    password = factory.PostGenerationMethodCall("set_password", "correct-horse-battery")

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class HouseholdFactory(factory.django.DjangoModelFactory):
    """A household with the default categories and no members (personas add themselves)."""

    class Meta:
        model = Household

    name = factory.Sequence(lambda n: f"가구{n}")

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        household = model_class.objects.create(*args, **kwargs)
        Category.objects.bulk_create(
            Category(household=household, slug=c["slug"], name=c["name"], kind=c["kind"], is_default=True, position=i)
            for i, c in enumerate(default_categories())
        )
        return household


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    household = factory.SubFactory(HouseholdFactory)
    user = factory.SubFactory(UserFactory)
    role = "member"
    display_name = factory.LazyAttribute(lambda m: m.user.display_name if m.user else "전 구성원")


class EntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Entry

    household = factory.LazyAttribute(lambda e: e.paid_by.household)
    kind = "expense"
    amount_krw = 5000
    spent_on = factory.LazyFunction(lambda: dt.date(2026, 11, 20))
    category = factory.LazyAttribute(
        lambda e: e.household.categories.get(slug="food" if e.kind == "expense" else "salary")
    )
    memo = "점심 김밥"
    paid_by = factory.SubFactory(MembershipFactory)
    entered_by = factory.LazyAttribute(lambda e: e.paid_by)
    channel = Channel.WEB
    category_source = CategorySource.USER
