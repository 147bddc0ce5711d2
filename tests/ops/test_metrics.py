"""GET /metrics: what it counts, and who may read it."""

from decimal import Decimal

import pytest
from django.test import Client
from prometheus_client import REGISTRY

from categorization.models import LLMCall
from expenses.entries.services import entry_create, message_record
from expenses.tasks import sweep_pending_entries
from tests.conftest import membership_of

pytestmark = pytest.mark.django_db


def value(name: str, **labels) -> float:
    return REGISTRY.get_sample_value(name, labels) or 0.0


def test_requests_are_counted_and_timed_by_view_name(client):
    before = value("homenrich_http_requests_total", view="login", method="GET", status="200")
    timed = value("homenrich_http_request_duration_seconds_count", view="login")
    for _ in range(3):
        assert client.get("/accounts/login/").status_code == 200
    assert value("homenrich_http_requests_total", view="login", method="GET", status="200") == before + 3
    assert value("homenrich_http_request_duration_seconds_count", view="login") == timed + 3


def test_a_request_no_url_matches_gets_one_shared_label(client):
    before = value("homenrich_http_requests_total", view="<unresolved>", method="GET", status="404")
    client.get("/no-such-page/at-all/")
    assert value("homenrich_http_requests_total", view="<unresolved>", method="GET", status="404") == before + 1


def test_metrics_answer_loopback_in_prometheus_text_format(client):
    client.get("/accounts/login/")
    response = client.get("/metrics")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain; version=")
    assert b'homenrich_http_requests_total{method="GET",status="200",view="login"}' in response.content


@pytest.mark.parametrize("address", ["10.0.0.7", "172.19.3.2", "fdaa:0:1:a7b::5", "::ffff:127.0.0.1"])
def test_metrics_answer_fly_private_addresses(address):
    assert Client(REMOTE_ADDR=address).get("/metrics").status_code == 200


@pytest.mark.parametrize("address", ["203.0.113.9", "2001:db8::1", "8.8.8.8", "not-an-ip", ""])
def test_metrics_refuse_public_addresses_without_the_token(address):
    response = Client(REMOTE_ADDR=address).get("/metrics")
    assert response.status_code == 403
    assert b"homenrich_" not in response.content


def test_metrics_refuse_a_private_peer_that_is_fly_proxy_forwarding_the_internet():
    # Fly's proxy connects from a private address too; its headers show the request came from outside.
    proxied = Client(REMOTE_ADDR="172.16.5.4", HTTP_FLY_CLIENT_IP="203.0.113.9", HTTP_X_FORWARDED_FOR="203.0.113.9")
    assert proxied.get("/metrics").status_code == 403


def test_metrics_token_opens_them_to_any_address_and_a_wrong_one_does_not(settings):
    settings.METRICS_TOKEN = "s3cret-metrics-token"
    public = Client(REMOTE_ADDR="203.0.113.9", HTTP_FLY_CLIENT_IP="203.0.113.9")
    assert public.get("/metrics", HTTP_AUTHORIZATION="Bearer s3cret-metrics-token").status_code == 200
    assert public.get("/metrics", HTTP_AUTHORIZATION="Bearer s3cret-metrics-tokem").status_code == 403
    assert public.get("/metrics", HTTP_AUTHORIZATION="Basic s3cret-metrics-token").status_code == 403
    # A wrong token is refused even from a private address: the caller asked to be judged by it.
    assert Client().get("/metrics", HTTP_AUTHORIZATION="Bearer nope").status_code == 403


