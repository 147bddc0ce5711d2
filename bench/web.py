"""Web figures: the entry door against the floor views, and the month and stats pages."""

import http.client
import statistics
from dataclasses import dataclass
from urllib.parse import urlencode

from . import load
from .load import Request
from .report import Figure, Report, ms, ratio

DOOR = "/entries/message/"
FLOOR_WRITE = "/bench/floor/write/"
FLOOR_READ = "/bench/floor/read/"
FLOOR_BARE = "/bench/floor/bare/"
WRITE_CLIENTS = 16
PAGE_CLIENTS = 4
LONG_DAY = 500  # entries already on the day the htmx door writes into
SIZE_SAMPLES = 5


@dataclass(frozen=True)
class Client:
    cookies: dict[str, str]
    port: int

    def headers(self, *, form: bool = False, htmx: bool = False) -> tuple[tuple[str, str], ...]:
        # Fly's proxy terminates TLS and says so; Django then checks Origin on unsafe methods.
        headers = [
            ("Cookie", "; ".join(f"{k}={v}" for k, v in self.cookies.items())),
            ("X-Forwarded-Proto", "https"),
            ("Origin", f"https://127.0.0.1:{self.port}"),
        ]
        if form:
            csrf = next(v for k, v in self.cookies.items() if "csrf" in k.lower())
            headers += [("Content-Type", "application/x-www-form-urlencoded"), ("X-CSRFToken", csrf)]
        if htmx:
            # What htmx adds to a form it posts from the month page.
            headers += [("HX-Request", "true"), ("HX-Current-URL", f"https://127.0.0.1:{self.port}/")]
        return tuple(headers)

    def post(self, path: str, fields: dict[str, str], *, htmx: bool = False) -> Request:
        return Request("POST", path, urlencode(fields).encode(), self.headers(form=True, htmx=htmx))

    def get(self, path: str) -> Request:
        return Request("GET", path, None, self.headers())


