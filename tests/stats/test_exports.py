"""CSV for spreadsheets (as Excel reads it) and the lossless household backup: export → wipe → import."""

import csv
import datetime as dt
import html
import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Sum

from categorization.models import LearnedRule
from expenses.entries import services
from expenses.exports.backup import household_export, household_import
from expenses.exports.spreadsheet import csv_cell
from expenses.models import Budget, BudgetAlert, Entry, Message, RecurringRule
from expenses.recurring.services import recurring_rule_create
from households.models import Category, Household, Membership
from households.services import category_create, category_update, user_delete
from tests.conftest import membership_of
from tests.factories import EntryFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

D = dt.date


def _excel_rows(response) -> list[list[str]]:
    """Reads the download the way Excel does with a UTF-8 file: BOM first, then the CSV."""
    raw = b"".join(response.streaming_content)
    assert raw.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ("=SUM(A1:A9)", "'=SUM(A1:A9)"),
        ("+82 10", "'+82 10"),
        ("-5000", "'-5000"),
        ("@cmd", "'@cmd"),
        ("\tTAB", "'\tTAB"),
        ("\rCR", "'\rCR"),
        ("김밥 = 맛있다", "김밥 = 맛있다"),
        (5000, "5000"),
    ],
)
def test_formula_cells_are_escaped(value, cell):
    assert csv_cell(value) == cell


def test_month_csv_opens_in_excel_with_korean_headers_and_plain_amounts(client_for, alice, bob, household):
    EntryFactory(
        paid_by=membership_of(alice, household), memo='점심 김밥, "참치"', amount_krw=1_234_567, spent_on=D(2026, 11, 3)
    )
    EntryFactory(
        paid_by=membership_of(bob, household), memo='=HYPERLINK("http://x")', amount_krw=4500, spent_on=D(2026, 11, 4)
    )
    EntryFactory(paid_by=membership_of(bob, household), memo="-지난달", amount_krw=1, spent_on=D(2026, 10, 31))
    response = client_for(alice).get("/export/entries.csv", {"month": "2026-11"})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="homenrich-2026-11.csv"' in response["Content-Disposition"]
    rows = _excel_rows(response)
    assert rows[0] == [
        "날짜",
        "구분",
        "분류",
        "금액",
        "메모",
        "낸 사람",
        "기록한 사람",
        "입력 경로",
        "결제수단",
        "할부",
        "취소됨",
    ]
    assert rows[1] == [
        "2026-11-03",
        "지출",
        "식비",
        "1234567",
        '점심 김밥, "참치"',
        "앨리스",
        "앨리스",
        "웹",
        "",
        "",
        "",
    ]
    assert rows[2][4] == '\'=HYPERLINK("http://x")' and rows[2][5] == "밥"
    assert len(rows) == 3


def test_range_csv_and_payday_month(client_for, alice, household):
    Household.objects.filter(pk=household.pk).update(month_start_day=25)
    payer = membership_of(alice, household)
    for day in (D(2026, 11, 24), D(2026, 11, 25), D(2026, 12, 24), D(2026, 12, 25)):
        EntryFactory(paid_by=payer, memo=day.isoformat(), spent_on=day)
    client = client_for(alice)
    rows = _excel_rows(client.get("/export/entries.csv", {"month": "2026-11"}))
    assert [r[0] for r in rows[1:]] == ["2026-11-25", "2026-12-24"]
    rows = _excel_rows(client.get("/export/entries.csv", {"start": "2026-11-24", "end": "2026-11-25"}))
    assert [r[0] for r in rows[1:]] == ["2026-11-24", "2026-11-25"]


def test_bad_ranges_are_explained(client_for, alice):
    client = client_for(alice)
    response = client.get("/export/entries.csv", {"start": "2026-12-01", "end": "2026-11-01"})
    assert response.status_code == 400 and "종료일은 시작일과 같거나 뒤여야 해요." in response.content.decode()
    response = client.get("/export/entries.csv", {"start": "어제", "end": "2026-11-01"})
    assert response.status_code == 400 and "날짜를 2026-11-01처럼 적어 주세요." in response.content.decode()
    assert client.get("/export/entries.csv", {"month": "2026-13"}).status_code == 404


