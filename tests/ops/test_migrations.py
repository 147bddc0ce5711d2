"""Migrations run (release_command) while the previous version still serves: they must only expand.

A migration that drops or renames something the old code reads, or adds a NOT NULL column the old
code does not fill, breaks the live site for the length of a deploy. Such changes belong to a later
release ("contract"), marked by `contract_phase = True` on the Migration class (docs/operations.md).
"""

import pytest
from django.db import models
from django.db.migrations import operations
from django.db.migrations.loader import MigrationLoader

PROJECT_APPS = {"households", "expenses", "categorization", "chatbots", "homenrich"}
DESTRUCTIVE = (
    operations.RemoveField,
    operations.DeleteModel,
    operations.RenameField,
    operations.RenameModel,
    operations.AlterModelTable,
)


def unsafe_operations(loader: MigrationLoader, key: tuple[str, str]) -> list[str]:
    migration = loader.graph.nodes[key]
    if getattr(migration, "initial", False) or getattr(migration, "contract_phase", False):
        return []
    created = {op.name_lower for op in migration.operations if isinstance(op, operations.CreateModel)}
    before = loader.project_state(key, at_end=False)
    found = []
    for op in migration.operations:
        where = f"{key[0]}.{key[1]}: {op.describe()}"
        if isinstance(op, DESTRUCTIVE):
            found.append(where)
        elif isinstance(op, operations.AddField) and op.model_name_lower not in created:
            field = op.field
            if not field.null and not field.has_db_default() and not isinstance(field, models.ManyToManyField):
                found.append(f"{where} (NOT NULL without db_default)")
        elif isinstance(op, operations.AlterField):
            old = before.models[key[0], op.model_name_lower].fields.get(op.name)
            if old is not None and old.null and not op.field.null:
                found.append(f"{where} (becomes NOT NULL)")
    return found


def test_every_migration_is_safe_to_run_under_the_previous_release():
    loader = MigrationLoader(None, ignore_no_migrations=True)
    keys = sorted(key for key in loader.graph.nodes if key[0] in PROJECT_APPS)
    assert keys, "no project migrations found"
    problems = [problem for key in keys for problem in unsafe_operations(loader, key)]
    assert problems == [], "\n".join(problems)


@pytest.mark.parametrize(
    "operation",
    [
        operations.RemoveField("entry", "memo"),
        operations.RenameField("entry", "memo", "note"),
        operations.AddField("entry", "source_ip", models.CharField(max_length=40, default="")),
        operations.AlterField("entry", "message", models.ForeignKey("expenses.Message", models.SET_NULL)),
    ],
    ids=["remove", "rename", "not-null-add", "becomes-not-null"],
)
def test_the_check_catches_what_would_break_the_old_code(operation):
    loader = MigrationLoader(None, ignore_no_migrations=True)
    latest = max(key for key in loader.graph.leaf_nodes() if key[0] == "expenses")
    migration = type("Migration", (loader.graph.nodes[latest].__class__,), {})("9999_probe", "expenses")
    migration.operations = [operation]
    migration.dependencies = [latest]
    loader.graph.add_node(("expenses", "9999_probe"), migration)
    loader.graph.add_dependency(migration, ("expenses", "9999_probe"), latest)
    assert len(unsafe_operations(loader, ("expenses", "9999_probe"))) == 1
    migration.contract_phase = True
    assert unsafe_operations(loader, ("expenses", "9999_probe")) == []


def test_a_nullable_column_or_one_with_a_database_default_is_fine():
    loader = MigrationLoader(None, ignore_no_migrations=True)
    latest = max(key for key in loader.graph.leaf_nodes() if key[0] == "expenses")
    migration = type("Migration", (loader.graph.nodes[latest].__class__,), {})("9999_probe", "expenses")
    migration.operations = [
        operations.AddField("entry", "note", models.CharField(max_length=40, null=True)),
        operations.AddField("entry", "flag", models.BooleanField(db_default=False)),
    ]
    migration.dependencies = [latest]
    loader.graph.add_node(("expenses", "9999_probe"), migration)
    loader.graph.add_dependency(migration, ("expenses", "9999_probe"), latest)
    assert unsafe_operations(loader, ("expenses", "9999_probe")) == []
