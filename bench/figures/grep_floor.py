"""The floor: how long `grep -rilF` takes to find an exact phrase in the raw files."""

from __future__ import annotations

import shutil
import statistics
from collections.abc import Sequence
from pathlib import Path

from figures.common import Options, time_process
from figures.report import Report


def measure(opts: Options, report: Report, paths: Sequence[Path], queries: dict[str, list[str]]) -> None:
    """Time grep over the corpus files for some of the phrase queries."""
    say = opts.progress
    say("grep floor")
    grep = shutil.which("grep")
    if grep:
        phrases = queries["phrase"][: max(3, opts.queries // 3)]
        times = []
        for phrase in phrases:
            times += time_process(
                [grep, "-rilF", "--include=*.txt", phrase, *map(str, paths)], 1, ok_codes=(0, 1)
            )
        report.add("floor: grep -rilF exact phrase, median", statistics.median(times), "ms", note="raw files")
    else:
        report.notes.append("No grep on PATH: the grep floor was not measured.")
