"""The benchmark's output: one row per figure (value, goal, same-run baseline), printed and written as JSON.

`python -m bench.report` prints the last run (bench/latest.json) as a Markdown table.
"""

import json
import math
import os
import platform
from dataclasses import asdict, dataclass, field
from pathlib import Path

LATEST = Path(__file__).resolve().parent / "latest.json"


@dataclass
class Figure:
    key: str
    figure: str
    value: str  # as printed
    goal: str  # as printed; "—" where the issues set none
    baseline: str  # the same-run baseline, as printed
    ok: bool | None  # None: no goal, or not measured
    number: float | None = None  # the value compared with the goal
    details: dict = field(default_factory=dict)


class Report:
    def __init__(self, mode: str):
        self.mode = mode
        self.figures: list[Figure] = []
        self.notes: list[str] = []
        self.context: dict = {}

    def add(self, figure: Figure) -> None:
        self.figures.append(figure)
        mark = {True: "ok", False: "MISSED", None: "—"}[figure.ok]
        print(f"  {figure.figure}: {figure.value} (goal {figure.goal}; baseline {figure.baseline}) {mark}", flush=True)

    def skip(self, key: str, figure: str, goal: str, reason: str) -> None:
        self.add(Figure(key=key, figure=figure, value="not measured", goal=goal, baseline=reason, ok=None))

    def note(self, text: str) -> None:
        self.notes.append(text)
        print(f"  note: {text}", flush=True)

    def table(self) -> str:
        rows = [("figure", "value", "goal", "same-run baseline", "")]
        rows += [
            (f.figure, f.value, f.goal, f.baseline, {True: "ok", False: "MISSED", None: ""}[f.ok]) for f in self.figures
        ]
        widths = [max(_width(row[i]) for row in rows) for i in range(5)]
        lines = []
        for n, row in enumerate(rows):
            lines.append("  ".join(_pad(cell, widths[i]) for i, cell in enumerate(row)).rstrip())
            if n == 0:
                lines.append("  ".join("-" * w for w in widths))
        return "\n".join(lines)

    def write(self, path: Path = LATEST) -> None:
        data = {
            "mode": self.mode,
            "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), **self.context},
            "figures": [_clean(asdict(f)) for f in self.figures],
            "notes": self.notes,
        }
        tmp = path.with_suffix(".json.tmp")
        tmp.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        tmp.replace(path)


def _clean(value):
    if isinstance(value, float):
        return None if math.isnan(value) or math.isinf(value) else round(value, 4)
    if isinstance(value, dict):
        return {str(k): _clean(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_clean(v) for v in value]
    return value


def _width(text: str) -> int:
    # Hangul and other wide characters take two columns in a terminal.
    return sum(2 if "\u1100" <= ch <= "\uffdc" and not "\u2000" <= ch <= "\u2bff" else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))


def ms(value: float | None) -> str:
    if value is None or math.isnan(value):
        return "n/a"
    return f"{value:.1f} ms" if value < 100 else f"{value:,.0f} ms"


def ratio(value: float) -> str:
    return f"{value:.2f}×"


def markdown(path: Path = LATEST) -> str:
    """The figures of a written run as a Markdown table, e.g. for the README."""
    import json

    data = json.loads(path.read_text(encoding="utf-8"))
    mark = {True: "ok", False: "missed", None: ""}
    lines = ["| figure | value | goal | same-run baseline | |", "|---|---|---|---|---|"]
    for f in data["figures"]:
        cells = [f["figure"], f["value"], f["goal"], f["baseline"], mark[f["ok"]]]
        lines.append("| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |")
    machine = data["machine"]
    lines.append("")
    lines.append(
        f"{data['mode']} run, {machine.get('seconds', '?')} s on {machine.get('cpus')} CPUs, PostgreSQL "
        f"{str(machine.get('postgres', '?')).split()[0]}, "
        f"one committed INSERT {machine.get('commit_round_trip_ms')} ms, "
        f"{machine.get('entries', 0):,} entries over {machine.get('households', 0):,} households."
    )
    return "\n".join(lines)


if __name__ == "__main__":
    print(markdown())
