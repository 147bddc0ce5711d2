"""The architecture contract: layers, the pure parser, one writer per model, and no import cycles.

The contracts live in pyproject.toml ([tool.importlinter]); `lint-imports` checks them by hand and this
file in `make test`. Each contract is also shown to fail on a violation planted in the import graph,
so a contract that can no longer fail is noticed.
"""

import ast
import copy
from functools import cache
from pathlib import Path

import grimp
import pytest
from importlinter.api import read_configuration
from importlinter.contracts.acyclic_siblings import AcyclicSiblingsContract
from importlinter.contracts.forbidden import ForbiddenContract

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("homenrich", "households", "expenses", "categorization", "chatbots")
CONTRACT_TYPES = {"forbidden": ForbiddenContract, "acyclic_siblings": AcyclicSiblingsContract}


@cache
def _configuration() -> dict:
    return read_configuration(str(ROOT / "pyproject.toml"))


@cache
def _graph() -> grimp.ImportGraph:
    return grimp.build_graph(
        *PACKAGES, include_external_packages=True, exclude_type_checking_imports=True, cache_dir=None
    )


def _broken(graph: grimp.ImportGraph) -> list[str]:
    config = _configuration()
    broken = []
    for options in config["contracts_options"]:
        contract = CONTRACT_TYPES[options["type"]](
            name=options["name"], session_options=config["session_options"], contract_options=options
        )
        if not contract.check(copy.deepcopy(graph), verbose=False).kept:
            broken.append(options["name"])
    return broken


def test_every_contract_is_kept():
    assert _broken(_graph()) == []


@pytest.mark.parametrize(
    ("importer", "imported", "contract"),
    [
        ("expenses.parser.dates", "django", "The Korean parser is pure Python"),
        ("expenses.parser.core", "expenses.models", "The Korean parser is pure Python"),
        ("categorization.llm", "expenses.models", "Categorization decides"),
        ("households.services", "expenses.entries.services", "Households come first"),
        ("expenses.entries.services", "chatbots.services", "The ledger knows nothing of the chat"),
        ("households.models", "households.services", "Models hold data"),
        ("expenses.entries.services", "expenses.entries.views", "Services and selectors never reach up"),
        ("chatbots.services", "chatbots.tasks", "Services and selectors never reach up"),
        ("expenses.budgets.services", "expenses.entries.rules", "No cycles between the parts"),
        ("chatbots.telegram_hook", "chatbots.tasks", "No cycles between the parts"),
        # The matching rules decide, the entries' services apply: never the other way round.
        ("expenses.payments.matching", "expenses.entries.services", "No cycles between the parts"),
        ("expenses.statements.services", "expenses.statements.views", "Services and selectors never reach up"),
        ("expenses.parser.notifications", "expenses.payments.matching", "The Korean parser is pure Python"),
    ],
)
def test_a_planted_violation_breaks_its_contract(importer, imported, contract):
    graph = copy.deepcopy(_graph())
    graph.add_import(importer=importer, imported=imported)
    assert any(name.startswith(contract) for name in _broken(graph))


def _cycles(graph: grimp.ImportGraph) -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan), among the project's own modules."""
    modules = sorted(m for m in graph.modules if m.split(".")[0] in PACKAGES)
    edges = {
        m: sorted(i for i in graph.find_modules_directly_imported_by(m) if i.split(".")[0] in PACKAGES) for m in modules
    }
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        for other in edges[module]:
            if other not in index:
                visit(other)
                low[module] = min(low[module], low[other])
            elif other in on_stack:
                low[module] = min(low[module], index[other])
        if low[module] == index[module]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == module:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for module in modules:
        if module not in index:
            visit(module)
    return groups


def _without_package_inits(graph: grimp.ImportGraph) -> grimp.ImportGraph:
    """A package's __init__ importing its own children (celery_app, parse_message) is not a cycle of logic."""
    graph = copy.deepcopy(graph)
    for module in list(graph.modules):
        for imported in list(graph.find_modules_directly_imported_by(module)):
            if imported.startswith(module + "."):
                graph.remove_import(importer=module, imported=imported)
    return graph


def test_no_module_imports_a_module_that_imports_it_back():
    assert _cycles(_without_package_inits(_graph())) == []


def test_a_planted_cycle_is_found():
    graph = _without_package_inits(_graph())
    graph.add_import(importer="expenses.models", imported="expenses.entries.services")
    assert any("expenses.models" in group for group in _cycles(graph))


# Imports inside functions, each with the reason it is not at the top of its module. Anything else
# (an import placed in a function to dodge a cycle) fails the test below.
FUNCTION_IMPORTS = {
    ("homenrich/apps.py", "."): "AppConfig.ready() connects receivers once the models are loaded (Django's way)",
    ("chatbots/apps.py", "."): "AppConfig.ready() connects receivers once the models are loaded (Django's way)",
    ("homenrich/logging.py", "sentry_sdk"): "an optional integration, loaded only when configured",
    ("homenrich/logging.py", "sentry_sdk.scrubber"): "an optional integration, loaded only when configured",
    ("homenrich/gunicorn.conf.py", "django.db"): "gunicorn's master hooks run before Django is set up",
    ("homenrich/gunicorn.conf.py", "django.urls"): "gunicorn's master hooks run before Django is set up",
    ("homenrich/__init__.py", ".celery"): "Celery is ~0.4 s of a cold start: loaded when first asked for",
    ("homenrich/dispatch.py", ".celery"): "a web process loads Celery when it first queues a task, not at start",
    ("expenses/statements/reading.py", "openpyxl"): "~80 ms of start-up only a card statement upload needs",
    ("expenses/statements/reading.py", "openpyxl.utils.exceptions"): "as openpyxl above",
}


def _function_imports() -> set[tuple[str, str]]:
    found = set()
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            tree = ast.parse(path.read_text("utf-8"))
            for function in ast.walk(tree):
                if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
                    continue
                for node in ast.walk(function):
                    if isinstance(node, ast.Import):
                        found |= {(str(path.relative_to(ROOT)), alias.name) for alias in node.names}
                    elif isinstance(node, ast.ImportFrom):
                        found.add((str(path.relative_to(ROOT)), "." * node.level + (node.module or "")))
    return found


def test_no_import_hides_inside_a_function():
    assert _function_imports() == set(FUNCTION_IMPORTS)
