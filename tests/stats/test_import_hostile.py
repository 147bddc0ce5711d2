"""The importer against crafted files (each of these was a 500), out-of-range timestamps (which broke the
month page and the export for good), the same file twice, and a large file through the worker path.
Every refusal is a Korean 400 and leaves the database as it was."""

import html
import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from expenses.exports import uploads
from expenses.exports.backup import household_export, household_import
from expenses.exports.jsonstream import ObjectStream, Unreadable
from expenses.models import Entry, HouseholdImport, ImportChunk, Message
from households.models import Household, Membership
from households.services import membership_end
from tests.conftest import membership_of
from tests.factories import EntryFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def document(household, alice, bob):
    seat = membership_of(alice, household)
    EntryFactory(paid_by=seat, memo="점심", amount_krw=8000)
    EntryFactory(paid_by=membership_of(bob, household), memo="커피", amount_krw=4500)
    Message.objects.create(household=household, author=seat, channel="web", raw_text="점심 8000원", outcome="recorded")
    return household_export(household_id=household.pk)


def _post(client, body: bytes | str, name: str = "backup.json"):
    data = body.encode("utf-8", "surrogatepass") if isinstance(body, str) else body
    return client.post("/import/household/", {"file": SimpleUploadedFile(name, data)})


def _counts() -> tuple:
    return Household.objects.count(), Membership.objects.count(), Entry.objects.count(), Message.objects.count()


def _refused(client, body, expected: str) -> None:
    before = _counts()
    response = _post(client, body)
    page = html.unescape(response.content.decode())
    assert response.status_code == 400, response.status_code
    assert expected in page, page[-2000:]
    assert _counts() == before
    assert not ImportChunk.objects.exists()


def _dump(document) -> str:
    return json.dumps(document, ensure_ascii=False)


CRAFTED = {
    "ref-list": (lambda d: d["members"][0].update(ref=[1, 2]), "구성원 1번째 항목의 'ref' 값이 올바르지 않아요"),
    "ref-object": (lambda d: d["messages"][0].update(ref={"a": 1}), "메시지 1번째 항목의 'ref' 값이 올바르지 않아요"),
    "message-ref-object": (lambda d: d["entries"][0].update(message={"a": 1}), "'message' 값이 올바르지 않아요"),
    "nul-raw-text": (lambda d: d["messages"][0].update(raw_text="점심\x00"), "쓸 수 없는 문자"),
    "nul-memo": (lambda d: d["entries"][0].update(memo="점\x00심"), "쓸 수 없는 문자"),
    "nul-name": (lambda d: d["household"].update(name="우리\x00집"), "쓸 수 없는 문자"),
    "surrogate-memo": (lambda d: d["entries"][0].update(memo="점\ud800심"), "쓸 수 없는 문자"),
    "budget-1e100": (lambda d: d["household"].update(llm_monthly_budget_usd="1e100"), "'llm_monthly_budget_usd'"),
    "budget-infinity": (lambda d: d["household"].update(llm_monthly_budget_usd="Infinity"), "'llm_monthly_budget_usd'"),
    "budget-nan": (lambda d: d["household"].update(llm_monthly_budget_usd="NaN"), "'llm_monthly_budget_usd'"),
    "amount-1e100": (lambda d: d["budgets"].append({"category": "food", "amount_krw": 1e100}), "'amount_krw'"),
    "created-year-1": (
        lambda d: d["entries"][0].update(created_at="0001-01-01T00:00:00"),
        "'created_at' 시각이 올바르지 않아요",
    ),
    "received-year-9999": (
        lambda d: d["messages"][0].update(received_at="9999-12-31T23:59:59-14:00"),
        "'received_at' 시각이 올바르지 않아요",
    ),
    "joined-year-1-with-offset": (
        lambda d: d["members"][0].update(joined_at="0001-01-01T00:00:00+14:00"),
        "'joined_at' 시각이 올바르지 않아요",
    ),
    "category-kind": (lambda d: d["entries"][0].update(category="salary"), "지출에는 지출 분류를"),
}