def test_csv_of_another_household_is_unreachable(client_for, alice, charlie, household, other_household):
    EntryFactory(paid_by=membership_of(alice, household), memo="앨리스네 비밀", spent_on=D(2026, 11, 3))
    client = client_for(charlie)
    session = client.session
    session["household_id"] = household.pk
    session.save()
    rows = _excel_rows(client.get("/export/entries.csv", {"month": "2026-11"}))
    assert rows == [
        ["날짜", "구분", "분류", "금액", "메모", "낸 사람", "기록한 사람", "입력 경로", "결제수단", "할부", "취소됨"]
    ]


def test_only_managers_export_the_household(client_for, alice, bob, vera, household):
    assert client_for(alice).get("/export/household.json").status_code == 200
    for user in (bob, vera):
        assert client_for(user).get("/export/household.json").status_code == 403
        assert "가구 파일 내려받기" not in client_for(user).get("/export/").content.decode()


# ------------------------------------------------------------------------------- round trip


@pytest.fixture
def rich_household(alice, bob, household, django_capture_on_commit_callbacks):
    """A household with something of everything the backup must carry."""
    owner, member = membership_of(alice, household), membership_of(bob, household)
    gone_user = UserFactory(display_name="떠난이")
    gone = MembershipFactory(household=household, user=gone_user, role="member", display_name="떠난이")
    spicy = category_create(by=owner, name="매운것", kind="expense")
    category_update(by=owner, category=household.categories.get(slug="pets"), name="반려동물", is_hidden=True)
    Budget.objects.create(household=household, category=None, amount_krw=2_000_000)
    Budget.objects.create(household=household, category=spicy, amount_krw=30_000)
    with django_capture_on_commit_callbacks(execute=True):
        services.message_record(
            membership=owner, channel="web", text="점심 김밥 5000원, 커피 4500", today=D(2026, 11, 20)
        )
        services.message_record(membership=member, channel="telegram", text="1200엔", today=D(2026, 11, 20))
        entry = services.entry_create(
            membership=member,
            kind="expense",
            amount_krw=35_000,
            spent_on=D(2026, 11, 18),
            category=spicy,
            memo="=엽떡",
            paid_by=gone,
        )
        services.entry_set_category(membership=owner, entry=entry, category=spicy)
        recurring_rule_create(
            by=owner,
            kind="expense",
            amount_krw=500_000,
            category=household.categories.get(slug="housing"),
            memo="월세",
            day_of_month=31,
            starts_on=D(2026, 8, 1),
            ends_on=None,
            paid_by=owner,
            today=D(2026, 11, 20),
        )
        EntryFactory(
            paid_by=member,
            kind="income",
            amount_krw=3_500_000,
            spent_on=D(2026, 11, 10),
            category=household.categories.get(slug="salary"),
            memo="월급",
        )
    user_delete(user=gone_user)  # their seat stays as a former member
    assert BudgetAlert.objects.filter(household=household).exists()
    assert LearnedRule.objects.filter(household=household).exists()
    return household