def test_metrics_work_behind_the_ssl_redirect_and_host_check(settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.ALLOWED_HOSTS = ["homenrich.fly.dev"]
    scraper = Client(REMOTE_ADDR="fdaa:0:1:a7b::5")
    assert scraper.get("/metrics", HTTP_HOST="[fdaa:0:1:a7b::5]:8000").status_code == 200
    # …while every other page still redirects to https.
    assert scraper.get("/accounts/login/", HTTP_HOST="homenrich.fly.dev").status_code == 301


def test_metrics_only_answer_get_and_head(client):
    assert client.post("/metrics").status_code == 405


def test_claude_calls_tokens_and_cost_are_counted(household):
    model = "claude-haiku-5-5"
    calls = value("homenrich_llm_calls_total", model=model, outcome="answered")
    tokens_in = value("homenrich_llm_tokens_total", model=model, direction="input")
    tokens_out = value("homenrich_llm_tokens_total", model=model, direction="output")
    cost = value("homenrich_llm_cost_usd_total", model=model)
    LLMCall.objects.create(
        household=household,
        model=model,
        items=3,
        input_tokens=180,
        output_tokens=40,
        cost_usd=Decimal("0.000038"),
        outcome="answered",
    )
    assert value("homenrich_llm_calls_total", model=model, outcome="answered") == calls + 1
    assert value("homenrich_llm_tokens_total", model=model, direction="input") == tokens_in + 180
    assert value("homenrich_llm_tokens_total", model=model, direction="output") == tokens_out + 40
    assert value("homenrich_llm_cost_usd_total", model=model) == pytest.approx(cost + 0.000038)


def test_entries_are_counted_by_channel_once_committed(household, alice, django_capture_on_commit_callbacks):
    membership = membership_of(alice, household)
    telegram = value("homenrich_entries_recorded_total", channel="telegram")
    web = value("homenrich_entries_recorded_total", channel="web")
    with django_capture_on_commit_callbacks(execute=True):
        result = message_record(membership=membership, channel="telegram", text="점심 8천, 커피 4500")
    assert len(result.entries) == 2
    assert value("homenrich_entries_recorded_total", channel="telegram") == telegram + 2
    with django_capture_on_commit_callbacks(execute=True):
        entry_create(
            membership=membership,
            kind="expense",
            amount_krw=12000,
            spent_on=result.entries[0].spent_on,
            category=result.entries[0].category,
            memo="택시",
            paid_by=membership,
        )
    assert value("homenrich_entries_recorded_total", channel="web") == web + 1


def test_entries_rolled_back_are_not_counted(household, alice, django_capture_on_commit_callbacks):
    before = value("homenrich_entries_recorded_total", channel="kakao")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        message_record(membership=membership_of(alice, household), channel="kakao", text="버스 1500")
    assert callbacks  # it would count on commit…
    assert value("homenrich_entries_recorded_total", channel="kakao") == before  # …and not before


def test_celery_task_runs_are_counted_by_name_and_state():
    name = "expenses.tasks.sweep_pending_entries"
    before = value("homenrich_celery_tasks_total", task=name, state="success")
    sweep_pending_entries.delay()
    assert value("homenrich_celery_tasks_total", task=name, state="success") == before + 1
    assert value("homenrich_celery_task_duration_seconds_count", task=name) >= 1


@pytest.mark.parametrize(
    "headers",
    [
        {"HTTP_X_REAL_IP": "203.0.113.9"},
        {"HTTP_X_FORWARDED_FOR": ""},
        {"HTTP_FORWARDED": "for=203.0.113.9"},
        {"HTTP_FLY_CLIENT_IP": ""},
        {"HTTP_TRUE_CLIENT_IP": "203.0.113.9"},
    ],
    ids=["x-real-ip", "empty-x-forwarded-for", "forwarded", "empty-fly-client-ip", "true-client-ip"],
)
def test_metrics_refuse_a_loopback_peer_passing_on_someone_elses_request(headers):
    """The red team's case: a local proxy in front (nginx, a tunnel) sets one of these; any of them refuses."""
    assert Client(REMOTE_ADDR="127.0.0.1", **headers).get("/metrics").status_code == 403


def test_behind_fly_metrics_judge_the_client_address_from_fly_client_ip(settings):
    settings.TRUSTED_PROXY = "fly"
    assert Client(REMOTE_ADDR="fdaa:0:1:a7b::5").get("/metrics").status_code == 200  # Fly's scraper
    assert Client(REMOTE_ADDR="172.16.5.4", HTTP_FLY_CLIENT_IP="203.0.113.9").get("/metrics").status_code == 403
