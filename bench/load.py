"""A small load generator: client threads on keep-alive http.client connections, spread over processes.

Each client replays its own list of requests (its own session cookie, its own messages) as fast as the
server answers (closed loop), for a fixed time after a warm-up. Processes rather than one process with
many threads, so that the generator's GIL does not become part of the latency it measures.
"""

import http.client
import multiprocessing
import os
import statistics
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from .procs import descendants


@dataclass(frozen=True)
class Request:
    method: str
    path: str
    body: bytes | None = None
    headers: tuple[tuple[str, str], ...] = ()


@dataclass
class Sample:
    latency: float  # seconds, as the client saw it
    status: int  # 0: connection error
    server_ms: float | None = None
    queries: int | None = None
    server_timing: str | None = None  # the response's Server-Timing header, where the view sets one
    size: int = 0  # bytes of the response body


@dataclass
class LoadResult:
    clients: int
    duration: float
    samples: list[Sample] = field(default_factory=list)
    server_cpu: float | None = None  # CPU seconds the server's processes spent in the measured window

    @property
    def cpu_ms_per_request(self) -> float | None:
        """Server CPU per answered request (gunicorn's processes, not the database's)."""
        if self.server_cpu is None or not self.samples:
            return None
        return self.server_cpu * 1000 / len(self.samples)

    @property
    def ok(self) -> list[Sample]:
        return [s for s in self.samples if 200 <= s.status < 400]

    @property
    def rps(self) -> float:
        return len(self.ok) / self.duration if self.duration else 0.0

    def percentile(self, q: float) -> float:
        """Latency percentile in milliseconds over successful requests."""
        return percentile([s.latency * 1000 for s in self.ok], q)

    @property
    def statuses(self) -> dict[int, int]:
        return dict(sorted(Counter(s.status for s in self.samples).items()))

    @property
    def errors(self) -> int:
        return len(self.samples) - len(self.ok)

    @property
    def queries_per_request(self) -> float | None:
        counts = [s.queries for s in self.ok if s.queries is not None]
        return statistics.median(counts) if counts else None

    @property
    def median_size(self) -> float | None:
        sizes = [s.size for s in self.ok]
        return statistics.median(sizes) if sizes else None

    def server_percentile(self, q: float) -> float | None:
        times = [s.server_ms for s in self.ok if s.server_ms is not None]
        return percentile(times, q) if times else None

    def summary(self) -> dict:
        return {
            "clients": self.clients,
            "seconds": round(self.duration, 2),
            "requests": len(self.samples),
            "rps": round(self.rps, 1),
            "p50_ms": round(self.percentile(50), 2),
            "p95_ms": round(self.percentile(95), 2),
            "p99_ms": round(self.percentile(99), 2),
            "statuses": self.statuses,
            "queries_per_request": self.queries_per_request,
            "median_bytes": self.median_size,
            "cpu_ms_per_request": None if self.cpu_ms_per_request is None else round(self.cpu_ms_per_request, 2),
        }


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    rank = (len(ordered) - 1) * q / 100
    low = int(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def send(conn: http.client.HTTPConnection, request: Request) -> Sample:
    started = time.perf_counter()
    conn.request(request.method, request.path, body=request.body, headers=dict(request.headers))
    response = conn.getresponse()
    body = response.read()
    latency = time.perf_counter() - started
    server_ms = response.getheader("X-Bench-Server-Ms")
    queries = response.getheader("X-Bench-Queries")
    return Sample(
        latency=latency,
        status=response.status,
        server_ms=float(server_ms) if server_ms else None,
        queries=int(queries) if queries else None,
        server_timing=response.getheader("Server-Timing"),
        size=len(body),
    )


def _client(port: int, requests: list[Request], start_at: float, measure_from: float, stop_at: float, out: list):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    index = 0
    while time.time() < start_at:
        time.sleep(0.001)
    while True:
        began = time.time()
        if began >= stop_at:
            break
        request = requests[index % len(requests)]
        index += 1
        try:
            sample = send(conn, request)
        except (OSError, http.client.HTTPException):
            conn.close()
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            sample = Sample(latency=time.time() - began, status=0)
        if began >= measure_from:
            out.append(sample)
    conn.close()


def _process(args) -> list[Sample]:

    sys.setswitchinterval(0.0005)
    port, per_client, start_at, measure_from, stop_at = args
    outs: list[list[Sample]] = [[] for _ in per_client]
    threads = [
        threading.Thread(target=_client, args=(port, requests, start_at, measure_from, stop_at, out))
        for requests, out in zip(per_client, outs, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return [sample for out in outs for sample in out]


def run(
    *,
    port: int,
    per_client: list[list[Request]],
    seconds: float,
    warmup: float,
    processes: int = 4,
    server_pid: int | None = None,
) -> LoadResult:
    """Runs len(per_client) concurrent clients; samples from the warm-up are dropped.

    With `server_pid`, the CPU the server's process tree spends during the measured window is read
    from /proc at its start and end (LoadResult.cpu_ms_per_request).
    """
    processes = max(1, min(processes, len(per_client)))
    groups = [per_client[i::processes] for i in range(processes)]
    context = multiprocessing.get_context("spawn")
    cpu: list[float] = []
    with context.Pool(processes) as pool:
        # Spawned interpreters take a moment to start: everyone begins together.
        start_at = time.time() + 0.6
        measure_from = start_at + warmup
        stop_at = measure_from + seconds

        def sample_cpu():
            for moment in (measure_from, stop_at):
                time.sleep(max(0.0, moment - time.time()))
                cpu.append(tree_cpu_seconds(server_pid))

        watcher = threading.Thread(target=sample_cpu, daemon=True) if server_pid else None
        if watcher:
            watcher.start()
        results = pool.map(_process, [(port, group, start_at, measure_from, stop_at) for group in groups])
        if watcher:
            watcher.join(5)
    result = LoadResult(clients=len(per_client), duration=seconds, samples=[s for r in results for s in r])
    if len(cpu) == 2:
        result.server_cpu = cpu[1] - cpu[0]
    return result


def tree_cpu_seconds(pid: int) -> float:
    """User + system CPU of pid and every process below it, from /proc (Linux).

    Live processes count their own time and that of the children they have reaped (cutime, cstime):
    a gunicorn worker recycled after max_requests leaves its CPU with the arbiter, not nowhere.
    """
    ticks = 0
    for member in descendants(pid):
        try:
            text = Path(f"/proc/{member}/stat").read_text()
        except OSError:
            continue
        fields = text[text.rfind(")") + 2 :].split()
        ticks += sum(int(value) for value in fields[11:15])
    return ticks / os.sysconf("SC_CLK_TCK")


def sequential(port: int, requests: list[Request], *, before_each=None) -> list[Sample]:
    """One client, one request at a time, with an optional hook before each (e.g. to defeat a cache)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    samples = []
    for request in requests:
        if before_each:
            before_each()
        samples.append(send(conn, request))
    conn.close()
    return samples