def _snapshot(household) -> dict:
    """Every row of the household, without database ids, in a stable order."""
    members = {m.pk: m.display_name for m in Membership.objects.filter(household=household)}
    messages = {m.pk: m.raw_text for m in Message.objects.filter(household=household)}
    rules = {r.pk: r.memo for r in RecurringRule.objects.filter(household=household)}
    return {
        "household": Household.objects.filter(pk=household.pk).values(
            "name", "month_start_day", "llm_enabled", "llm_enabled_at", "llm_monthly_budget_usd"
        )[0],
        "categories": sorted(
            Category.objects.filter(household=household).values_list(
                "slug", "name", "kind", "is_default", "is_hidden", "position"
            )
        ),
        "members": sorted(
            Membership.objects.filter(household=household).values_list("display_name", "joined_at", "left_at")
        ),
        "messages": sorted(
            (members.get(m.author_id), m.channel, m.raw_text, m.outcome, m.received_at)
            for m in Message.objects.filter(household=household)
        ),
        "entries": sorted(
            (
                e.kind,
                e.amount_krw,
                e.spent_on,
                e.category.slug,
                e.memo,
                members[e.paid_by_id],
                members[e.entered_by_id],
                e.channel,
                e.category_source,
                e.category_confidence,
                e.category_state,
                messages.get(e.message_id),
                rules.get(e.recurring_rule_id),
                e.occurrence_on,
                e.created_at,
                e.updated_at,
            )
            for e in Entry.objects.filter(household=household).select_related("category")
        ),
        "budgets": sorted(
            Budget.objects.filter(household=household).values_list("category__slug", "amount_krw"), key=str
        ),
        "alerts": sorted(
            BudgetAlert.objects.filter(household=household).values_list(
                "category__slug",
                "period_key",
                "period_start",
                "period_end",
                "threshold",
                "spent_krw",
                "budget_krw",
                "created_at",
            ),
            key=str,
        ),
        "rules": sorted(
            (
                r.kind,
                r.amount_krw,
                r.category.slug,
                r.memo,
                r.day_of_month,
                r.starts_on,
                r.ends_on,
                members[r.paid_by_id],
                members[r.created_by_id],
                r.next_occurrence_on,
                r.created_at,
            )
            for r in RecurringRule.objects.filter(household=household).select_related("category")
        ),
        "learned": sorted(
            LearnedRule.objects.filter(household=household).values_list(
                "phrase", "category__slug", "times_confirmed", "updated_at"
            )
        ),
        "sums": sorted(
            Entry.objects.filter(household=household)
            .values("category__slug", "kind")
            .annotate(total=Sum("amount_krw"))
            .values_list("category__slug", "kind", "total")
        ),
    }


def _wipe(household) -> None:
    Entry.objects.filter(household=household).delete()
    RecurringRule.objects.filter(household=household).delete()
    Message.objects.filter(household=household).delete()
    household.delete()


def test_export_wipe_import_gives_identical_rows_and_sums(client_for, alice, rich_household):
    before = _snapshot(rich_household)
    client = client_for(alice)
    response = client.get("/export/household.json")
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    assert "김밥" in response.content.decode()  # Korean kept readable, not \\u-escaped
    document = json.loads(response.content)

    _wipe(rich_household)
    assert not Entry.objects.exists()

    upload = SimpleUploadedFile("backup.json", response.content, content_type="application/json")
    response = client.post("/import/household/", {"file": upload})
    assert response.status_code == 302
    imported = Household.objects.get()
    assert client.session["household_id"] == imported.pk
    assert _snapshot(imported) == before
    # Importing again from the same document gives a second, identical household.
    again = household_import(user=alice, source=json.dumps(document).encode()).household
    assert _snapshot(again) == before


def test_import_seats_the_importer_and_keeps_others_as_former_members(alice, bob, rich_household):
    document = household_export(household_id=rich_household.pk)
    imported = household_import(user=alice, source=json.dumps(document).encode()).household
    seats = {m.display_name: m for m in Membership.objects.filter(household=imported)}
    assert seats["앨리스"].user == alice and seats["앨리스"].role == "owner" and seats["앨리스"].is_active
    # bob's account exists on this instance, but an import never attaches someone else's account.
    assert seats["밥"].user is None and seats["밥"].label == "밥 (전 구성원)"
    assert seats["떠난이"].user is None and seats["떠난이"].left_at is not None
    assert not bob.memberships.filter(household=imported).exists()


