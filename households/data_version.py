"""The household's data version, moved by the database itself on every write that changes what pages show.

Cache keys carry `Household.data_version` (the stats page is cached under it), so it must move on
every write of an entry, budget, category, membership or recurring rule — whichever door wrote it:
a service, the admin, the importer's bulk inserts, a Celery task's queryset update, a raw statement.
Triggers do that in one place. PostgreSQL runs one statement-level trigger per write statement (a
bulk insert of 1,000 entries moves the version once); SQLite, the embedded default, has row triggers
only. The household row moves itself when its own settings change.

Installed by migrations (households 0002, expenses 0005) through `install` / `uninstall`.
"""

TRACKED = (
    "expenses_paymentmethod",
    "households_membership",
    "households_category",
    "expenses_entry",
    "expenses_budget",
    "expenses_recurringrule",
)
HOUSEHOLD_SETTINGS = ("name", "month_start_day", "llm_enabled", "llm_monthly_budget_usd")

_PG_BUMP = """
CREATE OR REPLACE FUNCTION homenrich_bump_{name}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- In id order, so two statements touching the same households never wait on each other in a circle.
    PERFORM 1 FROM households_household
     WHERE id IN (SELECT DISTINCT household_id FROM {rows}) ORDER BY id FOR UPDATE;
    UPDATE households_household SET data_version = data_version + 1
     WHERE id IN (SELECT DISTINCT household_id FROM {rows});
    RETURN NULL;
END $$;
"""
_PG_FUNCTIONS = (
    _PG_BUMP.format(name="new", rows="new_rows")
    + _PG_BUMP.format(name="old", rows="old_rows")
    + """
CREATE OR REPLACE FUNCTION homenrich_bump_self() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.data_version = OLD.data_version
       AND (NEW.name, NEW.month_start_day, NEW.llm_enabled, NEW.llm_monthly_budget_usd)
           IS DISTINCT FROM (OLD.name, OLD.month_start_day, OLD.llm_enabled, OLD.llm_monthly_budget_usd) THEN
        NEW.data_version := OLD.data_version + 1;
    END IF;
    RETURN NEW;
END $$;
"""
)


def _pg_install(table: str) -> list[str]:
    return [
        f"CREATE TRIGGER {table}_v_ins AFTER INSERT ON {table} REFERENCING NEW TABLE AS new_rows"
        " FOR EACH STATEMENT EXECUTE FUNCTION homenrich_bump_new()",
        f"CREATE TRIGGER {table}_v_upd AFTER UPDATE ON {table} REFERENCING NEW TABLE AS new_rows"
        " FOR EACH STATEMENT EXECUTE FUNCTION homenrich_bump_new()",
        f"CREATE TRIGGER {table}_v_del AFTER DELETE ON {table} REFERENCING OLD TABLE AS old_rows"
        " FOR EACH STATEMENT EXECUTE FUNCTION homenrich_bump_old()",
    ]


def _sqlite_install(table: str) -> list[str]:
    bump = "UPDATE households_household SET data_version = data_version + 1 WHERE id = {row}.household_id;"
    return [
        f"CREATE TRIGGER {table}_v_ins AFTER INSERT ON {table} FOR EACH ROW BEGIN {bump.format(row='NEW')} END",
        f"CREATE TRIGGER {table}_v_upd AFTER UPDATE ON {table} FOR EACH ROW BEGIN {bump.format(row='NEW')} END",
        f"CREATE TRIGGER {table}_v_del AFTER DELETE ON {table} FOR EACH ROW BEGIN {bump.format(row='OLD')} END",
    ]


def _statements(vendor: str, tables: tuple[str, ...], *, household: bool) -> list[str]:
    statements: list[str] = []
    if vendor == "postgresql":
        statements.append(_PG_FUNCTIONS)
        if household:
            statements.append(
                "CREATE TRIGGER households_household_v_self BEFORE UPDATE ON households_household"
                " FOR EACH ROW EXECUTE FUNCTION homenrich_bump_self()"
            )
        for table in tables:
            statements += _pg_install(table)
    elif vendor == "sqlite":
        if household:
            columns = ", ".join(HOUSEHOLD_SETTINGS)
            bump = "UPDATE households_household SET data_version = data_version + 1 WHERE id = NEW.id;"
            statements.append(
                f"CREATE TRIGGER households_household_v_self AFTER UPDATE OF {columns} ON households_household"
                f" FOR EACH ROW WHEN NEW.data_version = OLD.data_version BEGIN {bump} END"
            )
        for table in tables:
            statements += _sqlite_install(table)
    else:
        raise NotImplementedError(f"data version triggers for {vendor}")
    return statements


def install(schema_editor, tables: tuple[str, ...], *, household: bool = False) -> None:
    for statement in _statements(schema_editor.connection.vendor, tables, household=household):
        schema_editor.execute(statement)


def uninstall(schema_editor, tables: tuple[str, ...], *, household: bool = False) -> None:
    vendor = schema_editor.connection.vendor
    names = [f"{table}_v_{event}" for table in tables for event in ("ins", "upd", "del")]
    for table, name in [(t, n) for t in tables for n in names if n.startswith(t)]:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {name}" + (f" ON {table}" if vendor == "postgresql" else ""))
    if household:
        on = " ON households_household" if vendor == "postgresql" else ""
        schema_editor.execute(f"DROP TRIGGER IF EXISTS households_household_v_self{on}")
