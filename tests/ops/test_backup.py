"""The restore drill on a throw-away database: seed → backup_db → drop → restore_db → same rows and sums."""

import os
import subprocess
import sys

import psycopg
import pytest
from django.conf import settings

from tests.ops.conftest import ROOT

pytestmark = [pytest.mark.postgres, pytest.mark.slow]

# Sums that must survive to the won (and the dollar): money is what a ledger is for.
SUMS = {
    "expenses_entry": "amount_krw",
    "categorization_llmcall": "cost_usd",
    "expenses_budget": "amount_krw",
}


def server() -> dict[str, str]:
    db = settings.DATABASES["default"]
    return {
        "host": db["HOST"] or "127.0.0.1",
        "port": str(db["PORT"] or 5432),
        "user": db["USER"],
        "password": db.get("PASSWORD") or "",
    }


def url(name: str) -> str:
    s = server()
    auth = s["user"] + (f":{s['password']}" if s["password"] else "")
    return f"postgres://{auth}@{s['host']}:{s['port']}/{name}"


def admin_sql(sql: str) -> None:
    with psycopg.connect(**{k: v for k, v in server().items() if v}, dbname="postgres", autocommit=True) as conn:
        conn.execute(sql)


def manage(*args: str, database: str) -> subprocess.CompletedProcess:
    env = {key: value for key, value in os.environ.items() if not key.startswith(("CELERY_", "ANTHROPIC_"))}
    env.update(DATABASE_URL=url(database), REDIS_URL="")
    result = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result


def snapshot(database: str) -> dict[str, object]:
    """Row count of every table, the money sums, and each sequence's next value."""
    with psycopg.connect(**{k: v for k, v in server().items() if v}, dbname=database) as conn:
        tables = [row[0] for row in conn.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")]
        state: dict[str, object] = {}
        for table in tables:
            state[f"rows:{table}"] = conn.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]  # noqa: S608
        for table, column in SUMS.items():
            if table in tables:
                state[f"sum:{table}"] = conn.execute(f'SELECT sum("{column}") FROM "{table}"').fetchone()[0]  # noqa: S608
        for sequence, last_value in conn.execute(
            "SELECT sequencename, last_value FROM pg_sequences WHERE schemaname = 'public'"
        ):
            state[f"seq:{sequence}"] = last_value
    return state


@pytest.fixture
def drill_database():
    name = f"hn_ops_drill_{os.getpid()}"
    admin_sql(f'DROP DATABASE IF EXISTS "{name}"')
    admin_sql(f'CREATE DATABASE "{name}"')
    yield name
    admin_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_backup_drop_restore_gives_back_the_same_ledger(drill_database, tmp_path):
    manage("migrate", "--noinput", database=drill_database)
    manage("seed_demo", database=drill_database)
    before = snapshot(drill_database)
    assert before["rows:expenses_entry"] > 100 and before["sum:expenses_entry"] > 0

    archive = tmp_path / "homenrich.dump"
    output = manage("backup_db", "--output", str(archive), database=drill_database).stdout
    assert archive.stat().st_size > 0 and output.startswith(f"backup: {archive}")
    assert not list(tmp_path.glob("*.partial"))

    admin_sql(f'DROP DATABASE "{drill_database}" WITH (FORCE)')
    admin_sql(f'CREATE DATABASE "{drill_database}"')
    output = manage("restore_db", str(archive), database=drill_database).stdout
    assert output.startswith("restored:")

    assert snapshot(drill_database) == before
    # The restored database takes new writes: sequences continue after the restored ids.
    with psycopg.connect(**{k: v for k, v in server().items() if v}, dbname=drill_database) as conn:
        highest = conn.execute("SELECT max(id) FROM expenses_message").fetchone()[0]
        new_id = conn.execute(
            "INSERT INTO expenses_message (household_id, channel, raw_text, outcome, received_at)"
            " SELECT id, 'web', '복원 후 첫 기록', '', now() FROM households_household LIMIT 1 RETURNING id"
        ).fetchone()[0]
    assert new_id > highest


def test_restore_refuses_a_database_that_is_not_empty(drill_database, tmp_path):
    with psycopg.connect(**{k: v for k, v in server().items() if v}, dbname=drill_database) as conn:
        conn.execute("CREATE TABLE live_data (id int)")
    archive = tmp_path / "empty-schema.dump"
    manage("backup_db", "-o", str(archive), database=drill_database)
    env = {**os.environ, "DATABASE_URL": url(drill_database), "REDIS_URL": ""}
    result = subprocess.run(
        [sys.executable, "manage.py", "restore_db", str(archive)], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode != 0
    assert "복원할 데이터베이스가 비어 있지 않아요" in result.stderr


def test_backup_refuses_sqlite_with_a_clear_message(tmp_path):
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'x.sqlite3'}", "REDIS_URL": ""}
    result = subprocess.run(
        [sys.executable, "manage.py", "backup_db", "-o", str(tmp_path / "x.dump")],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0 and "PostgreSQL 데이터베이스에서만" in result.stderr
