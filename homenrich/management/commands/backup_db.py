"""A compressed logical backup of the PostgreSQL database (pg_dump custom format), checked after writing."""

import datetime as dt
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import environ
from django.core.management.base import BaseCommand, CommandError
from django.db import connections

PG_DUMP_TIMEOUT_SECONDS = 3600


def pg_environment(alias: str = "default", database_url: str = "") -> dict[str, str]:
    """libpq variables for pg_dump/pg_restore: the password travels in the environment, never in argv."""
    settings_dict = environ.Env.db_url_config(database_url) if database_url else connections[alias].settings_dict
    if settings_dict["ENGINE"] != "django.db.backends.postgresql":
        raise CommandError("PostgreSQL 데이터베이스에서만 백업·복원할 수 있어요 (DATABASE_URL=postgres://…).")
    env = {**os.environ}
    values = {
        "PGHOST": settings_dict.get("HOST") or "",
        "PGPORT": str(settings_dict.get("PORT") or ""),
        "PGUSER": settings_dict.get("USER") or "",
        "PGPASSWORD": settings_dict.get("PASSWORD") or "",
        "PGDATABASE": settings_dict.get("NAME") or "",
        "PGSSLMODE": (settings_dict.get("OPTIONS") or {}).get("sslmode", ""),
        "PGCONNECT_TIMEOUT": "10",
    }
    env.update({key: value for key, value in values.items() if value})
    return env


def pg_tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise CommandError(f"{name}가 없어요: postgresql-client를 설치하세요 (서버와 같거나 더 새 버전).")
    return path


class Command(BaseCommand):
    help = "데이터베이스를 pg_dump 사용자 지정 형식(압축)으로 백업합니다. 복원은 restore_db."

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            "-o",
            default="",
            help="백업 파일 경로 (기본: backups/homenrich-<UTC 시각>.dump). '-'이면 표준 출력으로 보냅니다.",
        )
        parser.add_argument("--database-url", default="", help="설정 대신 이 데이터베이스를 백업합니다.")
        parser.add_argument("--compress", type=int, default=6, choices=range(10), metavar="0-9")

    def handle(self, *args, output: str, database_url: str, compress: int, **options):
        env = pg_environment(database_url=database_url)
        command = [pg_tool("pg_dump"), "--format=custom", f"--compress={compress}", "--no-owner", "--no-privileges"]
        if output == "-":
            # Streams to a file elsewhere, e.g. `fly ssh console -C "… backup_db -o -" > x.dump`.
            result = subprocess.run(command, env=env, stdout=sys.stdout.buffer, check=False)  # noqa: S603
            if result.returncode:
                raise CommandError(f"pg_dump 실패 (종료 코드 {result.returncode})")
            return
        stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
        path = Path(output or f"backups/homenrich-{stamp}.dump")
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(path.name + ".partial")
        started = time.monotonic()
        try:
            # A half-written file never carries the final name: a crash leaves only *.partial behind.
            subprocess.run(  # noqa: S603
                [*command, f"--file={partial}"],
                env=env,
                check=True,
                capture_output=True,
                timeout=PG_DUMP_TIMEOUT_SECONDS,
            )
            # The archive must be readable by pg_restore, or it is not a backup.
            listing = subprocess.run(  # noqa: S603
                [pg_tool("pg_restore"), "--list", str(partial)], check=True, capture_output=True, timeout=300
            )
        except subprocess.CalledProcessError as error:
            partial.unlink(missing_ok=True)
            raise CommandError(f"백업 실패: {error.stderr.decode(errors='replace').strip()}") from error
        partial.replace(path)
        tables = sum(1 for line in listing.stdout.decode(errors="replace").splitlines() if " TABLE DATA " in line)
        self.stdout.write(
            f"backup: {path} ({path.stat().st_size:,} bytes, {tables} tables, {time.monotonic() - started:.1f} s)"
        )