def preflight(port: int, request: Request, *, expect: tuple[int, ...], location_not: str = "/accounts/login") -> None:
    """One request before a measurement, so that a CSRF or login failure is not measured as speed."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.request(request.method, request.path, body=request.body, headers=dict(request.headers))
    response = conn.getresponse()
    body = response.read()
    location = response.getheader("Location") or ""
    conn.close()
    if response.status not in expect or location_not in location:
        raise RuntimeError(
            f"{request.method} {request.path} answered {response.status} {location} (expected {expect}): {body[:300]!r}"
        )


def _write_requests(
    clients: list[Client], path: str, messages: list[str], *, htmx: bool = False
) -> list[list[Request]]:
    # Each client cycles through the messages from its own offset: 16 people typing different things.
    per_client = []
    for n, client in enumerate(clients):
        ordered = messages[n * 7 % len(messages) :] + messages[: n * 7 % len(messages)]
        per_client.append([client.post(path, {"text": text}, htmx=htmx) for text in ordered[:200]])
    return per_client


def web_door(
    report: Report,
    *,
    port: int,
    clients: list[Client],
    messages: list[str],
    seconds: float,
    warmup: float,
    rounds: int,
    short_day_client: Client | None = None,
    server_pid: int | None = None,
) -> dict:
    """POST /entries/message/ against the floor write view, same clients, same messages, same server.

    Twice: as a form without JavaScript posts it (answered with a redirect), and as the month page's
    htmx form posts it (`HX-Request: true`, answered with what changed), into a day that already holds
    LONG_DAY entries in every writer's household (the caller fills it). The htmx answer's size is
    compared with the same answer in a household whose day is nearly empty (`short_day_client`).
    """
    preflight(port, clients[0].post(FLOOR_WRITE, {"text": messages[0]}), expect=(200,))
    preflight(port, clients[0].post(DOOR, {"text": "점심 김밥 5000원"}), expect=(302, 303))
    preflight(port, clients[0].post(DOOR, {"text": "점심 김밥 5000원"}, htmx=True), expect=(200,))
    preflight(port, clients[0].post(FLOOR_BARE, {"text": "x"}), expect=(200,))
    results: dict[str, list[load.LoadResult]] = {"floor": [], "door": [], "htmx": [], "bare": []}
    paths = {"floor": FLOOR_WRITE, "door": DOOR, "htmx": DOOR, "bare": FLOOR_BARE}
    # Alternating rounds, so that a slow moment of the machine does not land on one side only.
    for _ in range(rounds):
        for name in ("floor", "door", "htmx"):
            per_client = _write_requests(clients, paths[name], messages, htmx=name == "htmx")
            results[name].append(
                load.run(port=port, per_client=per_client, seconds=seconds, warmup=warmup, server_pid=server_pid)
            )
    results["bare"].append(
        load.run(port=port, per_client=_write_requests(clients, FLOOR_BARE, messages), seconds=seconds, warmup=warmup)
    )
    merged = {name: _merge(runs) for name, runs in results.items()}
    floor, door, htmx, bare = merged["floor"], merged["door"], merged["htmx"], merged["bare"]
    rps_ratio = door.rps / floor.rps if floor.rps else 0.0
    p95_ratio = door.percentile(95) / floor.percentile(95)
    details = {name: result.summary() for name, result in merged.items()}
    report.add(
        Figure(
            key="web_door_rps_ratio",
            figure="web door POST /entries/message/ req/s ÷ floor",
            value=f"{ratio(rps_ratio)} ({door.rps:,.0f} req/s)",
            goal="≥ 0.5×",
            baseline=f"floor write {floor.rps:,.0f} req/s",
            ok=rps_ratio >= 0.5 and door.errors == 0,
            number=rps_ratio,
            details=details,
        )
    )
    report.add(
        Figure(
            key="web_door_p95_ratio",
            figure=f"web door p95 at {len(clients)} clients ÷ floor p95",
            value=f"{ratio(p95_ratio)} ({ms(door.percentile(95))}, p50 {ms(door.percentile(50))})",
            goal="≤ 2×",
            baseline=f"floor write p95 {ms(floor.percentile(95))}",
            ok=p95_ratio <= 2 and door.errors == 0,
            number=p95_ratio,
        )
    )
    report.add(
        Figure(
            key="bare_view_rps",
            figure="bare no-database view req/s (context)",
            value=f"{bare.rps:,.0f} req/s, p95 {ms(bare.percentile(95))}",
            goal="—",
            baseline=f"door/bare {door.rps / bare.rps:.2f}×" if bare.rps else "n/a",
            ok=None,
            number=bare.rps,
        )
    )
    _htmx_figures(report, port=port, floor=floor, htmx=htmx, short_day_client=short_day_client, messages=messages)
    cpu_figure(
        report,
        "web_cpu_ms_per_request",
        "server CPU-ms per web request (gunicorn, 16 clients; the database not included)",
        {"floor write": floor, "door": door, "htmx door": htmx},
        "floor write",
    )
    if door.errors or floor.errors or htmx.errors:
        report.note(f"non-2xx/3xx answers: door {door.statuses}, htmx {htmx.statuses}, floor {floor.statuses}")
    return details


def _htmx_figures(
    report: Report,
    *,
    port: int,
    floor: load.LoadResult,
    htmx: load.LoadResult,
    short_day_client: Client | None,
    messages: list[str],
) -> None:
    rps_ratio = htmx.rps / floor.rps if floor.rps else 0.0
    p95_ratio = htmx.percentile(95) / floor.percentile(95)
    report.add(
        Figure(
            key="htmx_door_rps_ratio",
            figure=f"htmx door (HX-Request, day of {LONG_DAY} entries) req/s ÷ floor",
            value=f"{ratio(rps_ratio)} ({htmx.rps:,.0f} req/s, {_count(htmx.queries_per_request)} queries)",
            goal="≥ 0.5×",
            baseline=f"floor write {floor.rps:,.0f} req/s",
            ok=rps_ratio >= 0.5 and htmx.errors == 0,
            number=rps_ratio,
            details={"htmx": htmx.summary()},
        )
    )
    report.add(
        Figure(
            key="htmx_door_p95_ratio",
            figure=f"htmx door p95 at {htmx.clients} clients ÷ floor p95",
            value=f"{ratio(p95_ratio)} ({ms(htmx.percentile(95))}, p50 {ms(htmx.percentile(50))})",
            goal="≤ 2×",
            baseline=f"floor write p95 {ms(floor.percentile(95))}",
            ok=p95_ratio <= 2 and htmx.errors == 0,
            number=p95_ratio,
        )
    )
    long_bytes = htmx.median_size or 0
    short = None
    if short_day_client is not None:
        # The same answer where the day is nearly empty: the floor for what a write's answer weighs.
        requests = [short_day_client.post(DOOR, {"text": text}, htmx=True) for text in messages[:SIZE_SAMPLES]]
        samples = [s for s in load.sequential(port, requests) if s.status == 200]
        if samples:
            short = statistics.median(s.size for s in samples)
    size_ratio = long_bytes / short if short else None
    report.add(
        Figure(
            key="htmx_door_bytes_ratio",
            figure=f"htmx door response size, day of {LONG_DAY} entries ÷ nearly empty day",
            value=f"{ratio(size_ratio)} ({long_bytes / 1024:,.1f} KB)"
            if size_ratio
            else f"{long_bytes / 1024:,.1f} KB",
            goal="≤ 1.1× (size independent of the day)",
            baseline=f"nearly empty day {short / 1024:,.1f} KB" if short else "not measured",
            ok=None if size_ratio is None else size_ratio <= 1.1,
            number=size_ratio,
            details={"long_day_bytes": long_bytes, "short_day_bytes": short},
        )
    )


def _merge(runs: list[load.LoadResult]) -> load.LoadResult:
    merged = load.LoadResult(clients=runs[0].clients, duration=sum(r.duration for r in runs))
    for run in runs:
        merged.samples.extend(run.samples)
    if all(run.server_cpu is not None for run in runs):
        merged.server_cpu = sum(run.server_cpu for run in runs)
    return merged


def cpu_figure(report: Report, key: str, figure: str, results: dict[str, load.LoadResult], floor: str) -> None:
    """Server CPU per request for each door (context for capacity and cost, docs/operations.md)."""
    per = {name: r.cpu_ms_per_request for name, r in results.items() if r.cpu_ms_per_request is not None}
    if floor not in per:
        return
    report.add(
        Figure(
            key=key,
            figure=figure,
            value=", ".join(f"{name} {value:.1f}" for name, value in per.items() if name != floor),
            goal="—",
            baseline=f"{floor} {per[floor]:.1f} CPU-ms",
            ok=None,
            number=None,
            details={name: round(value, 3) for name, value in per.items()},
        )
    )


def page_latency(
    report: Report,
    *,
    port: int,
    key: str,
    figure: str,
    typical: list[tuple[Client, str]],
    busy: tuple[Client, str],
    floor: list[Client],
    seconds: float,
    warmup: float,
    heavy_reps: int = 5,
    server_pid: int | None = None,
) -> dict:
    """p50/p95 of a page for ordinary households, and its query count there and for the busiest month."""
    for client, path in [*typical[:1], busy]:
        preflight(port, client.get(path), expect=(200,))
    page = load.run(
        port=port, per_client=[[c.get(p)] for c, p in typical], seconds=seconds, warmup=warmup, server_pid=server_pid
    )
    # The busiest month may take seconds per page: timed one request at a time rather than in a window.
    heavy = load.LoadResult(clients=1, duration=0.0)
    heavy.samples = load.sequential(port, [busy[0].get(busy[1])] * (heavy_reps + 1))[1:]  # the first warms
    heavy.duration = sum(s.latency for s in heavy.samples)
    base = load.run(port=port, per_client=[[c.get(FLOOR_READ)] for c in floor], seconds=seconds / 2, warmup=warmup)
    queries, heavy_queries = page.queries_per_request, heavy.queries_per_request
    constant = queries is not None and queries == heavy_queries
    if page.errors or heavy.errors:
        report.note(f"{figure}: answers {page.statuses}, busiest month {heavy.statuses}")
    report.add(
        Figure(
            key=key,
            figure=f"{figure} p50 / p95 at {len(typical)} clients",
            value=(
                f"{ms(page.percentile(50))} / {ms(page.percentile(95))}, {_count(queries)} queries "
                f"(busiest month, 1 client: {ms(heavy.percentile(50))} / max {ms(heavy.percentile(100))}, "
                f"{_count(heavy_queries)} queries)"
            ),
            goal="queries constant in entries",
            baseline=(
                f"read floor {ms(base.percentile(50))} / {ms(base.percentile(95))}, "
                f"{_count(base.queries_per_request)} queries"
            ),
            ok=constant and page.errors == 0 and heavy.errors == 0,
            number=page.percentile(95),
            details={"page": page.summary(), "busiest_month": heavy.summary(), "read_floor": base.summary()},
            # page.summary() carries cpu_ms_per_request (bench/cost.py reads it)
        )
    )
    return {"page": page.summary(), "busiest": heavy.summary()}


def _count(value: float | None) -> str:
    return "?" if value is None else f"{value:g}"
