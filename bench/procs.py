"""Processes the benchmarks and drills run: gunicorn, Celery, throw-away Redis and PostgreSQL servers."""

import contextlib
import glob
import http.client
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
SHARED_POSTGRES = "postgres://postgres@127.0.0.1:5432"
LOG_DIR = Path(tempfile.gettempdir()) / "homenrich-bench-logs"
PYCACHE = Path(tempfile.gettempdir()) / "homenrich-bench-pycache"
# Sessions made by the benchmark or a drill must be signed with the key of the processes they start.
BENCH_SECRET_KEY = "bench-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz-ABCDEFGH"  # noqa: S105


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def app_env(*, database_url: str, redis_url: str = "", **extra: str) -> dict[str, str]:
    """The environment of a production-like process: DEBUG off, real services, no real secrets."""
    env = {key: value for key, value in os.environ.items() if not key.startswith(("ANTHROPIC_", "CELERY_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="homenrich.settings",
        DEBUG="false",
        SECRET_KEY=BENCH_SECRET_KEY,
        ALLOWED_HOSTS="127.0.0.1,localhost",
        DATABASE_URL=database_url,
        REDIS_URL=redis_url,
        LOG_LEVEL="INFO",
        # Compiled bytecode, as the Docker image has it (UV_COMPILE_BYTECODE), kept outside the tree.
        PYTHONPYCACHEPREFIX=str(PYCACHE),
    )
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.update({key: str(value) for key, value in extra.items()})
    return env


class Proc:
    """A child process in its own session, so that stopping it stops everything it started."""

    def __init__(self, name: str, args: list[str], env: dict[str, str], cwd: Path = ROOT):
        LOG_DIR.mkdir(parents=True, exist_ok=True)
        self.name = name
        self.temp_dirs: list[Path] = []  # removed once the process is stopped
        self.log_path = LOG_DIR / f"{name}-{os.getpid()}-{time.monotonic_ns()}.log"
        self._log = self.log_path.open("wb")
        self.started = time.monotonic()
        self.popen = subprocess.Popen(
            args, env=env, cwd=cwd, stdout=self._log, stderr=subprocess.STDOUT, start_new_session=True
        )

    @property
    def pid(self) -> int:
        return self.popen.pid

    def alive(self) -> bool:
        return self.popen.poll() is None

    def log_tail(self, chars: int = 3000) -> str:
        with contextlib.suppress(OSError):
            return self.log_path.read_text(errors="replace")[-chars:]
        return ""

    def signal_group(self, sig: int) -> None:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.popen.pid, sig)

    def stop(self, timeout: float = 15.0, sig: int = signal.SIGTERM) -> int | None:
        if self.alive():
            self.signal_group(sig)
            try:
                self.popen.wait(timeout)
            except subprocess.TimeoutExpired:
                self.signal_group(signal.SIGKILL)
                self.popen.wait(5)
        # Whatever the leader left behind in its session goes too.
        self.signal_group(signal.SIGKILL)
        self._log.close()
        for folder in self.temp_dirs:
            shutil.rmtree(folder, ignore_errors=True)
        return self.popen.returncode

    def __enter__(self) -> "Proc":
        return self

    def __exit__(self, *exc) -> None:
        self.stop()


def http_status(port: int, path: str, *, timeout: float = 2.0, host: str = "127.0.0.1") -> int | None:
    try:
        conn = http.client.HTTPConnection(host, port, timeout=timeout)
        conn.request("GET", path)
        status = conn.getresponse().status
        conn.close()
        return status
    except (OSError, http.client.HTTPException):
        return None


def wait_http(port: int, path: str = "/health", *, timeout: float = 30.0, proc: Proc | None = None) -> float:
    """Seconds until GET path answers 200; raises with the process log if it never does."""
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        if http_status(port, path, timeout=1.0) == 200:
            return time.monotonic() - started
        if proc is not None and not proc.alive():
            raise RuntimeError(f"{proc.name} exited before {path} answered:\n{proc.log_tail()}")
        time.sleep(0.01)
    raise RuntimeError(f"{path} on port {port} did not answer 200 in {timeout}s:\n{proc.log_tail() if proc else ''}")


def gunicorn(
    *,
    env: dict[str, str],
    port: int,
    app: str = "bench.wsgi:application",
    workers: int = 2,
    threads: int = 4,
    name="gunicorn",
) -> Proc:
    """gunicorn as bin/start runs it (homenrich/gunicorn.conf.py), bound to a loopback port."""
    env = {**env, "PORT": str(port), "BIND": f"127.0.0.1:{port}", "WEB_CONCURRENCY": str(workers)}
    env["GUNICORN_THREADS"] = str(threads)
    config = ROOT / "homenrich" / "gunicorn.conf.py"
    if config.exists():
        metrics = Path(tempfile.mkdtemp(prefix="hn-metrics-"))
        env.setdefault("PROMETHEUS_MULTIPROC_DIR", str(metrics))
        proc = Proc(name, [PYTHON, "-m", "gunicorn", "--config", str(config), app], env)
        proc.temp_dirs.append(metrics)
        return proc
    args = [PYTHON, "-m", "gunicorn", app, "--bind", f"127.0.0.1:{port}", "--workers", str(workers)]
    args += ["--threads", str(threads), "--worker-class", "gthread", "--preload", "--error-logfile", "-"]
    return Proc(name, args, env)


def celery_worker(*, env: dict[str, str], pool: str = "solo", concurrency: int = 1, name="celery-worker") -> Proc:
    args = [PYTHON, "-m", "celery", "-A", "homenrich", "worker", "--pool", pool, "--concurrency", str(concurrency)]
    return Proc(name, [*args, "--loglevel", "INFO", "--without-mingle", "--without-gossip"], env)


def compile_bytecode() -> float:
    """Bytecode for the project and its packages in PYCACHE (only what is missing or stale); returns seconds."""
    import sysconfig

    started = time.monotonic()
    folders = [
        sysconfig.get_paths()["purelib"],
        *(str(ROOT / app) for app in ("homenrich", "households", "expenses", "categorization", "chatbots", "bench")),
    ]
    env = {**os.environ, "PYTHONPYCACHEPREFIX": str(PYCACHE)}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    subprocess.run([PYTHON, "-m", "compileall", "-q", "-j", "0", *folders], env=env, cwd=ROOT, capture_output=True)
    return time.monotonic() - started


def manage(env: dict[str, str], *args: str, check: bool = True, timeout: float = 300) -> subprocess.CompletedProcess:
    result = subprocess.run(
        [PYTHON, "manage.py", *args], env=env, cwd=ROOT, capture_output=True, text=True, timeout=timeout
    )
    if check and result.returncode != 0:
        raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{result.stdout[-2000:]}\n{result.stderr[-4000:]}")
    return result


# -- memory ---------------------------------------------------------------------------------------------


def descendants(pid: int) -> list[int]:
    """pid and every process below it, read from /proc."""
    children: dict[int, list[int]] = {}
    for stat in glob.glob("/proc/[0-9]*/stat"):
        try:
            text = Path(stat).read_text()
        except OSError:
            continue
        fields = text[text.rfind(")") + 2 :].split()
        children.setdefault(int(fields[1]), []).append(int(stat.split("/")[2]))
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        todo.extend(children.get(current, []))
    return found


def pss_kib(pid: int) -> int:
    """Proportional set size: shared pages (e.g. after --preload) are split between the processes sharing them."""
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def process_name(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace").strip()
    except OSError:
        return "?"


# -- databases on the shared server ---------------------------------------------------------------------


def pg_connect(url: str, dbname: str = "postgres"):
    import psycopg

    base = url.rsplit("/", 1)[0] if url.count("/") > 2 else url
    return psycopg.connect(f"{base}/{dbname}", autocommit=True, connect_timeout=5)


def database_recreate(name: str, *, server: str = SHARED_POSTGRES) -> str:
    database_drop(name, server=server)
    with pg_connect(server) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return f"{server}/{name}"


def database_drop(name: str, *, server: str = SHARED_POSTGRES) -> None:
    with pg_connect(server) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


# -- throw-away servers for the fault drills ------------------------------------------------------------


def _pg_binary(name: str) -> str:
    versions = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), key=lambda p: int(p.split("/")[4]))
    if versions:
        return versions[-1]
    found = shutil.which(name)
    if not found:
        raise RuntimeError(f"{name} not found: install postgresql")
    return found


