"""Restores a backup_db archive into an empty PostgreSQL database, all or nothing, then counts what came back."""

import subprocess
import time
from pathlib import Path

import psycopg
from django.core.management.base import BaseCommand, CommandError

from .backup_db import pg_environment, pg_tool

PG_RESTORE_TIMEOUT_SECONDS = 3600


def _conninfo(env: dict[str, str]) -> dict[str, str]:
    keys = {"PGHOST": "host", "PGPORT": "port", "PGUSER": "user", "PGPASSWORD": "password", "PGDATABASE": "dbname"}
    return {name: env[key] for key, name in keys.items() if env.get(key)} | {"connect_timeout": "10"}


def user_tables(env: dict[str, str]) -> dict[str, int]:
    """Every table outside the system schemas, with its exact row count."""
    with psycopg.connect(**_conninfo(env), autocommit=True) as connection:
        names = connection.execute(
            "SELECT quote_ident(schemaname) || '.' || quote_ident(tablename) FROM pg_tables"
            " WHERE schemaname NOT IN ('pg_catalog', 'information_schema') ORDER BY 1"
        ).fetchall()
        # Names come from pg_tables and are quoted by quote_ident() above.
        return {name: connection.execute(f"SELECT count(*) FROM {name}").fetchone()[0] for (name,) in names}  # noqa: S608


class Command(BaseCommand):
    help = "backup_db로 만든 백업을 빈 데이터베이스에 복원합니다 (한 트랜잭션: 실패하면 아무것도 남지 않아요)."

    def add_arguments(self, parser):
        parser.add_argument("archive", help="backup_db가 만든 .dump 파일")
        parser.add_argument(
            "--database-url",
            default="",
            help="복원할 빈 데이터베이스 (기본: 설정의 DATABASE_URL). 먼저 createdb로 만들어 두세요.",
        )

    def handle(self, *args, archive: str, database_url: str, **options):
        path = Path(archive)
        if not path.is_file():
            raise CommandError(f"백업 파일이 없어요: {path}")
        env = pg_environment(database_url=database_url)
        try:
            existing = user_tables(env)
        except psycopg.Error as error:
            raise CommandError(f"데이터베이스에 연결할 수 없어요: {error}") from error
        if existing:
            # Restoring over live data would mix two states of the ledger: refuse, never merge.
            raise CommandError(
                f"복원할 데이터베이스가 비어 있지 않아요 (테이블 {len(existing)}개). 빈 데이터베이스를 새로 만드세요."
            )
        started = time.monotonic()
        try:
            subprocess.run(  # noqa: S603
                [
                    pg_tool("pg_restore"),
                    "--no-owner",
                    "--no-privileges",
                    "--exit-on-error",
                    "--single-transaction",
                    f"--dbname={env['PGDATABASE']}",
                    str(path),
                ],
                env=env,
                check=True,
                capture_output=True,
                timeout=PG_RESTORE_TIMEOUT_SECONDS,
            )
        except subprocess.CalledProcessError as error:
            raise CommandError(
                f"복원 실패 (아무것도 바뀌지 않았어요): {error.stderr.decode(errors='replace').strip()}"
            ) from error
        restored = user_tables(env)
        rows = sum(restored.values())
        self.stdout.write(
            f"restored: {path} → {env['PGDATABASE']} ({len(restored)} tables, {rows:,} rows, "
            f"{time.monotonic() - started:.1f} s)"
        )
