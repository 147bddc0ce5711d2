"""Memory of the whole stack (PSS) and cold start to the first /health 200, against a bare Django project."""

import shutil
import statistics
import subprocess
import tempfile
import textwrap
import time
from pathlib import Path

from . import load, procs
from .report import Figure, Report

STACK_GOAL_MIB = 400
COLD_START_GOAL = 1.5


def _bare_project(database_url: str) -> Path:
    """`django-admin startproject` as it comes, plus a /health view that asks the database, like ours does."""
    folder = Path(tempfile.mkdtemp(prefix="hn-bare-django-"))
    subprocess.run([procs.PYTHON, "-m", "django", "startproject", "bare", str(folder)], check=True)
    settings = folder / "bare" / "settings.py"
    settings.write_text(
        settings.read_text()
        + textwrap.dedent(
            f"""
            import environ as _environ
            DEBUG = False
            ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
            DATABASES = {{"default": _environ.Env.db_url_config({database_url!r})}}
            """
        )
    )
    urls = folder / "bare" / "urls.py"
    urls.write_text(
        urls.read_text()
        + textwrap.dedent(
            """
            from django.db import connection
            from django.http import HttpResponse


            def health(request):
                with connection.cursor() as cursor:
                    cursor.execute("SELECT 1")
                return HttpResponse('{"status": "ok"}', content_type="application/json")


            urlpatterns.append(path("health", health))
            """
        )
    )
    return folder