class ThrowawayPostgres:
    """A PostgreSQL cluster of its own in a temp folder, on another port: safe to stop and restart."""

    def __init__(self):
        self.port = free_port()
        self.dir = Path(tempfile.mkdtemp(prefix="hn-pg-"))
        self.data = self.dir / "data"
        self.log = self.dir / "postgres.log"
        self.url = f"postgres://postgres@127.0.0.1:{self.port}"

    def _run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        cmd = list(args)
        if os.geteuid() == 0:  # initdb and postgres refuse to run as root
            cmd = ["runuser", "-u", "postgres", "--", *cmd]
        result = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
        if check and result.returncode != 0:
            raise RuntimeError(f"{' '.join(args)} failed: {result.stdout}\n{result.stderr}\n{self.log_tail()}")
        return result

    def log_tail(self) -> str:
        with contextlib.suppress(OSError):
            return self.log.read_text(errors="replace")[-2000:]
        return ""

    def init(self) -> "ThrowawayPostgres":
        if os.geteuid() == 0:
            shutil.chown(self.dir, "postgres", "postgres")
        self._run(
            _pg_binary("initdb"), "-D", str(self.data), "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-locale"
        )
        return self

    def start(self) -> None:
        options = f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=60"
        self._run(
            _pg_binary("pg_ctl"), "-D", str(self.data), "-l", str(self.log), "-o", options, "-w", "-t", "30", "start"
        )

    def stop(self, mode: str = "fast") -> None:
        self._run(_pg_binary("pg_ctl"), "-D", str(self.data), "-m", mode, "-w", "-t", "30", "stop", check=False)

    def restart(self) -> None:
        self.stop()
        self.start()

    def destroy(self) -> None:
        self.stop("immediate")
        shutil.rmtree(self.dir, ignore_errors=True)

    def create_database(self, name: str) -> str:
        with pg_connect(self.url) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return f"{self.url}/{name}"


class ThrowawayRedis:
    """A redis-server of its own, nothing kept on disk: the drill may kill it and start it again."""

    def __init__(self):
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.proc: Proc | None = None

    def start(self) -> None:
        binary = shutil.which("redis-server")
        if not binary:
            raise RuntimeError("redis-server not found: install redis-server")
        args = [binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
        self.proc = Proc("redis", args, dict(os.environ))
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", self.port), timeout=0.5) as sock:
                sock.sendall(b"PING\r\n")
                if sock.recv(16).startswith(b"+PONG"):
                    return
            time.sleep(0.05)
        raise RuntimeError(f"throw-away redis did not start:\n{self.proc.log_tail()}")

    def kill(self) -> None:
        if self.proc:
            self.proc.stop(sig=signal.SIGKILL)
            self.proc = None
