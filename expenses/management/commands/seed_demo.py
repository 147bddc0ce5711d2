"""Creates the demo household (idempotent) and prints its login."""

import datetime as dt
import random

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from expenses.entries.services import message_record
from expenses.models import Channel, Entry
from households.models import Household, Membership, Role, User
from households.services import household_create, household_set_llm

DEMO_EMAIL = "demo@homenrich.kr"
DEMO_PASSWORD = "homenrich-demo"  # noqa: S105 - the public demo login, printed on purpose
PARTNER_EMAIL = "junho@homenrich.kr"
HOUSEHOLD_NAME = "민지네 가계부"

DAILY = [
    "점심 김밥 {n}원",
    "점심 {n}원",
    "스타벅스 아메리카노 {n}",
    "편의점 {n}원",
    "지하철 {n}",
    "버스 {n}원",
    "저녁 치킨 배달 {n}원",
    "이마트 장보기 {n}원",
    "택시 {n}원",
    "빵 {n}원",
    "쿠팡 생필품 {n}원",
    "다이소 {n}원",
]
MONTHLY = [
    (1, "월세 {n}원", 650000),
    (5, "휴대폰 요금 {n}", 55000),
    (10, "관리비 {n}원", 187000),
    (15, "넷플릭스 {n}", 13500),
    (20, "실비보험 {n}원", 45000),
]
OCCASIONAL = [
    "주유 {n}원",
    "미용실 커트 {n}원",
    "약국 감기약 {n}원",
    "영화 두 명 {n}원",
    "강아지 사료 {n}원",
    "친구 결혼 축의금 {n}원",
    "올리브영 {n}원",
    "교보문고 책 {n}원",
    "병원 진료비 {n}원",
    "주차비 {n}원",
]


def _amount(rng: random.Random, low: int, high: int) -> int:
    return rng.randrange(low, high) // 100 * 100


class Command(BaseCommand):
    help = "데모 가구를 만들고 로그인 정보를 출력합니다. 여러 번 실행해도 안전합니다."

    @transaction.atomic
    def handle(self, *args, **options):
        owner = self._user(DEMO_EMAIL, "민지", DEMO_PASSWORD)
        partner = self._user(PARTNER_EMAIL, "준호", DEMO_PASSWORD)
        household = Household.objects.filter(memberships__user=owner, name=HOUSEHOLD_NAME).first()
        if household is None:
            household = household_create(owner=owner, name=HOUSEHOLD_NAME)
            Membership.objects.create(household=household, user=partner, role=Role.MEMBER, display_name="준호")
        if not household.llm_enabled:
            # The demo owner has read the disclosure: Claude is on in the demo, through the same consent path.
            seat = Membership.objects.get(household=household, user=owner)
            household_set_llm(by=seat, enabled=True, agreed=True)
            household.refresh_from_db()
        if not Entry.objects.filter(household=household).exists():
            self._entries(household)
        self.stdout.write(f"login: {DEMO_EMAIL} password: {DEMO_PASSWORD}")

    def _user(self, email: str, name: str, password: str) -> User:
        user = User.objects.filter(email=email).first() or User(email=email, display_name=name)
        user.set_password(password)
        user.is_active = True
        user.save()
        return user

    def _entries(self, household: Household) -> None:
        rng = random.Random(20261126)
        members = list(Membership.objects.filter(household=household).order_by("pk"))
        today = timezone.localdate()
        first = (today.replace(day=1) - dt.timedelta(days=1)).replace(day=1)
        first = (first - dt.timedelta(days=1)).replace(day=1)
        day = first
        while day <= today:
            texts = []
            for _ in range(rng.randint(1, 4)):
                texts.append(rng.choice(DAILY).format(n=_amount(rng, 1500, 30000)))
            for day_of_month, template, amount in MONTHLY:
                if day.day == day_of_month:
                    texts.append(template.format(n=amount))
            if rng.random() < 0.2:
                texts.append(rng.choice(OCCASIONAL).format(n=_amount(rng, 5000, 120000)))
            if day.day == 25:
                texts.append("월급 350만원 들어옴")
            for text in texts:
                member = rng.choice(members)
                message_record(membership=member, channel=Channel.WEB, text=text, today=day)
            day += dt.timedelta(days=1)
