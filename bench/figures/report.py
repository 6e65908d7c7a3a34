"""The report: figures judged against their targets, printed as a table or JSON."""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from figures.common import GIB, MIB, TARGETS


@dataclass
class Figure:
    """One row of the result table."""

    figure: str
    measured: float | None
    unit: str
    target: str = ""
    status: str = "info"
    note: str = ""

    def cells(self) -> tuple[str, str, str, str]:
        return (self.figure, format_value(self.measured, self.unit), self.target or "-", self.status)


@dataclass
class Report:
    """Everything one run measured."""

    meta: dict[str, Any] = field(default_factory=dict)
    figures: list[Figure] = field(default_factory=list)
    scale: list[dict[str, Any]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def add(
        self, figure: str, measured: float | None, unit: str, key: str | None = None, note: str = ""
    ) -> None:
        target, status = judge(key, measured) if key else ("", "info")
        self.figures.append(Figure(figure, measured, unit, target, status, note))

    def to_dict(self) -> dict[str, Any]:
        return {
            "meta": self.meta,
            "figures": [asdict(f) for f in self.figures],
            "scale": self.scale,
            "notes": self.notes,
        }


def judge(key: str, measured: float | None) -> tuple[str, str]:
    """Return the target text and PASS/MISS for a measured value."""
    op, value = TARGETS[key]
    if key.endswith("rss"):
        unit = "B"
    elif key.endswith("recall10"):
        unit = "share"
    elif key.endswith("ratio"):
        unit = "ratio"
    else:
        unit = "ms" if key.startswith(("search", "scale", "help", "seeds")) else "/s"
    target = f"{op} {format_value(value, unit)}"
    if measured is None:
        return target, "n/a"
    ok = measured >= value if op == ">=" else measured <= value
    return target, "PASS" if ok else "MISS"


def format_value(value: float | None, unit: str) -> str:
    if value is None:
        return "n/a"
    if unit == "B":
        return f"{value / GIB:.2f} GiB" if value >= GIB else f"{value / MIB:.0f} MiB"
    if unit == "ms":
        return f"{value:.1f} ms" if value < 100 else f"{value:.0f} ms"
    if unit == "/s":
        return f"{value:,.0f}/s"
    if unit == "ratio":
        return f"{value:.2f}"
    if unit == "share":
        return f"{value:.3f}"
    if unit == "count":
        return f"{value:,.0f}"
    return f"{value:g} {unit}".strip()


def render_table(report: Report) -> str:
    """The report as plain text: one table of figures, the scale growth table, then the notes."""
    lines = []
    meta = report.meta
    lines.append(
        f"quotefind benchmark - corpus {meta.get('corpus')}: {meta.get('articles', 0):,} articles, "
        f"{meta.get('statements', 0):,} statements; {meta.get('machine')}, Python {meta.get('python')}, "
        f"commit {meta.get('commit')}"
    )
    lines.append(
        f"load average (1/5/15 min) at start {meta.get('load_at_start')}, "
        f"after the standard figures {meta.get('load_before_scale')}"
        + (f", at end {meta['load_at_end']}" if meta.get("load_at_end") else "")
        + f" on {os.cpu_count()} CPUs"
    )
    lines.append("")
    lines += _grid(("figure", "measured", "target", "result"), [f.cells() for f in report.figures])
    if report.scale:
        lines.append("")
        lines.append("Scale (search latency in ms, memory and size in MiB):")
        keys = sorted(
            {k for r in report.scale for k in r if k.endswith(("p50", "p95")) or k.startswith("recall@")},
            key=lambda k: (" cpu " in k, k),
        )
        header = ("statements", "articles", "build/s", "build RSS", "index size", "search RSS", *keys)
        rows = []
        for r in report.scale:
            rows.append(
                (
                    f"{r['statements']:,}",
                    f"{r['articles']:,}",
                    f"{r['build_rate']:,.0f}" if r.get("build_rate") else "n/a",
                    f"{r['build_peak_rss'] / MIB:.0f}",
                    f"{r['index_size'] / MIB:.0f}",
                    f"{r['search_peak_rss'] / MIB:.0f}",
                    *(_cell(r.get(k), k) for k in keys),
                )
            )
        lines += _grid(header, rows)
    if report.notes:
        lines.append("")
        lines += [f"- {n}" for n in report.notes]
    return "\n".join(lines)


def _cell(value: float | None, key: str) -> str:
    if value is None:
        return "n/a"
    return f"{value:.3f}" if key.startswith("recall@") else f"{value:.1f}"


def _grid(header: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    widths = [max(len(str(c)) for c in col) for col in zip(header, *rows, strict=False)]
    right = [i > 0 for i in range(len(header))]

    def line(cells: Sequence[str]) -> str:
        return "  ".join(
            (str(c).rjust(w) if r else str(c).ljust(w)) for c, w, r in zip(cells, widths, right, strict=False)
        ).rstrip()

    return [line(header), line(["-" * w for w in widths]), *(line(r) for r in rows)]