@pytest.mark.parametrize("case", CRAFTED, ids=list(CRAFTED))
def test_a_crafted_file_is_a_korean_400_and_writes_nothing(client_for, alice, document, case):
    mutate, expected = CRAFTED[case]
    mutate(document)
    # ASCII-escaped as a JSON writer would: a lone surrogate arrives as "\\ud800", valid UTF-8 bytes.
    _refused(client_for(alice), json.dumps(document), expected)


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            '{"format": "homenrich-household", "version": 1, "household": ' + "[" * 100_000 + "]" * 100_000 + "}",
            "너무 깊게",
        ),
        ('{"format": "homenrich-household", "version": 1, "x": NaN}', "쓸 수 없는 값(NaN)"),
        ('{"format": "homenrich-household", "version": 1, "x": Infinity}', "쓸 수 없는 값(Infinity)"),
        ('{"format": "homenrich-household", "version": 1, "household": {"name": "' + "9" * 5000 + '"}', "JSON"),
        (b'{"format": "homenrich-household", "version": 1, "household": {"name": "\xed\xa0\x80"}}', "UTF-8"),
        ('{"format": "homenrich-household", "version": 1} trailing', "뒤에 다른 내용"),
        ("[1, 2, 3]", "JSON 파일을 읽을 수 없어요"),
        ('{"format": "other", "version": 1, "household": {}}', "홈앤리치에서 내보낸 가구 파일이 아니에요"),
    ],
    ids=["nested-100000", "nan", "infinity", "unterminated", "surrogate-bytes", "trailing", "array", "not-ours"],
)
def test_an_unreadable_file_is_a_korean_400(client_for, alice, household, body, expected):
    _refused(client_for(alice), body, expected)


def test_a_nested_value_inside_a_section_is_refused_not_recursed(client_for, alice, document):
    text = _dump(document).replace('"budgets": []', '"budgets": [' + "[" * 50_000 + "]" * 50_000 + "]")
    _refused(client_for(alice), text, "너무 깊게")


def test_the_first_problems_are_listed_up_to_five(client_for, alice, document):
    for entry in document["entries"]:
        entry.update(amount_krw=-1, memo="x" * 201)
    response = _post(client_for(alice), _dump(document))
    page = html.unescape(response.content.decode())
    assert response.status_code == 400
    assert "항목 1번째 항목의 'amount_krw'" in page and "항목 1번째 항목의 'memo'" in page
    assert "항목 2번째 항목의 'amount_krw'" in page


def test_sections_out_of_order_are_refused(client_for, alice, document):
    reordered = {k: document[k] for k in ["format", "version", "household", "members", "categories", "entries"]}
    _refused(client_for(alice), _dump(reordered), "'categories' 부분은 'members' 부분보다 앞에")


def test_imported_timestamps_keep_the_month_page_and_export_working(client_for, alice, document):
    document["entries"][0]["created_at"] = "2001-02-03T04:05:06+09:00"
    document["messages"][0]["received_at"] = "2001-02-03T04:05:06"
    client = client_for(alice)
    assert _post(client, _dump(document)).status_code == 302
    imported = Household.objects.order_by("-pk").first()
    assert Entry.objects.filter(household=imported, created_at__year=2001).count() == 1
    month = document["entries"][0]["spent_on"][:7]
    assert client.get(f"/month/{month}/").status_code == 200
    assert client.get("/export/household.json").status_code == 200


def test_the_same_file_twice_makes_one_household_and_says_so(client_for, alice, document):
    client = client_for(alice)
    body = _dump(document)
    assert _post(client, body).status_code == 302
    count = Household.objects.count()
    again = _post(client, body)
    assert again.status_code == 302 and Household.objects.count() == count
    page = html.unescape(client.get(again.url, follow=True).content.decode())
    assert "이미" in page and "같은 파일은 한 번만 가져와요" in page
    first = HouseholdImport.objects.get()
    assert client.session["household_id"] == first.household_id
    # A different file (one byte more) is another import.
    assert _post(client, body + "\n").status_code == 302 and Household.objects.count() == count + 1


def test_the_same_file_may_come_back_after_leaving_its_household(client_for, alice, bob, document, household):
    client = client_for(alice)
    body = _dump(document)
    _post(client, body)
    copy = HouseholdImport.objects.get().household
    seat = Membership.objects.get(household=copy, user=alice)
    Membership.objects.filter(household=copy).exclude(pk=seat.pk).update(role="member")
    Membership.objects.create(household=copy, user=bob, role="owner", display_name="밥")
    membership_end(by=seat, membership=seat)
    count = Household.objects.count()
    assert _post(client, body).status_code == 302 and Household.objects.count() == count + 1


def test_someone_else_importing_the_same_file_gets_their_own_household(client_for, alice, charlie, document):
    body = _dump(document)
    _post(client_for(alice), body)
    count = Household.objects.count()
    _post(client_for(charlie), body)
    assert Household.objects.count() == count + 1


