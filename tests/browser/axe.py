"""axe-core from the npm registry, run inside a Playwright page.

The package is installed with npm at an exact version into .cache/npm (git-ignored) the first time a browser
test asks for it; CI gets node and npm from apt (.ci/run). The script is evaluated through the DevTools
protocol, so the page keeps its Content Security Policy (an injected <script> tag would need `bypass_csp`,
and then screenshots would show inline styles the real page refuses).
"""

import json
import shutil
import subprocess
from functools import cache
from pathlib import Path

AXE_VERSION = "4.14.1"
ROOT = Path(__file__).resolve().parents[2]
PREFIX = ROOT / ".cache" / "npm"
PACKAGE = PREFIX / "node_modules" / "axe-core"
# What fails a page: WCAG 2.x A/AA and axe's best practices, at these impacts.
FAILING_IMPACTS = ("serious", "critical")
RUN_OPTIONS = {"resultTypes": ["violations"], "rules": {"target-size": {"enabled": True}}}


class AxeUnavailable(RuntimeError):
    pass


def _installed_version() -> str | None:
    try:
        return json.loads((PACKAGE / "package.json").read_text())["version"]
    except (OSError, ValueError, KeyError):
        return None


@cache
def axe_source() -> str:
    """The text of axe.min.js at AXE_VERSION, installed from the npm registry when missing."""
    if _installed_version() != AXE_VERSION:
        npm = shutil.which("npm")
        if npm is None:
            raise AxeUnavailable("needs npm to install axe-core (apt-get install nodejs npm)")
        PREFIX.mkdir(parents=True, exist_ok=True)
        done = subprocess.run(
            [
                npm,
                "install",
                "--prefix",
                str(PREFIX),
                "--no-save",
                "--no-audit",
                "--no-fund",
                "--loglevel=error",
                f"axe-core@{AXE_VERSION}",
            ],
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        if done.returncode != 0 or _installed_version() != AXE_VERSION:
            raise AxeUnavailable(f"npm could not install axe-core@{AXE_VERSION}: {done.stderr.strip()[-800:]}")
    return (PACKAGE / "axe.min.js").read_text(encoding="utf-8")


def axe_violations(page) -> list[dict]:
    """Runs axe on the page as it is now; the violations at a failing impact."""
    if not page.evaluate("typeof window.axe === 'object'"):
        page.evaluate(axe_source())
    results = page.evaluate("options => axe.run(document, options)", RUN_OPTIONS)
    return [v for v in results["violations"] if v.get("impact") in FAILING_IMPACTS]


def describe(violations: list[dict]) -> str:
    """One paragraph per rule: id, impact, help text, and the selectors of the elements (at most 8)."""
    lines = []
    for violation in violations:
        targets = [" ".join(map(str, node["target"])) for node in violation["nodes"]]
        shown = ", ".join(targets[:8]) + (f" (+{len(targets) - 8} more)" if len(targets) > 8 else "")
        lines.append(f"{violation['id']} [{violation['impact']}] {violation['help']}: {shown}")
    return "\n".join(lines)