def test_someone_outside_the_file_imports_as_a_new_owner(rich_household):
    stranger = UserFactory(display_name="새주인")
    imported = household_import(
        user=stranger, source=json.dumps(household_export(household_id=rich_household.pk)).encode()
    ).household
    owner = Membership.objects.get(household=imported, user=stranger)
    assert owner.role == "owner" and Membership.objects.filter(household=imported).count() == 4
    assert Entry.objects.filter(household=imported).count() == Entry.objects.filter(household=rich_household).count()


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda d: d.update(format="other"), "홈앤리치에서 내보낸 가구 파일이 아니에요."),
        (lambda d: d.update(version=99), "이 버전의 가구 파일은 가져올 수 없어요."),
        (lambda d: d["entries"][0].update(amount_krw="5000"), "항목 1번째 항목의 'amount_krw' 값이 올바르지 않아요."),
        (lambda d: d["entries"][0].update(amount_krw=0), "'amount_krw' 값이 올바르지 않아요."),
        (lambda d: d["entries"][0].update(category="nope"), "'category' 값이 올바르지 않아요."),
        (lambda d: d["entries"][0].update(paid_by=999999), "'paid_by' 값이 올바르지 않아요."),
        (lambda d: d["entries"][0].update(spent_on="2026-02-30"), "'spent_on' 값이 올바르지 않아요."),
        (lambda d: d.update(entries={}), "'entries' 부분을 읽을 수 없어요."),
        (lambda d: d["categories"].append(dict(d["categories"][0])), "'slug' 값이 올바르지 않아요."),
    ],
)
def test_a_broken_file_is_refused_with_a_reason_and_creates_nothing(client_for, alice, rich_household, mutate, message):
    document = household_export(household_id=rich_household.pk)
    mutate(document)
    count = Household.objects.count()
    upload = SimpleUploadedFile("backup.json", json.dumps(document).encode(), content_type="application/json")
    response = client_for(alice).post("/import/household/", {"file": upload})
    assert response.status_code == 400
    assert message in html.unescape(response.content.decode())
    assert Household.objects.count() == count


def test_a_file_that_is_not_json_is_refused(client_for, alice, household):
    upload = SimpleUploadedFile("backup.json", b"\x89PNG not json", content_type="application/json")
    response = client_for(alice).post("/import/household/", {"file": upload})
    assert response.status_code == 400
    assert "JSON 파일을 읽을 수 없어요" in response.content.decode()


def test_someone_without_a_household_can_restore_a_backup(client, rich_household):
    newcomer = UserFactory(display_name="새주인")
    client.force_login(newcomer)
    page = client.get("/export/")
    assert page.status_code == 200 and "가구 파일 가져오기" in page.content.decode()
    assert "CSV 내보내기" not in page.content.decode()
    document = json.dumps(household_export(household_id=rich_household.pk)).encode()
    response = client.post("/import/household/", {"file": SimpleUploadedFile("b.json", document)})
    assert response.status_code == 302
    assert Membership.objects.get(user=newcomer).role == "owner"


def test_the_csv_marks_cancelled_card_payments_and_names_the_card(client_for, alice, household):
    """A cancelled payment stays in the file, marked: a spreadsheet SUM over 취소됨-less rows is the month's total."""
    from django.utils import timezone

    from expenses.models import PaymentMethod

    card = PaymentMethod.objects.create(
        household=household, kind="credit", issuer="신한카드", last4="3821", name="민지 카드"
    )
    payer = membership_of(alice, household)
    EntryFactory(
        paid_by=payer,
        memo="CGV",
        amount_krw=15000,
        spent_on=D(2026, 11, 3),
        payment_method=card,
        cancelled_at=timezone.now(),
    )
    EntryFactory(
        paid_by=payer,
        memo="롯데백화점",
        amount_krw=459000,
        spent_on=D(2026, 11, 4),
        payment_method=card,
        installments=3,
    )
    rows = _excel_rows(client_for(alice).get("/export/entries.csv", {"month": "2026-11"}))
    assert [r[4:5] + r[8:] for r in rows[1:]] == [
        ["CGV", "민지 카드", "", "예"],
        ["롯데백화점", "민지 카드", "3개월", ""],
    ]