def _start_bare(folder: Path, env: dict[str, str], port: int) -> procs.Proc:
    env = {**env, "DJANGO_SETTINGS_MODULE": "bare.settings", "PYTHONPATH": str(folder)}
    args = [procs.PYTHON, "-m", "gunicorn", "bare.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "2"]
    args += ["--threads", "4", "--worker-class", "gthread", "--preload", "--error-logfile", "-"]
    return procs.Proc("bare-django", args, env, cwd=folder)


def _start_stack(env: dict[str, str], port: int, roles: tuple[str, ...] = ()) -> procs.Proc:
    env = {**env, "PORT": str(port), "BIND": f"127.0.0.1:{port}"}
    scratch = Path(tempfile.mkdtemp(prefix="hn-stack-"))
    env["CELERY_BEAT_SCHEDULE_FILE"] = str(scratch / "beat-schedule")
    env["PROMETHEUS_MULTIPROC_DIR"] = str(scratch / "metrics")
    start = procs.ROOT / "bin" / "start"
    if start.exists():
        proc = procs.Proc("bin-start", [procs.PYTHON, str(start), *roles], env)
        proc.temp_dirs.append(scratch)
        return proc
    # Before bin/start existed: the same three processes under a shell in one session.
    script = (
        f"{procs.PYTHON} -m gunicorn homenrich.wsgi --bind 127.0.0.1:{port} --workers 2 --threads 4 "
        f"--worker-class gthread --preload & {procs.PYTHON} -m celery -A homenrich worker --pool threads "
        f"--concurrency 2 --without-gossip --without-mingle & {procs.PYTHON} -m celery -A homenrich beat "
        f"--schedule {env['CELERY_BEAT_SCHEDULE_FILE']} & wait"
    )
    return procs.Proc("stack", ["/bin/sh", "-c", script], env)


def _mixed_load(
    cookies: list[dict[str, str]], port: int, messages: list[str], month_key: str
) -> list[list[load.Request]]:
    """Members recording messages and opening their month and stats pages (which also wakes the worker)."""
    from .web import Client

    per_client = []
    for n, jar in enumerate(cookies):
        client = Client(jar, port)
        requests = []
        for text in messages[n * 11 % len(messages) :][:40]:
            requests += [client.post("/entries/message/", {"text": text}), client.get(f"/month/{month_key}/")]
            requests.append(client.get(f"/stats/{month_key}/"))
        per_client.append(requests)
    return per_client


def pss_mib(proc: procs.Proc) -> tuple[float, list[tuple[str, float]]]:
    tree = procs.descendants(proc.pid)
    parts = [(procs.process_name(pid)[:80], procs.pss_kib(pid) / 1024) for pid in tree]
    return sum(mib for _, mib in parts), parts


def cold_start(proc: procs.Proc, port: int, cpu: list[float] | None = None) -> float:
    """Seconds to the first /health 200; appends to `cpu` the CPU seconds the process tree spent to get there.

    The CPU time hardly depends on what else the machine runs, the wall time does: both are reported.
    """
    procs.wait_http(port, "/health", timeout=60, proc=proc)
    seconds = time.monotonic() - proc.started
    if cpu is not None:
        cpu.append(load.tree_cpu_seconds(proc.pid))
    return seconds


def measure(
    report: Report,
    *,
    env: dict[str, str],
    database_url: str,
    reps: int,
    load_seconds: float,
    warm_cookies: list[dict[str, str]],
    messages: list[str],
    month_key: str,
) -> None:
    """Cold starts alternate between the bare project and the stack; memory after warm-up and load."""
    from tests.fakes.claude_api import FakeClaude

    fake_claude = FakeClaude().start()  # the worker's Claude calls during the load go here
    env = {**env, "ANTHROPIC_API_KEY": "sk-ant-bench-fake", "ANTHROPIC_BASE_URL": fake_claude.url}
    folder = _bare_project(database_url)
    try:
        _measure(
            report,
            folder=folder,
            env=env,
            database_url=database_url,
            reps=reps,
            load_seconds=load_seconds,
            warm_cookies=warm_cookies,
            messages=messages,
            month_key=month_key,
        )
    finally:
        fake_claude.stop()
        shutil.rmtree(folder, ignore_errors=True)


def _measure(
    report: Report,
    *,
    folder: Path,
    env: dict[str, str],
    database_url: str,
    reps: int,
    load_seconds: float,
    warm_cookies: list[dict[str, str]],
    messages: list[str],
    month_key: str,
) -> None:
    bare_times, stack_times, bare_pss = [], [], []
    bare_cpu, stack_cpu = [], []
    stack_pss, stack_parts = None, []
    for rep in range(reps):
        port = procs.free_port()
        with _start_bare(folder, env, port) as bare:
            bare_times.append(cold_start(bare, port, bare_cpu))
            time.sleep(0.5)
            bare_pss.append(pss_mib(bare)[0])
        port = procs.free_port()
        stack = _start_stack(env, port)
        try:
            stack_times.append(cold_start(stack, port, stack_cpu))
            if rep == reps - 1:
                load.run(
                    port=port,
                    per_client=_mixed_load(warm_cookies, port, messages, month_key),
                    seconds=load_seconds,
                    warmup=0.5,
                )
                time.sleep(3.0)  # let the worker finish what the load queued, and beat tick
                stack_pss, stack_parts = pss_mib(stack)
        finally:
            stack.stop(timeout=40)
    # For context: the web process alone (bin/start web), which is what Fly's health check waits for.
    port = procs.free_port()
    web_only = _start_stack(env, port, ("web",))
    try:
        web_alone = cold_start(web_only, port)
    finally:
        web_only.stop(timeout=40)
    bare_start, stack_start = statistics.median(bare_times), statistics.median(stack_times)
    start_ratio = stack_start / bare_start
    cpu_ratio = statistics.median(stack_cpu) / statistics.median(bare_cpu)
    report.add(
        Figure(
            key="cold_start_ratio",
            figure="cold start to first /health 200 (bin/start: web + worker + beat)",
            value=f"{stack_start:.2f} s = {start_ratio:.2f}× bare (web alone {web_alone:.2f} s)",
            goal=f"≤ {COLD_START_GOAL}× (seed: 1–2 s)",
            baseline=f"bare Django project {bare_start:.2f} s",
            ok=start_ratio <= COLD_START_GOAL,
            number=start_ratio,
            details={"stack_seconds": stack_times, "bare_seconds": bare_times, "web_alone_seconds": web_alone},
        )
    )
    report.add(
        Figure(
            key="cold_start_cpu_ratio",
            figure="CPU spent until the first /health 200 (context: steady when the machine is busy)",
            value=f"{statistics.median(stack_cpu):.2f} s = {cpu_ratio:.2f}× bare",
            goal="—",
            baseline=f"bare Django project {statistics.median(bare_cpu):.2f} s",
            ok=None,
            number=cpu_ratio,
            details={"stack_cpu_seconds": stack_cpu, "bare_cpu_seconds": bare_cpu},
        )
    )
    report.add(
        Figure(
            key="memory_pss_mib",
            figure="memory PSS, whole stack after warm-up and load",
            value=f"{stack_pss:.0f} MiB",
            goal=f"≤ {STACK_GOAL_MIB} MiB",
            baseline=f"bare Django, gunicorn 2 workers {statistics.median(bare_pss):.0f} MiB",
            ok=stack_pss is not None and stack_pss <= STACK_GOAL_MIB,
            number=stack_pss,
            details={"processes": [{"cmd": name, "pss_mib": round(mib, 1)} for name, mib in stack_parts]},
        )
    )