def test_a_large_file_goes_to_the_worker_and_shows_progress(client_for, alice, document, monkeypatch):
    """Above the inline size the import is a task (in-process here, as with the embedded defaults)."""
    monkeypatch.setattr(uploads, "INLINE_BYTES", 100)
    client = client_for(alice)
    response = _post(client, _dump(document))
    record = HouseholdImport.objects.get()
    assert record.state == "done" and record.household is not None
    # Tasks ran in-process, so the import is done when the upload is answered: off to the new household.
    assert response.status_code == 302 and response.url == "/"
    assert client.session["household_id"] == record.household_id
    assert client.get(f"/import/household/{record.pk}/").status_code == 302
    assert not ImportChunk.objects.exists()


def test_the_progress_page_polls_while_the_worker_runs(client_for, alice, document, monkeypatch):
    monkeypatch.setattr(uploads, "INLINE_BYTES", 100)
    monkeypatch.setattr(uploads, "publish", lambda task, args: True)  # queued; no worker has taken it yet
    client = client_for(alice)
    response = _post(client, _dump(document))
    record = HouseholdImport.objects.get()
    assert record.state == "queued"
    page = client.get(response.url).content.decode()
    assert "파일을 확인하는 중이에요 (0%)" in page and 'hx-trigger="every 1s"' in page
    # Halfway through writing (rounded up: the percentage is floored, and the file's size may be odd).
    halfway = -(-record.size_bytes // 2)
    uploads.progress_set(upload_id=record.pk, phase="write", done=halfway, size=record.size_bytes)
    assert "기록을 옮기는 중이에요 (75%)" in client.get(response.url, HTTP_HX_REQUEST="true").content.decode()
    # The same file again while it is on its way is the same import.
    again = _post(client, _dump(document))
    assert again.url == response.url and HouseholdImport.objects.count() == 1
    uploads.import_run(upload_id=record.pk)
    fragment = client.get(response.url, HTTP_HX_REQUEST="true")
    assert fragment["HX-Redirect"] == response.url
    assert client_for(alice).get(f"/import/household/{record.pk}/").status_code == 302


def test_an_import_whose_worker_is_gone_says_so(client_for, alice, document, monkeypatch):
    monkeypatch.setattr(uploads, "INLINE_BYTES", 100)
    monkeypatch.setattr(uploads, "publish", lambda task, args: False)  # the broker is down
    client = client_for(alice)
    response = _post(client, _dump(document))
    assert response.status_code == 400
    assert "잠시 뒤 다시 올려 주세요" in html.unescape(response.content.decode())
    assert not ImportChunk.objects.exists()


def test_another_persons_import_is_a_404(client_for, alice, charlie, document, monkeypatch):
    monkeypatch.setattr(uploads, "INLINE_BYTES", 100)
    monkeypatch.setattr(uploads, "publish", lambda task, args: True)
    _post(client_for(alice), _dump(document))
    record = HouseholdImport.objects.get()
    assert client_for(charlie).get(f"/import/household/{record.pk}/").status_code == 404


def test_the_export_gives_former_members_as_names_only(household, alice, bob):
    membership_end(by=membership_of(alice, household), membership=membership_of(bob, household))
    members = {m["display_name"]: m for m in household_export(household_id=household.pk)["members"]}
    assert members["밥"]["email"] is None and members["앨리스"]["email"] == alice.email
    assert bob.email not in json.dumps(household_export(household_id=household.pk))


def test_the_stream_reader_splits_values_at_any_chunk_boundary():
    document = {"format": "f", "n": 12345678901234567890, "xs": [{"a": "가나다" * 10, "b": 1.5}] * 30, "z": None}
    text = json.dumps(document, ensure_ascii=False).encode()
    for chunk in (1, 2, 3, 7, 64):
        stream = ObjectStream(io.BytesIO(text), chunk_bytes=chunk)
        read = {k: list(v) if k == "xs" else v for k, v in stream.members()}
        assert read == document, chunk
    with pytest.raises(Unreadable):
        list(ObjectStream(io.BytesIO(b'{"a": "' + b"x" * 5000 + b'"}'), chunk_bytes=64, max_value_chars=1000).members())


def test_the_service_refuses_the_same_problems_without_the_web(alice, document):
    document["entries"][0]["memo"] = "\x00"
    before = _counts()
    with pytest.raises(Exception, match="쓸 수 없는 문자"):
        household_import(user=alice, source=json.dumps(document).encode())
    assert _counts() == before
    assert timezone.now()
